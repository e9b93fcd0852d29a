import type { Component, EnvValue } from '../component';
import type { StackSettings } from '../settings';
import { clickhouseEndpoint, kafkaBootstrapServers, redisEndpoint } from '../endpoints';
import { resources, snubaConsumerResources } from './resources';

const maxPollInterval = ['--max-poll-interval-ms', '$(SENTRY_KAFKA_MAX_POLL_INTERVAL_MS)'] as const;
const healthCheckFile = ['--health-check-file', '/tmp/health.txt'] as const;

function snubaEnv(settings: StackSettings): Record<string, EnvValue> {
  const clickhouse = clickhouseEndpoint(settings);
  const redis = redisEndpoint(settings);
  return {
    SNUBA_SETTINGS: 'self_hosted',
    CLICKHOUSE_HOST: clickhouse.host,
    CLICKHOUSE_PORT: String(clickhouse.tcpPort),
    CLICKHOUSE_HTTP_PORT: String(clickhouse.httpPort),
    ...(settings.external.clickhouse
      ? {
          CLICKHOUSE_USER: settings.external.clickhouse.user,
          CLICKHOUSE_DATABASE: settings.external.clickhouse.database,
        }
      : {}),
    CLICKHOUSE_PASSWORD: { secret: 'core', key: 'clickhouse-password' },
    DEFAULT_BROKERS: kafkaBootstrapServers(settings),
    REDIS_HOST: redis.host,
    REDIS_PORT: String(redis.port),
    // The API's uWSGI: recycle workers after 10000 requests, no per-request log lines (as upstream).
    UWSGI_MAX_REQUESTS: '10000',
    UWSGI_DISABLE_LOGGING: 'true',
    SENTRY_EVENT_RETENTION_DAYS: String(settings.retentionDays),
    SENTRY_KAFKA_MAX_POLL_INTERVAL_MS: '300000',
  };
}

/** What every Snuba consumer shares: the image, its environment, the heartbeat probe. */
function snubaConsumer(
  settings: StackSettings,
  name: string,
  profile: Component['profile'],
  args: readonly string[],
  description: string,
): Component {
  // The accepted-outcomes consumer takes no health-check flag upstream, so it gets no heartbeat probe.
  const probes: Pick<Component, 'liveness' | 'readiness' | 'unprobed'> = args.includes(healthCheckFile[0])
    ? { liveness: { type: 'heartbeat' }, readiness: { type: 'heartbeat' } }
    : { unprobed: 'upstream starts this consumer without a health-check file; a crash restarts the pod' };
  return {
    name,
    image: 'snuba',
    profile,
    kind: 'Deployment',
    args,
    env: snubaEnv(settings),
    ...probes,
    resources: snubaConsumerResources,
    dependsOn: ['clickhouse', 'kafka', 'redis'],
    scalable: false,
    description,
  };
}

/** `rust-consumer --storage <storage>` with the flags upstream passes to all of them. */
const rustConsumer = (
  storage: string,
  group: string,
  offsetReset: 'latest' | 'earliest',
  batchMs: number,
  extra: string[] = [],
) => [
  'rust-consumer',
  '--storage',
  storage,
  '--consumer-group',
  group,
  `--auto-offset-reset=${offsetReset}`,
  '--max-batch-time-ms',
  String(batchMs),
  '--no-strict-offset-reset',
  ...extra,
  ...healthCheckFile,
  ...maxPollInterval,
];

/** `subscriptions-scheduler-executor`: evaluates alert-rule subscriptions against one dataset. */
const subscriptions = (dataset: string, entities: string[], group: string, followed: string) => [
  'subscriptions-scheduler-executor',
  '--dataset',
  dataset,
  ...entities,
  '--auto-offset-reset=latest',
  '--no-strict-offset-reset',
  `--consumer-group=${group}`,
  `--followed-consumer-group=${followed}`,
  '--schedule-ttl=60',
  '--stale-threshold-seconds=900',
  ...healthCheckFile,
];

export const snubaComponents = (settings: StackSettings): Component[] => {
  const consumer = (
    name: string,
    profile: Component['profile'],
    args: readonly string[],
    description: string,
  ) => snubaConsumer(settings, name, profile, args, description);
  return [
    {
      name: 'snuba-api',
      image: 'snuba',
      profile: 'always',
      kind: 'Deployment',
      env: snubaEnv(settings),
      ports: [{ name: 'http', port: 1218 }],
      liveness: { type: 'http', path: '/health', port: 1218 },
      readiness: { type: 'http', path: '/health', port: 1218 },
      // Limit: uWSGI workers recycled every UWSGI_MAX_REQUESTS (10000) requests; results stream from ClickHouse.
      resources: resources('50m', '192Mi', '1Gi'),
      dependsOn: ['clickhouse', 'kafka', 'redis'],
      scalable: true,
      description: 'Snuba query API: every search, discover and alert query of Sentry goes through it.',
    },
    consumer(
      'snuba-errors-consumer',
      'always',
      rustConsumer('errors', 'snuba-consumers', 'latest', 750),
      'Writes error events to ClickHouse.',
    ),
    consumer(
      'snuba-outcomes-consumer',
      'always',
      rustConsumer('outcomes_raw', 'snuba-consumers', 'earliest', 750),
      'Writes outcomes (accepted/dropped counts).',
    ),
    consumer(
      'snuba-outcomes-accepted-consumer',
      'feature-complete',
      [
        'accepted-outcomes-consumer',
        '--storage',
        'eap_items',
        '--consumer-group',
        'accepted_outcomes',
        '--auto-offset-reset=earliest',
        '--max-batch-time-ms',
        '750',
        '--no-strict-offset-reset',
        '--accepted-outcomes-topic',
        'outcomes-billing',
        ...maxPollInterval,
      ],
      'Turns accepted billing outcomes into EAP items (usage stats).',
    ),
    consumer(
      'snuba-outcomes-billing-consumer',
      'always',
      rustConsumer('outcomes_raw', 'snuba-consumers', 'earliest', 750, [
        '--raw-events-topic',
        'outcomes-billing',
      ]),
      'Writes billing outcomes.',
    ),
    consumer(
      'snuba-group-attributes-consumer',
      'always',
      rustConsumer('group_attributes', 'snuba-group-attributes-consumers', 'latest', 750),
      'Writes issue (group) attributes used by issue search.',
    ),
    consumer(
      'snuba-replacer',
      'always',
      [
        'replacer',
        '--storage',
        'errors',
        '--auto-offset-reset=latest',
        '--no-strict-offset-reset',
        ...healthCheckFile,
        ...maxPollInterval,
      ],
      'Applies merges, unmerges and deletions to stored errors.',
    ),
    consumer(
      'snuba-subscription-consumer-events',
      'always',
      subscriptions(
        'events',
        ['--entity', 'events'],
        'snuba-events-subscriptions-consumers',
        'snuba-consumers',
      ),
      'Evaluates metric alert subscriptions on errors.',
    ),
    consumer(
      'snuba-transactions-consumer',
      'feature-complete',
      rustConsumer('transactions', 'transactions_group', 'latest', 750),
      'Writes transactions (performance).',
    ),
    consumer(
      'snuba-replays-consumer',
      'feature-complete',
      rustConsumer('replays', 'snuba-consumers', 'latest', 750),
      'Writes session replay events.',
    ),
    consumer(
      'snuba-issue-occurrence-consumer',
      'feature-complete',
      rustConsumer('search_issues', 'generic_events_group', 'latest', 750),
      'Writes issue-platform occurrences (performance issues, cron and uptime issues).',
    ),
    consumer(
      'snuba-metrics-consumer',
      'feature-complete',
      rustConsumer('metrics_raw', 'snuba-metrics-consumers', 'latest', 750),
      'Writes release-health metrics.',
    ),
    consumer(
      'snuba-subscription-consumer-transactions',
      'feature-complete',
      subscriptions(
        'transactions',
        ['--entity', 'transactions'],
        'snuba-transactions-subscriptions-consumers',
        'transactions_group',
      ),
      'Evaluates metric alert subscriptions on transactions (p95, failure rate).',
    ),
    consumer(
      'snuba-subscription-consumer-metrics',
      'feature-complete',
      subscriptions(
        'metrics',
        ['--entity', 'metrics_sets', '--entity', 'metrics_counters'],
        'snuba-metrics-subscriptions-consumers',
        'snuba-metrics-consumers',
      ),
      'Evaluates crash-rate alert subscriptions.',
    ),
    consumer(
      'snuba-subscription-consumer-generic-metrics-counters',
      'feature-complete',
      subscriptions(
        'generic_metrics',
        ['--entity=generic_metrics_counters'],
        'snuba-generic-metrics-counters-subscriptions-schedulers',
        'snuba-gen-metrics-counters-consumers',
      ),
      'Evaluates alert subscriptions on generic counter metrics.',
    ),
    consumer(
      'snuba-generic-metrics-counters-consumer',
      'feature-complete',
      rustConsumer('generic_metrics_counters_raw', 'snuba-gen-metrics-counters-consumers', 'latest', 750),
      'Writes generic counter metrics.',
    ),
    consumer(
      'snuba-profiling-profiles-consumer',
      'feature-complete',
      rustConsumer('profiles', 'snuba-consumers', 'latest', 1000),
      'Writes profile metadata.',
    ),
    consumer(
      'snuba-profiling-functions-consumer',
      'feature-complete',
      rustConsumer('functions_raw', 'snuba-consumers', 'latest', 1000),
      'Writes profiled function statistics.',
    ),
    consumer(
      'snuba-profiling-profile-chunks-consumer',
      'feature-complete',
      rustConsumer('profile_chunks', 'snuba-consumers', 'latest', 1000),
      'Writes continuous-profiling chunks.',
    ),
    consumer(
      'snuba-eap-items-consumer',
      'feature-complete',
      rustConsumer('eap_items', 'eap_items_group', 'latest', 1000, ['--use-rust-processor']),
      'Writes spans, logs and other event-analytics-platform items.',
    ),
    consumer(
      'snuba-subscription-consumer-eap-items',
      'always',
      subscriptions(
        'events_analytics_platform',
        ['--entity', 'eap_items'],
        'snuba-eap-items-subscriptions-consumers',
        'eap_items_group',
      ),
      'Evaluates alert subscriptions on EAP items.',
    ),
  ];
};
