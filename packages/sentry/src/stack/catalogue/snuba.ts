import type { CatalogueEntry, EnvValue } from '../component';
import type { Release } from '../releases';
import type { StackSettings } from '../settings';
import { clickhouseEndpoint, kafkaBootstrapServers, redisEndpoint } from '../endpoints';
import { resources, snubaConsumerResources } from './resources';
import { upstreamCommand } from './upstream-command';

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
  release: Release,
  name: string,
  description: string,
): CatalogueEntry {
  const args = upstreamCommand(release, name);
  // The accepted-outcomes consumer takes no health-check flag upstream, so it gets no heartbeat probe.
  const probes: Pick<CatalogueEntry, 'liveness' | 'readiness' | 'unprobed'> = args.includes(
    '--health-check-file',
  )
    ? { liveness: { type: 'heartbeat' }, readiness: { type: 'heartbeat' } }
    : { unprobed: 'upstream starts this consumer without a health-check file; a crash restarts the pod' };
  return {
    name,
    image: 'snuba',
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

export const snubaComponents = (settings: StackSettings, release: Release): CatalogueEntry[] => {
  const consumer = (name: string, description: string) => snubaConsumer(settings, release, name, description);
  return [
    {
      name: 'snuba-api',
      image: 'snuba',
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
    consumer('snuba-errors-consumer', 'Writes error events to ClickHouse.'),
    consumer('snuba-outcomes-consumer', 'Writes outcomes (accepted/dropped counts).'),
    consumer(
      'snuba-outcomes-accepted-consumer',
      'Turns accepted billing outcomes into EAP items (usage stats).',
    ),
    consumer('snuba-outcomes-billing-consumer', 'Writes billing outcomes.'),
    consumer('snuba-group-attributes-consumer', 'Writes issue (group) attributes used by issue search.'),
    consumer('snuba-replacer', 'Applies merges, unmerges and deletions to stored errors.'),
    consumer('snuba-subscription-consumer-events', 'Evaluates metric alert subscriptions on errors.'),
    consumer('snuba-transactions-consumer', 'Writes transactions (performance).'),
    consumer('snuba-replays-consumer', 'Writes session replay events.'),
    consumer(
      'snuba-issue-occurrence-consumer',
      'Writes issue-platform occurrences (performance issues, cron and uptime issues).',
    ),
    consumer('snuba-metrics-consumer', 'Writes release-health metrics.'),
    consumer(
      'snuba-subscription-consumer-transactions',
      'Evaluates metric alert subscriptions on transactions (p95, failure rate).',
    ),
    consumer('snuba-subscription-consumer-metrics', 'Evaluates crash-rate alert subscriptions.'),
    consumer(
      'snuba-subscription-consumer-generic-metrics-counters',
      'Evaluates alert subscriptions on generic counter metrics.',
    ),
    consumer('snuba-generic-metrics-counters-consumer', 'Writes generic counter metrics.'),
    // Distribution, set and gauge metrics: their writers and alert subscriptions ran up to 26.7.2 and were removed
    // in 26.8.0 (getsentry/self-hosted docker-compose.yml@26.7.2); allComponents renders them only for such a release.
    consumer(
      'snuba-subscription-consumer-generic-metrics-distributions',
      'Evaluates alert subscriptions on generic distribution metrics.',
    ),
    consumer(
      'snuba-subscription-consumer-generic-metrics-sets',
      'Evaluates alert subscriptions on generic set metrics.',
    ),
    consumer(
      'snuba-subscription-consumer-generic-metrics-gauges',
      'Evaluates alert subscriptions on generic gauge metrics.',
    ),
    consumer('snuba-generic-metrics-distributions-consumer', 'Writes generic distribution metrics.'),
    consumer('snuba-generic-metrics-sets-consumer', 'Writes generic set metrics.'),
    consumer('snuba-generic-metrics-gauges-consumer', 'Writes generic gauge metrics.'),
    consumer('snuba-profiling-profiles-consumer', 'Writes profile metadata.'),
    consumer('snuba-profiling-functions-consumer', 'Writes profiled function statistics.'),
    consumer('snuba-profiling-profile-chunks-consumer', 'Writes continuous-profiling chunks.'),
    consumer('snuba-eap-items-consumer', 'Writes spans, logs and other event-analytics-platform items.'),
    consumer('snuba-subscription-consumer-eap-items', 'Evaluates alert subscriptions on EAP items.'),
  ];
};
