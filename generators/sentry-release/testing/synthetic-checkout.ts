import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A small getsentry/self-hosted checkout, shaped like the real one at 26.8.0 (anchors, build args, profiles,
 * interpolation, the feature block, nginx locations, the installer's scripts) with a handful of services.
 * `next` is the second "release": exactly the changes `nextReleaseChanges` lists.
 */
export interface SyntheticRelease {
  version: string;
  next: boolean;
}

const compose = ({ next }: SyntheticRelease) => `x-restart-policy: &restart_policy
  restart: unless-stopped
x-sentry-defaults: &sentry_defaults
  <<: *restart_policy
  image: sentry-self-hosted-local
  build:
    context: ./sentry
    args:
      - SENTRY_IMAGE
  depends_on:
    redis:
      condition: service_healthy
  entrypoint: "/etc/sentry/entrypoint.sh"
  environment:
    SENTRY_CONF: "/etc/sentry"
    SENTRY_EVENT_RETENTION_DAYS:
    SENTRY_MAIL_HOST:
x-snuba-defaults: &snuba_defaults
  <<: *restart_policy
  image: "$SNUBA_IMAGE"
  environment:
    SNUBA_SETTINGS: self_hosted
    SENTRY_EVENT_RETENTION_DAYS:
services:
  smtp:
    image: registry.gitlab.com/egos-tech/smtp
  memcached:
    image: "memcached:1.6.45-alpine"
    command: ["-I", "1M"]
  redis:
    image: "valkey/valkey:8.1.9-alpine"
  postgres:
    image: "postgres:${next ? '14.24' : '14.23'}-bookworm"
    command: ["postgres"]
  pgbouncer:
    image: "edoburu/pgbouncer:v1.25.2-p0"
  kafka:
    image: "confluentinc/cp-kafka:7.6.6"
    environment:
      KAFKA_LOG_RETENTION_HOURS: "3"
    ulimits:
      nofile:
        soft: ${next ? '100000' : '4096'}
        hard: ${next ? '100000' : '4096'}
  clickhouse:
    image: clickhouse-self-hosted-local
    build:
      context: ./clickhouse${next ? '\n      dockerfile: Dockerfile.altinity' : ''}
      args:
        BASE_IMAGE: "altinity/clickhouse-server:25.3.6.10034.altinitystable"
  seaweedfs:
    image: "chrislusf/seaweedfs:4.40_large_disk"
  snuba-errors-consumer:
    <<: *snuba_defaults
    command: rust-consumer --storage errors --max-batch-time-ms ${next ? '1000' : '750'} --max-poll-interval-ms \${SENTRY_KAFKA_MAX_POLL_INTERVAL_MS:-300000}
${
  next
    ? ''
    : `  snuba-replacer:
    <<: *snuba_defaults
    command: replacer --storage errors
`
}  web:
    <<: *sentry_defaults
    command: ["run", "web"]
  sentry-cleanup:
    <<: *sentry_defaults
    image: sentry-cleanup-self-hosted-local
    build:
      context: ./cron
      args:
        BASE_IMAGE: sentry-self-hosted-local
    entrypoint: "/entrypoint.sh"
    command: '"0 0 * * * gosu sentry sentry cleanup --days $SENTRY_EVENT_RETENTION_DAYS"'
  vroom:
    image: "$VROOM_IMAGE"
    environment:
      SENTRY_SNUBA_HOST: "http://snuba-api:1218"${next ? '\n      VROOM_NEW_SETTING: "on"' : ''}
    profiles:
      - feature-complete
${
  next
    ? `  brand-new-consumer:
    <<: *sentry_defaults
    command: run consumer brand-new
    profiles:
      - feature-complete
`
    : ''
}`;

const dotEnv = ({ version }: SyntheticRelease) => `COMPOSE_PROFILES=feature-complete
SENTRY_EVENT_RETENTION_DAYS=90
# SENTRY_MAIL_HOST=example.com
SENTRY_IMAGE=ghcr.io/getsentry/sentry:${version}
SNUBA_IMAGE=ghcr.io/getsentry/snuba:${version}
VROOM_IMAGE=ghcr.io/getsentry/vroom:${version}
`;

const sentryConf = ({ next }: SyntheticRelease) => `SENTRY_FEATURES["projects:sample-events"] = False
SENTRY_FEATURES.update(
    {
        feature: True
        for feature in (
            "organizations:discover",
            "organizations:incidents",
        )
        # Performance/Tracing/Spans related flags
        + (
            "organizations:performance-view",${next ? '' : '\n            "organizations:span-stats",'}
        )
        # Session Replay related flags
        + (
            "organizations:session-replay",${next ? '\n            "organizations:session-replay-v2",' : ''}
        )
    }
)
`;

const nginx = ({ next }: SyntheticRelease) => `http {
\tclient_max_body_size 100m;
\tproxy_read_timeout 90s;
\tproxy_send_timeout 5s;
\tupstream relay {
\t\tserver relay:3000;
\t}
\tupstream sentry {
\t\tserver web:9000;
\t}
\tserver {
\t\tlocation /api/store/ {
\t\t\tproxy_pass http://relay;
\t\t}
\t\tlocation / {
\t\t\tproxy_pass http://sentry;
\t\t}
${next ? '\t\tlocation ^~ /api/0/otlp/ {\n\t\t\tproxy_pass http://relay;\n\t\t}\n' : ''}\t\tlocation /_assets/ {
\t\t\tproxy_pass http://sentry/_static/dist/sentry/;
\t\t\tproxy_hide_header Content-Disposition;
\t\t}
\t}
}
`;

const minRequirements = () => `# 16 GB minimum host RAM, but there'll be some overhead
if [[ "$COMPOSE_PROFILES" == "errors-only" ]]; then
  MIN_RAM_HARD=7000 # MB
  MIN_CPU_HARD=2
else
  MIN_RAM_HARD=14000 # MB
  MIN_CPU_HARD=4
fi
`;

const upgradeClickhouse = () => `if [[ "$version" == "23.8.11.29.altinitystable" ]]; then
  echo "Upgrading clickhouse to 24.8"
  echo "Upgrading clickhouse to 25.3"
fi
`;

/** install.sh runs its steps by sourcing install/*.sh in order; the second release adds a migration step. */
const installer = ({ next }: SyntheticRelease) => `#!/usr/bin/env bash
source install/_min-requirements.sh
source install/upgrade-clickhouse.sh
${next ? 'source install/migrate-new-thing.sh\n' : ''}source install/wrap-up.sh
`;

/** Writes the checkout of `release` below `root` and returns its path. */
export function writeSyntheticCheckout(root: string, release: SyntheticRelease): string {
  const directory = join(root, release.version);
  const files: Record<string, string> = {
    'docker-compose.yml': compose(release),
    '.env': dotEnv(release),
    'sentry/sentry.conf.example.py': sentryConf(release),
    'sentry/config.example.yml': "mail.host: 'smtp'\nsymbolicator.enabled: true\n",
    'relay/config.example.yml': 'relay:\n  upstream: "http://web:9000/"\n  port: 3000\n',
    'nginx.conf': nginx(release),
    'clickhouse/config.xml': '<clickhouse><logger><level>warning</level></logger></clickhouse>\n',
    'clickhouse/default-password.xml':
      '<clickhouse><users><default><password></password></default></users></clickhouse>\n',
    'redis.conf': 'maxmemory 0\nmaxmemory-policy volatile-lru\n',
    'install.sh': installer(release),
    'install/_min-requirements.sh': minRequirements(),
    'install/upgrade-clickhouse.sh': upgradeClickhouse(),
    'install/wrap-up.sh': 'echo done\n',
    ...(release.next
      ? { 'install/migrate-new-thing.sh': 'echo migrating\n# TODO: Remove this after the next hard-stop\n' }
      : {}),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  return directory;
}
