import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretEnv } from '../secret-env';
import type { StackSettings } from '../settings';
import { seedRelease, seedStackSettings } from '../../testing/seed-stack-settings';
import { renderSentryConfPy } from './sentry-conf-py';

const sample: StackSettings = seedStackSettings;

/** Distinct values for every secret variable, so a test can see where each one ends up. */
const secretValues: Record<string, string> = Object.fromEntries(
  Object.keys(secretEnv).map((name) => [name, `value-of-${name}`]),
);

const secretsWithout = (missing: string) =>
  Object.fromEntries(Object.entries(secretValues).filter(([name]) => name !== missing));

let workDir: string;

beforeAll(() => {
  // A stand-in for `sentry.conf.server`: just the dicts sentry.conf.py extends.
  workDir = mkdtempSync(join(tmpdir(), 'sentry-conf-py-'));
  mkdirSync(join(workDir, 'sentry', 'conf'), { recursive: true });
  writeFileSync(join(workDir, 'sentry', '__init__.py'), '');
  writeFileSync(join(workDir, 'sentry', 'conf', '__init__.py'), '');
  writeFileSync(
    join(workDir, 'sentry', 'conf', 'server.py'),
    'SENTRY_OPTIONS = {}\nSENTRY_FEATURES = {}\nKAFKA_CLUSTERS = {}\n',
  );
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs the rendered file as Sentry would import it and returns its settings (JSON turns tuples into lists). */
function loadSettings(settings: StackSettings, env: Record<string, string> = secretValues) {
  const result = runConf(settings, env);
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

function runConf(settings: StackSettings, env: Record<string, string>) {
  const confPath = join(workDir, 'sentry.conf.py');
  writeFileSync(confPath, renderSentryConfPy(settings, seedRelease));
  const script = [
    'import json, runpy, sys',
    'settings = runpy.run_path(sys.argv[1])',
    'out = {name: value for name, value in settings.items() if name.isupper()}',
    'hosts = settings["SENTRY_OPTIONS"]["redis.clusters"]["default"]["hosts"]',
    'out["redis_host_key_types"] = [type(key).__name__ for key in hosts]',
    'out["github_app_id_type"] = type(settings["SENTRY_OPTIONS"].get("github-app.id")).__name__',
    'print(json.dumps(out))',
  ].join('\n');
  return spawnSync('python3', ['-c', script, confPath], {
    encoding: 'utf-8',
    env: { PATH: process.env['PATH'] ?? '', PYTHONPATH: workDir, ...env },
  });
}

function parsesAsPython(source: string): void {
  const script = 'import ast, sys; ast.parse(sys.stdin.read())';
  execFileSync('python3', ['-c', script], { input: source, encoding: 'utf-8' });
}

const performanceAndBeyond = [
  'organizations:performance-view',
  'organizations:session-replay',
  'organizations:user-feedback-ui',
  'organizations:profiling',
  'organizations:continuous-profiling',
  'organizations:uptime',
  'organizations:ourlogs-enabled',
  'organizations:tracemetrics-enabled',
];

describe('renderSentryConfPy', () => {
  it('is valid Python for both profiles, with and without the GitHub App', () => {
    for (const profile of ['errors-only', 'feature-complete'] as const) {
      parsesAsPython(renderSentryConfPy({ ...sample, profile }, seedRelease));
      parsesAsPython(
        renderSentryConfPy(
          { ...sample, profile, github: { appId: 1, appName: 'a', clientId: 'c' } },
          seedRelease,
        ),
      );
    }
  });

  it('sets the errors-only switch from the profile, never from COMPOSE_PROFILES', () => {
    const composeSaysOtherwise = { ...secretValues, COMPOSE_PROFILES: 'errors-only' };
    expect(loadSettings(sample, composeSaysOtherwise).SENTRY_SELF_HOSTED_ERRORS_ONLY).toBe(false);
    expect(loadSettings({ ...sample, profile: 'errors-only' }).SENTRY_SELF_HOSTED_ERRORS_ONLY).toBe(true);
  });

  it('enables the performance, replay, feedback, profiling, uptime and logs flags only for feature-complete', () => {
    const complete = loadSettings(sample).SENTRY_FEATURES;
    const errorsOnly = loadSettings({ ...sample, profile: 'errors-only' }).SENTRY_FEATURES;
    for (const features of [complete, errorsOnly]) {
      expect(features).toMatchObject({
        'organizations:discover': true,
        'organizations:incidents': true,
        'organizations:monitors': true,
        'projects:plugins': true,
        'projects:sample-events': false,
      });
    }
    for (const flag of performanceAndBeyond) {
      expect(complete[flag]).toBe(true);
      expect(errorsOnly).not.toHaveProperty([flag]);
    }
  });

  it('reads every secret from the environment and writes none', () => {
    const source = renderSentryConfPy(
      {
        ...sample,
        mail: { ...sample.mail, username: 'mailer' },
        github: github(),
      },
      seedRelease,
    );
    for (const value of Object.values(secretValues)) expect(source).not.toContain(value);
    const readVariables = [...source.matchAll(/os\.environ(?:\.get\(|\[)"([A-Z0-9_]+)"/g)].map(
      ([, name]) => name,
    );
    // Sentry reads LAUNCHPAD_RPC_SHARED_SECRET itself; the ClickHouse password is Snuba's.
    const readElsewhere = ['LAUNCHPAD_RPC_SHARED_SECRET', 'SENTRY_CLICKHOUSE_PASSWORD'];
    expect(new Set(readVariables)).toEqual(
      new Set(Object.keys(secretEnv).filter((name) => !readElsewhere.includes(name))),
    );

    const settings = loadSettings({
      ...sample,
      mail: { ...sample.mail, username: 'mailer' },
      github: github(),
    });
    expect(settings.DATABASES.default.PASSWORD).toBe(secretValues['SENTRY_POSTGRES_PASSWORD']);
    expect(settings.SENTRY_OPTIONS).toMatchObject({
      'system.secret-key': secretValues['SENTRY_SYSTEM_SECRET_KEY'],
      'mail.password': secretValues['SENTRY_MAIL_PASSWORD'],
      'github-app.webhook-secret': secretValues['SENTRY_GITHUB_APP_WEBHOOK_SECRET'],
      'github-app.client-secret': secretValues['SENTRY_GITHUB_APP_CLIENT_SECRET'],
      'github-app.private-key': secretValues['SENTRY_GITHUB_APP_PRIVATE_KEY'],
      'filestore.profiles-options': {
        access_key: secretValues['SENTRY_S3_ACCESS_KEY'],
        secret_key: secretValues['SENTRY_S3_SECRET_KEY'],
      },
    });
    expect(settings.SENTRY_NODESTORE_OPTIONS).toMatchObject({
      aws_access_key_id: secretValues['SENTRY_S3_ACCESS_KEY'],
      aws_secret_access_key: secretValues['SENTRY_S3_SECRET_KEY'],
    });
  });

  it('fails loudly when a required secret is missing, and tolerates missing optional ones', () => {
    const failed = runConf(sample, secretsWithout('SENTRY_SYSTEM_SECRET_KEY'));
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain("KeyError: 'SENTRY_SYSTEM_SECRET_KEY'");

    expect(
      loadSettings({ ...sample, github: github() }, secretsWithout('SENTRY_GITHUB_APP_PRIVATE_KEY'))
        .SENTRY_OPTIONS['github-app.private-key'],
    ).toBe('');
  });

  it('trusts Relay by whitelisting its public key, ignoring empty entries', () => {
    const whitelist = (key: string) =>
      loadSettings(sample, { ...secretValues, SENTRY_RELAY_PUBLIC_KEY: key }).SENTRY_RELAY_WHITELIST_PK;
    expect(whitelist('abc-DEF_123\n')).toEqual(['abc-DEF_123']);
    expect(whitelist(' first  second ')).toEqual(['first', 'second']);
    expect(whitelist('')).toEqual([]);
  });

  it('talks to the in-cluster services by their compose names', () => {
    const settings = loadSettings(sample);
    expect(settings.DATABASES.default).toEqual({
      ENGINE: 'sentry.db.postgres',
      NAME: 'postgres',
      USER: 'postgres',
      PASSWORD: secretValues['SENTRY_POSTGRES_PASSWORD'],
      HOST: 'pgbouncer',
      PORT: '5432',
    });
    expect(settings.DEFAULT_KAFKA_OPTIONS['bootstrap.servers']).toBe('kafka:9092');
    expect(settings.KAFKA_CLUSTERS.default).toEqual(settings.DEFAULT_KAFKA_OPTIONS);
    expect(settings.SENTRY_EVENTSTREAM_OPTIONS.producer_configuration).toEqual(
      settings.DEFAULT_KAFKA_OPTIONS,
    );
    expect(settings.SENTRY_OPTIONS['redis.clusters']).toEqual({
      default: { hosts: { '0': { host: 'redis', password: '', port: '6379', db: '0' } } },
    });
    expect(settings.redis_host_key_types).toEqual(['int']);
    expect(settings.CACHES.default.LOCATION).toEqual(['memcached:11211']);
    expect(settings.SENTRY_NODESTORE_OPTIONS.endpoint_url).toBe('http://seaweedfs:8333');
    expect(settings.SENTRY_OPTIONS['filestore.profiles-options'].endpoint_url).toBe('http://seaweedfs:8333');
    expect(settings.SENTRY_OPTIONS['system.internal-url-prefix']).toBe('http://web:9000');
    expect(settings.SENTRY_OPTIONS['mail.host']).toBe('smtp');
  });

  it('replaces the hostnames with the external endpoints the user gives', () => {
    const external: StackSettings['external'] = {
      postgres: { host: 'db.example.com', port: 6432, database: 'sentry', user: 'sentry_app' },
      kafka: { bootstrapServers: 'k1.example.com:9092,k2.example.com:9092' },
      redis: { host: 'cache.example.com', port: 6380 },
      clickhouse: {
        host: 'ch.example.com',
        tcpPort: 9000,
        httpPort: 8123,
        database: 'default',
        user: 'default',
      },
    };
    const source = renderSentryConfPy({ ...sample, external }, seedRelease);
    expect(source).not.toMatch(/pgbouncer|"kafka:9092"|"host": "redis"|ch\.example\.com/);
    const settings = loadSettings({ ...sample, external });
    expect(settings.DATABASES.default).toMatchObject({
      HOST: 'db.example.com',
      PORT: '6432',
      NAME: 'sentry',
      USER: 'sentry_app',
    });
    expect(settings.DEFAULT_KAFKA_OPTIONS['bootstrap.servers']).toBe(
      'k1.example.com:9092,k2.example.com:9092',
    );
    expect(settings.SENTRY_OPTIONS['redis.clusters'].default.hosts['0']).toMatchObject({
      host: 'cache.example.com',
      port: '6380',
    });
  });

  it('serves https://<domain> behind the TLS-terminating Ingress', () => {
    const settings = loadSettings(sample);
    expect(settings.SENTRY_OPTIONS['system.url-prefix']).toBe('https://sentry.academind.ir');
    expect(settings.CSRF_TRUSTED_ORIGINS).toEqual(['https://sentry.academind.ir']);
    expect(settings.SECURE_PROXY_SSL_HEADER).toEqual(['HTTP_X_FORWARDED_PROTO', 'https']);
    expect(settings).toMatchObject({
      USE_X_FORWARDED_HOST: true,
      SESSION_COOKIE_SECURE: true,
      CSRF_COOKIE_SECURE: true,
      SOCIAL_AUTH_REDIRECT_IS_HTTPS: true,
    });
  });

  it('keeps a domain with quotes, backslashes and newlines intact', () => {
    const domain = 'evil"\\\n$(id)\'.example';
    const source = renderSentryConfPy({ ...sample, domain }, seedRelease);
    parsesAsPython(source);
    const settings = loadSettings({ ...sample, domain });
    expect(settings.SENTRY_OPTIONS['system.url-prefix']).toBe(`https://${domain}`);
    expect(settings.CSRF_TRUSTED_ORIGINS).toEqual([`https://${domain}`]);
    expect(settings.SENTRY_OPTIONS['mail.list-namespace']).toBe(domain);
  });

  it('sets admin e-mail, retention, single organization, caches and the web server as upstream', () => {
    const settings = loadSettings({ ...sample, retentionDays: 30 });
    expect(settings.SENTRY_OPTIONS).toMatchObject({
      'system.admin-email': 'admin@academind.ir',
      'system.event-retention-days': 30,
    });
    expect(settings.SENTRY_SINGLE_ORGANIZATION).toBe(true);
    expect(settings.CACHES.default.BACKEND).toBe(
      'sentry.cache.backends.reconnectingmemcache.ReconnectingMemcache',
    );
    expect(renderSentryConfPy(sample, seedRelease)).not.toContain('PyMemcacheCache"');
    expect(settings.SENTRY_NODESTORE).toBe('sentry_nodestore_s3.S3PassthroughDjangoNodeStorage');
    expect(settings.SENTRY_OPTIONS['filestore.profiles-backend']).toBe('s3');
    expect(settings.SENTRY_OPTIONS['filestore.profiles-options'].bucket_name).toBe('profiles');
    expect(settings.SENTRY_NODESTORE_OPTIONS.bucket_name).toBe('nodestore');
    expect(settings.SENTRY_WEB_OPTIONS).toMatchObject({
      workers: 3,
      threads: 4,
      'http-keepalive': 15,
      'reload-on-rss': 600,
    });
    expect(settings.GEOIP_PATH_MMDB).toBe('/geoip/GeoLite2-City.mmdb');
  });

  it('uses the mail relay and its login when given, the in-cluster smtp without one', () => {
    const direct = loadSettings(sample).SENTRY_OPTIONS;
    expect(direct).toMatchObject({
      'mail.host': 'smtp',
      'mail.port': 25,
      'mail.use-tls': false,
      'mail.from': 'sentry@academind.ir',
    });
    expect(direct).not.toHaveProperty(['mail.username']);
    expect(direct).not.toHaveProperty(['mail.password']);

    const mail = {
      host: 'smtp.example.com',
      port: 587,
      username: 'mailer',
      from: 'sentry@example.com',
      useTls: true,
    };
    expect(loadSettings({ ...sample, mail }).SENTRY_OPTIONS).toMatchObject({
      'mail.host': 'smtp.example.com',
      'mail.port': 587,
      'mail.username': 'mailer',
      'mail.password': secretValues['SENTRY_MAIL_PASSWORD'],
      'mail.use-tls': true,
      'mail.from': 'sentry@example.com',
    });
  });

  it('configures the GitHub App only when it is set, with an int app id', () => {
    expect(renderSentryConfPy(sample, seedRelease)).not.toContain('github-app');
    const settings = loadSettings({ ...sample, github: github() });
    expect(settings.SENTRY_OPTIONS).toMatchObject({
      'github-app.id': 123456,
      'github-app.name': 'academind-sentry',
      'github-app.client-id': 'Iv1.abc',
    });
    expect(settings.github_app_id_type).toBe('int');
  });

  it('renders the same bytes for the same settings', () => {
    expect(renderSentryConfPy({ ...sample, github: github() }, seedRelease)).toBe(
      renderSentryConfPy({ ...sample, github: github() }, seedRelease),
    );
  });
});

function github(): NonNullable<StackSettings['github']> {
  return { appId: 123456, appName: 'academind-sentry', clientId: 'Iv1.abc' };
}
