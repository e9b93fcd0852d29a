import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownVersions, loadRelease, releasesDirectory } from './lib/release-files';
import { sentryReleaseGenerator } from './sentry-release';
import { writeSyntheticCheckout } from './testing/synthetic-checkout';

let root: string;
let first: string;
let second: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sentry-release-'));
  first = writeSyntheticCheckout(root, { version: '30.1.0', next: false });
  second = writeSyntheticCheckout(root, { version: '30.2.0', next: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the generator and returns what it printed. */
async function run(tree: Tree, upstream: string, version: string, hardStop = false): Promise<string[]> {
  const printed: string[] = [];
  const spy = jest.spyOn(logger, 'info').mockImplementation((message) => void printed.push(String(message)));
  try {
    await sentryReleaseGenerator(tree, { upstream, version, hardStop, skipFormat: true });
  } finally {
    spy.mockRestore();
  }
  return printed.join('\n').split('\n');
}

describe('sentry-release generator', () => {
  it('writes the release as data: images, commands, env, profiles, flags, routes and installer facts', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await run(tree, first, '30.1.0');
    const release = loadRelease(tree, '30.1.0');
    expect(release.infrastructureImages.postgres).toBe('postgres:14.23-bookworm');
    expect(release.clickhouseVersion).toBe('25.3.6.10034');
    expect(release.clickhouseUpgradeChain).toEqual(['23.8', '24.8', '25.3']);
    expect(release.upstream.installSteps).toEqual([
      'install/_min-requirements.sh',
      'install/upgrade-clickhouse.sh',
      'install/wrap-up.sh',
    ]);
    expect(release.minimumRequirements).toEqual({
      'feature-complete': { memoryMb: 14000, cpus: 4 },
      'errors-only': { memoryMb: 7000, cpus: 2 },
    });
    expect(release.composeServices).toMatchObject({ web: 'always', vroom: 'feature-complete' });
    const { byName } = release.upstream.services;
    // The Sentry image is the base of the local build, with the anchor's entrypoint and the .env passed through.
    expect(byName.web).toEqual({
      image: 'ghcr.io/getsentry/sentry:30.1.0',
      build: 'sentry/Dockerfile',
      entrypoint: ['/etc/sentry/entrypoint.sh'],
      command: ['run', 'web'],
      environment: { SENTRY_CONF: '/etc/sentry', SENTRY_EVENT_RETENTION_DAYS: '90', SENTRY_MAIL_HOST: null },
    });
    expect(byName.kafka.ulimits).toEqual({ nofile: { soft: 4096, hard: 4096 } });
    // Built on another service's local image, command quoted as one word and interpolated.
    expect(byName['sentry-cleanup']).toMatchObject({
      image: 'ghcr.io/getsentry/sentry:30.1.0',
      build: 'cron/Dockerfile',
      command: ['0 0 * * * gosu sentry sentry cleanup --days 90'],
    });
    expect(byName['snuba-errors-consumer'].command).toEqual([
      'rust-consumer',
      '--storage',
      'errors',
      '--max-batch-time-ms',
      '750',
      '--max-poll-interval-ms',
      '300000',
    ]);
    expect(release.upstream.features).toMatchObject({
      enabled: {
        general: ['organizations:discover', 'organizations:incidents'],
        sessionReplay: ['organizations:session-replay'],
      },
      disabled: ['projects:sample-events'],
    });
    expect(release.upstream.nginx.routes).toContainEqual({
      location: '/_assets/',
      match: 'prefix',
      to: 'web',
      rewrite: '/_static/dist/sentry/',
      hideHeaders: ['Content-Disposition'],
    });
    expect(release.upstream.configFiles.relay.settings).toEqual({
      'relay/upstream': 'http://web:9000/',
      'relay/port': '3000',
    });
    expect(tree.read(`${releasesDirectory}/known.ts`, 'utf8')).toContain(
      "import { release_30_1_0 } from './30.1.0';",
    );
  });

  it('prints exactly what changed between two releases, each at its upstream file and line', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await run(tree, first, '30.1.0');
    const report = await run(tree, second, '30.2.0', true);
    expect(report).toEqual([
      'getsentry/self-hosted 30.1.0 -> 30.2.0: 15 change(s)',
      '  docker-compose.yml:76: service added: brand-new-consumer (feature-complete)',
      '  docker-compose.yml: service removed: snuba-replacer',
      '  docker-compose.yml:33: postgres: image postgres:14.23-bookworm -> postgres:14.24-bookworm',
      '  docker-compose.yml:42: kafka: ulimits nofile {"soft":4096,"hard":4096} -> {"soft":100000,"hard":100000}',
      '  docker-compose.yml:47: clickhouse: build "clickhouse/Dockerfile" -> "clickhouse/Dockerfile.altinity"',
      '  docker-compose.yml:56: snuba-errors-consumer: command added 1000; removed 750',
      '  docker-compose.yml:73: vroom: env VROOM_NEW_SETTING added ("on")',
      '  sentry/sentry.conf.example.py:16: feature flag added: organizations:session-replay-v2',
      '  sentry/sentry.conf.example.py: feature flag removed: organizations:span-stats',
      '  nginx.conf:18: nginx route added: /api/0/otlp/ {"location":"/api/0/otlp/","match":"preferred-prefix","to":"relay"}',
      '  install.sh:4: installer step added: install/migrate-new-thing.sh',
      '  install/migrate-new-thing.sh:2: new hard-stop mention: # TODO: Remove this after the next hard-stop',
      '  getsentry/sentry-docs develop-docs/self-hosted/releases.mdx: new hard stop: 30.2.0 (--hardStop)',
      '  docker-compose.yml:76: catalogue: no component for service brand-new-consumer (add one in packages/sentry/src/stack/catalogue)',
      '  docker-compose.yml: catalogue: component snuba-replacer has no service in 30.2.0',
      '  note: smtp: upstream names registry.gitlab.com/egos-tech/smtp without a tag; pin one in the data file',
    ]);
    expect(knownVersions(tree)).toEqual(['30.2.0', '30.1.0']);
    expect(loadRelease(tree, '30.2.0').hardStops).toEqual(['30.2.0']);
  });

  it('writes a release older than the newest known one: its hard stops and pins come from the nearest release', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await run(tree, second, '30.2.0', true);
    // As a maintainer would have written the newer file: an older hard stop listed, the untagged image pinned.
    const newer = `${releasesDirectory}/30.2.0.ts`;
    tree.write(
      newer,
      (tree.read(newer, 'utf8') ?? '')
        .replace('"hardStops": [', '"hardStops": [\n    "29.1.0",')
        .replace(
          '"smtp": "registry.gitlab.com/egos-tech/smtp"',
          '"smtp": "registry.gitlab.com/egos-tech/smtp:1.2.2"',
        ),
    );
    const report = await run(tree, first, '30.1.0');
    const older = loadRelease(tree, '30.1.0');
    // 30.2.0's own stop is newer than 30.1.0, so only 29.1.0 applies; the same untagged smtp keeps the pin.
    expect(older.hardStops).toEqual(['29.1.0']);
    expect(older.infrastructureImages.smtp).toBe('registry.gitlab.com/egos-tech/smtp:1.2.2');
    expect(report).toContain(
      "  note: smtp: upstream names registry.gitlab.com/egos-tech/smtp without a tag; kept 30.2.0's pin registry.gitlab.com/egos-tech/smtp:1.2.2",
    );
    expect(tree.read(`${releasesDirectory}/known.ts`, 'utf8')).toContain(
      'export const knownReleases = [release_30_1_0, release_30_2_0];',
    );
  });

  it('changes nothing when run again on its own output', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await run(tree, first, '30.1.0');
    const written = (path: string) => tree.read(`${releasesDirectory}/${path}`, 'utf8');
    const before = [written('30.1.0.ts'), written('known.ts')];
    await run(tree, first, '30.1.0');
    expect([written('30.1.0.ts'), written('known.ts')]).toEqual(before);
  });

  it.each([
    ['a missing checkout', () => join(root, 'nowhere'), '30.1.0', /--upstream .*an existing directory/],
    [
      'a directory that is not a self-hosted checkout',
      () => notACheckout(),
      '30.1.0',
      /--upstream .*lacks docker-compose.yml/,
    ],
    [
      'a version that is not a CalVer tag',
      () => first,
      '30.1',
      /--version "30\.1": expected a self-hosted CalVer tag/,
    ],
    [
      'a version the checkout does not pin',
      () => first,
      '30.9.0',
      /--version "30\.9\.0".*SENTRY_IMAGE=ghcr\.io\/getsentry\/sentry:30\.1\.0/,
    ],
  ])('rejects %s, naming the option, before writing anything', async (_, upstream, version, message) => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(run(tree, upstream(), version)).rejects.toThrow(message);
    expect(tree.listChanges().filter(({ path }) => path.startsWith(releasesDirectory))).toEqual([]);
  });
});

function notACheckout(): string {
  const directory = join(root, 'not-a-checkout');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'README.md'), '# something else\n');
  return directory;
}
