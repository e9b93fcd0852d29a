import type { ImageFamily } from '../component';

/**
 * Where the rendered stack knowingly differs from getsentry/self-hosted at the release tag (the facts in
 * releases/<version>-upstream.ts), and why. The fidelity spec diffs every rendered workload, the feature flags and
 * the Ingress against those facts: a difference not listed here fails it, and so does an entry nothing needs.
 */
export interface DeliberateDifference {
  /** The upstream services concerned (by compose name), or every one running an image family; none: stack-wide. */
  services?: readonly string[] | { image: ImageFamily };
  /**
   * What differs: `workload`, `image`, `build`, `entrypoint`, `command`, `env:NAME`, `feature:FLAG`,
   * `route:LOCATION`, `route-headers:LOCATION`, `nginx:DIRECTIVE`, `<config file>:SETTING` (the keys of
   * `configFiles` in the facts, e.g. `clickhouse:merge_tree/allow_nullable_key`).
   */
  subjects: readonly string[];
  /** Our value, where the reason argues for that value: any other value is a new difference. */
  ours?: string;
  reason: string;
}

const sentryImage = { image: 'sentry' } as const;
const snubaImage = { image: 'snuba' } as const;

export const deliberateDifferences: readonly DeliberateDifference[] = [
  // The edge.
  {
    services: ['nginx'],
    subjects: ['workload'],
    reason:
      "An Ingress (render/ingress.ts) replaces nginx: the cluster's ingress controller terminates TLS and routes.",
  },
  {
    subjects: ['route:/js-sdk/'],
    reason:
      'Self-hosted JS SDK bundles are off by default upstream (SETUP_JS_SDK_ASSETS); sentry.conf.py loads them from the CDN.',
  },
  {
    subjects: ['route:/_static/'],
    reason:
      "Upstream's location only adds a hidden header; our `/` path sends /_static/ to web unchanged, as it does.",
  },
  {
    subjects: ['route-headers:/_assets/', 'route-headers:/_static/'],
    reason:
      'Hiding a response header needs a configuration-snippet annotation, which ingress-nginx disables by default; ' +
      'Content-Disposition on static files only changes how a browser saves them.',
  },
  // Images.
  {
    services: sentryImage,
    subjects: ['build', 'entrypoint', 'env:PYTHONUSERBASE', 'env:PYTHONPATH'],
    reason:
      'The stock image runs unmodified: no image is built, sentry-nodestore-s3 is installed per pod on PYTHONPATH ' +
      "(catalogue/sentry-packages.ts). Upstream's entrypoint wrapper only adds custom CA certificates, which we do not mount.",
  },
  {
    services: ['smtp'],
    subjects: ['image'],
    reason:
      'Upstream names the image without a tag; we pin one (releases/26.8.0.ts says where it comes from).',
  },
  {
    services: ['clickhouse'],
    subjects: ['build'],
    reason: "Upstream's clickhouse/Dockerfile only names the base image, which we run as it is.",
  },
  {
    services: ['sentry-cleanup', 'symbolicator-cleanup'],
    subjects: ['command'],
    reason: 'A CronJob runs one pass on the schedule instead of a container looping with cron or --repeat.',
  },
  {
    services: ['sentry-cleanup'],
    subjects: ['build', 'entrypoint'],
    reason: "A CronJob of the stock image replaces upstream's cron image built on the Sentry image.",
  },
  {
    services: ['post-process-forwarder-errors'],
    subjects: ['command'],
    reason:
      'The same flags as upstream in the order all consumers share; the command line parser does not depend on it.',
  },
  {
    services: ['seaweedfs'],
    subjects: ['command'],
    reason:
      "`sh -c` creates /data/idx/ (upstream's install/bootstrap-s3-nodestore.sh does) and then runs upstream's weed command.",
  },
  // Secrets and credentials: nothing secret is rendered (secret-env.ts).
  {
    services: sentryImage,
    subjects: [
      'env:SENTRY_SYSTEM_SECRET_KEY',
      'env:LAUNCHPAD_RPC_SHARED_SECRET',
      'env:SENTRY_RELAY_PUBLIC_KEY',
      'env:SENTRY_S3_ACCESS_KEY',
      'env:SENTRY_S3_SECRET_KEY',
      'env:SENTRY_POSTGRES_PASSWORD',
      'env:SENTRY_CLICKHOUSE_PASSWORD',
      'env:SENTRY_MAIL_PASSWORD',
      'env:SENTRY_GITHUB_APP_WEBHOOK_SECRET',
      'env:SENTRY_GITHUB_APP_CLIENT_SECRET',
      'env:SENTRY_GITHUB_APP_PRIVATE_KEY',
    ],
    reason:
      'Upstream writes credentials into config files or uses fixed ones; ours come from the Secret setup.sh creates.',
  },
  {
    services: ['launchpad-taskworker'],
    subjects: ['env:LAUNCHPAD_RPC_SHARED_SECRET'],
    reason: "From the Secret instead of upstream's .env default.",
  },
  {
    services: ['seaweedfs'],
    subjects: ['env:AWS_ACCESS_KEY_ID', 'env:AWS_SECRET_ACCESS_KEY'],
    reason: "S3 keys from the Secret instead of upstream's fixed sentry/sentry.",
  },
  {
    services: ['vroom'],
    subjects: ['env:AWS_ACCESS_KEY', 'env:AWS_SECRET_KEY'],
    reason: "S3 keys from the Secret instead of upstream's fixed sentry/sentry.",
  },
  {
    services: ['postgres'],
    subjects: ['env:POSTGRES_HOST_AUTH_METHOD', 'env:POSTGRES_USER', 'env:POSTGRES_PASSWORD'],
    reason:
      'Password authentication instead of trust: every pod of the cluster network can reach the Service.',
  },
  {
    services: ['pgbouncer'],
    subjects: ['env:AUTH_TYPE', 'env:DB_PASSWORD'],
    reason: 'PgBouncer authenticates with the PostgreSQL password (scram-sha-256) instead of trust.',
  },
  {
    services: ['clickhouse'],
    subjects: ['env:SENTRY_CLICKHOUSE_PASSWORD', 'env:CLICKHOUSE_SKIP_USER_SETUP'],
    reason:
      "The `default` user has a password from the Secret (users.d); skipping the image's user setup keeps its " +
      'localhost-only file from replacing ours.',
  },
  {
    services: snubaImage,
    subjects: ['env:CLICKHOUSE_PASSWORD'],
    reason: 'Snuba logs in to ClickHouse with the password from the Secret.',
  },
  {
    subjects: ['clickhouseUsers:users/default/password', 'clickhouseUsers:users/default/password@from_env'],
    reason:
      "The `default` user's password comes from the Secret through the environment instead of being empty.",
  },
  // Kubernetes mechanics.
  {
    services: { image: 'snuba' },
    subjects: ['env:SENTRY_KAFKA_MAX_POLL_INTERVAL_MS'],
    reason:
      'The kubelet expands $(VAR) in arguments only from the container env, so the value upstream falls back to ' +
      '(300000) is set there.',
  },
  {
    services: sentryImage,
    subjects: ['env:SENTRY_KAFKA_MAX_POLL_INTERVAL_MS'],
    reason:
      'The kubelet expands $(VAR) in arguments only from the container env, so the value upstream falls back to ' +
      '(300000) is set there.',
  },
  {
    services: ['taskworker'],
    subjects: ['env:SENTRY_TASKWORKER_CONCURRENCY'],
    reason: "Upstream's .env value (4), set in the env because the kubelet expands $(VAR) only from there.",
  },
  {
    services: snubaImage,
    subjects: ['env:CLICKHOUSE_PORT', 'env:CLICKHOUSE_HTTP_PORT', 'env:REDIS_PORT'],
    reason:
      "Snuba's defaults written out, so an external ClickHouse or Redis (settings.external) can change them.",
  },
  {
    services: ['smtp'],
    subjects: ['env:MAILNAME'],
    reason:
      "The install's domain names the mail host; upstream leaves it to SENTRY_MAIL_HOST, empty by default.",
  },
  {
    services: sentryImage,
    subjects: ['env:SENTRY_STATSD_ADDR'],
    reason: 'No StatsD server runs in the stack; unset and empty both leave metrics off.',
  },
  {
    services: snubaImage,
    subjects: ['env:SNUBA_STATSD_ADDR'],
    reason: 'No StatsD server runs in the stack; unset and empty both leave metrics off.',
  },
  ...Object.entries({
    relay: 'RELAY_STATSD_ADDR',
    symbolicator: 'SYMBOLICATOR_STATSD_ADDR',
    'symbolicator-cleanup': 'SYMBOLICATOR_STATSD_ADDR',
    taskbroker: 'TASKBROKER_STATSD_ADDR',
    'uptime-checker': 'UPTIME_CHECKER_STATSD_ADDR',
  }).map(([service, variable]) => ({
    services: [service],
    subjects: [`env:${variable}`],
    reason:
      'No StatsD server runs in the stack; upstream sends to 127.0.0.1:8125, where nothing listens either.',
  })),
  // Configuration files.
  {
    subjects: ['clickhouse:allow_nullable_key', 'clickhouse:merge_tree/allow_nullable_key'],
    reason:
      'allow_nullable_key is a MergeTree setting: ClickHouse takes its default from <merge_tree>, and ignores it at ' +
      "the top level where upstream's config.xml puts it.",
  },
  // Sizing.
  {
    subjects: ['valkey:maxmemory'],
    ours: '1024mb',
    reason:
      'Upstream leaves Valkey uncapped on a host; in a pod the memory limit would kill it and lose its buffers, so ' +
      'it is capped at half the limit (config/valkey-config.ts).',
  },
  {
    services: ['clickhouse'],
    subjects: ['env:MAX_MEMORY_USAGE_RATIO'],
    ours: '0.75',
    reason:
      "ClickHouse takes the ratio of its container limit, not of the host: 0.75 of 6 GiB is upstream's 0.3 of its " +
      '16 GB host (catalogue/infrastructure.ts).',
  },
  {
    services: ['kafka'],
    subjects: ['env:KAFKA_HEAP_OPTS', 'env:KAFKA_LOG_SEGMENT_BYTES'],
    reason:
      "A 512 MiB heap fits the pod limit (the image's default is 1 GiB); 50 MB segments let the 3 h retention " +
      'delete from quiet topics too.',
  },
  {
    services: ['postgres'],
    subjects: ['command', 'env:PGDATA'],
    reason:
      "max_connections=200 leaves room beside PgBouncer's pools for the backup CronJob and scripts that connect " +
      'directly; PGDATA is a sub-directory because a fresh volume holds lost+found.',
  },
];
