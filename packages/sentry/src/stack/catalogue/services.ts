import type { CatalogueEntry } from '../component';
import type { Release } from '../releases';
import type { StackSettings } from '../settings';
import { kafkaBootstrapServers, redisEndpoint, sentryWebInternalUrl } from '../endpoints';
import { resources } from './resources';
import { upstreamCommand } from './upstream-command';

/** The getsentry services that are not the Sentry image: ingestion edge, symbols, tasks, profiling, uptime. */
export const serviceComponents = (settings: StackSettings, release: Release): CatalogueEntry[] => {
  const kafka = kafkaBootstrapServers(settings);
  const redis = redisEndpoint(settings);
  return [
    {
      name: 'relay',
      image: 'relay',
      kind: 'Deployment',
      ports: [{ name: 'http', port: 3000 }],
      liveness: { type: 'http', path: '/api/relay/healthcheck/live/', port: 3000 },
      readiness: { type: 'http', path: '/api/relay/healthcheck/ready/', port: 3000 },
      config: ['relay'],
      // Limit: Relay buffers envelopes in memory up to the pod limit (relay-config.ts sets its share to 100 %).
      resources: resources('50m', '384Mi', '1Gi'),
      dependsOn: ['kafka', 'redis', 'web'],
      scalable: true,
      description: 'Relay: receives SDK envelopes, applies quotas and filters, writes to Kafka.',
    },
    {
      name: 'symbolicator',
      image: 'symbolicator',
      kind: 'Deployment',
      args: upstreamCommand(release, 'symbolicator'),
      ports: [{ name: 'http', port: 3021 }],
      liveness: { type: 'http', path: '/healthcheck', port: 3021 },
      readiness: { type: 'http', path: '/healthcheck', port: 3021 },
      config: ['symbolicator'],
      volumes: [{ name: 'data', mountPath: '/data', size: '10Gi' }],
      // Limit: large debug files (PDB, DWARF) are loaded whole while a native event is symbolicated.
      resources: resources('50m', '192Mi', '2Gi'),
      dependsOn: ['web'],
      scalable: false,
      description: 'Symbolicator: resolves native and .NET stack traces against uploaded debug files.',
    },
    {
      name: 'symbolicator-cleanup',
      image: 'symbolicator',
      kind: 'CronJob',
      // Upstream loops with `--repeat 1h` inside a container; a CronJob runs the single pass hourly instead.
      schedule: '0 * * * *',
      args: ['cleanup', '-c', '/etc/symbolicator/config.yml'],
      config: ['symbolicator'],
      volumes: [{ name: 'data', mountPath: '/data', size: '10Gi', owner: 'symbolicator' }],
      // Limit: walks the cache directory, holds no data.
      resources: resources('10m', '64Mi', '256Mi'),
      dependsOn: [],
      scalable: false,
      description: 'Hourly eviction of old entries from the Symbolicator cache.',
    },
    {
      name: 'taskbroker',
      image: 'taskbroker',
      kind: 'StatefulSet',
      command: upstreamCommand(release, 'taskbroker'),
      env: {
        TASKBROKER_KAFKA_CLUSTERS__DEFAULT__ADDRESS: kafka,
        TASKBROKER_DB_PATH: '/opt/sqlite/taskbroker-activations.sqlite',
      },
      ports: [{ name: 'grpc', port: 50051 }],
      liveness: { type: 'tcp', port: 50051 },
      readiness: { type: 'tcp', port: 50051 },
      config: ['taskbroker'],
      // In-flight tasks live here; losing the volume loses up to ~2048 tasks (getsentry/self-hosted 26.8.0
      // docker-compose.yml, volume sentry-taskbroker).
      volumes: [{ name: 'data', mountPath: '/opt/sqlite', size: '1Gi' }],
      // Limit: in-flight activations live in SQLite on disk; memory holds a bounded batch.
      resources: resources('50m', '128Mi', '512Mi'),
      dependsOn: ['kafka'],
      scalable: false,
      description: 'Taskbroker: hands tasks from Kafka to taskworkers over gRPC.',
    },
    {
      name: 'launchpad-taskworker',
      image: 'launchpad',
      kind: 'Deployment',
      args: upstreamCommand(release, 'launchpad-taskworker'),
      env: {
        LAUNCHPAD_WORKER_RPC_HOST: 'taskbroker:50051',
        LAUNCHPAD_WORKER_CONCURRENCY: '4',
        LAUNCHPAD_WORKER_HEALTH_CHECK_FILE_PATH: '/tmp/health.txt',
        KAFKA_BOOTSTRAP_SERVERS: kafka,
        SENTRY_BASE_URL: sentryWebInternalUrl,
        LAUNCHPAD_RPC_SHARED_SECRET: { secret: 'core', key: 'launchpad-rpc-shared-secret' },
        LAUNCHPAD_ENV: 'self-hosted',
      },
      liveness: { type: 'heartbeat' },
      readiness: { type: 'heartbeat' },
      // Limit: LAUNCHPAD_WORKER_CONCURRENCY (4) mobile builds unpacked and analysed at once.
      resources: resources('25m', '256Mi', '2Gi'),
      dependsOn: ['kafka', 'taskbroker', 'web'],
      scalable: false,
      description: 'Launchpad: analyses uploaded mobile builds (size analysis).',
    },
    {
      name: 'vroom',
      image: 'vroom',
      kind: 'Deployment',
      env: {
        SENTRY_KAFKA_BROKERS_PROFILING: kafka,
        SENTRY_KAFKA_BROKERS_OCCURRENCES: kafka,
        SENTRY_BUCKET_PROFILES:
          's3://profiles?region=us-east-1&endpoint=seaweedfs:8333&s3ForcePathStyle=true&disableSSL=true',
        AWS_ACCESS_KEY: { secret: 'core', key: 's3-access-key' },
        AWS_SECRET_KEY: { secret: 'core', key: 's3-secret-key' },
        SENTRY_SNUBA_HOST: 'http://snuba-api:1218',
      },
      ports: [{ name: 'http', port: 8085 }],
      liveness: { type: 'http', path: '/health', port: 8085 },
      readiness: { type: 'http', path: '/health', port: 8085 },
      // Limit: a Go service reading profiles chunk by chunk from the bucket.
      resources: resources('25m', '256Mi', '1Gi'),
      dependsOn: ['kafka', 'seaweedfs', 'snuba-api'],
      scalable: true,
      description: 'Vroom: serves profiles (flame graphs) from the `profiles` bucket.',
    },
    {
      name: 'uptime-checker',
      image: 'uptime-checker',
      kind: 'Deployment',
      args: upstreamCommand(release, 'uptime-checker'),
      env: {
        UPTIME_CHECKER_RESULTS_KAFKA_CLUSTER: kafka,
        UPTIME_CHECKER_REDIS_HOST: `redis://${redis.host}:${redis.port}`,
        UPTIME_CHECKER_ALLOW_INTERNAL_IPS: 'false',
        UPTIME_CHECKER_FAILURE_RETRIES: '1',
      },
      unprobed: 'upstream gives the uptime checker no health check or port; a crash restarts the pod',
      // Limit: a Rust service holding check configs and in-flight HTTP checks.
      resources: resources('20m', '128Mi', '512Mi'),
      dependsOn: ['kafka', 'redis'],
      scalable: false,
      description: 'Uptime checker: probes the URLs of uptime monitors and reports results to Kafka.',
    },
  ];
};
