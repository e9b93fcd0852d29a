import type { CatalogueEntry, EnvValue } from '../component';
import type { Release } from '../releases';
import { secretEnv, optionalSecretEnv, SecretEnvName } from '../secret-env';
import type { StackSettings } from '../settings';
import { resources, sentryConsumerResources } from './resources';
import { sentryPackages } from './sentry-packages';
import { upstreamCommand } from './upstream-command';

const caBundle = '/etc/ssl/certs/ca-certificates.crt';

/** Environment of every process started from the Sentry image (compose's x-sentry-defaults). */
export function sentryEnv(settings: StackSettings): Record<string, EnvValue> {
  const secrets = Object.fromEntries(
    (Object.keys(secretEnv) as SecretEnvName[]).map((name) => [
      name,
      {
        secret: 'core',
        key: secretEnv[name],
        ...(optionalSecretEnv.includes(name) ? { optional: true } : {}),
      },
    ]),
  ) as Record<SecretEnvName, EnvValue>;
  return {
    // The pod's own emptyDir, where its init container installs sentry-nodestore-s3 (sentry-packages.ts).
    PYTHONPATH: sentryPackages.directory,
    SENTRY_CONF: '/etc/sentry',
    SNUBA: 'http://snuba-api:1218',
    // Profiles are served by vroom, which only the feature-complete profile runs.
    ...(settings.profile === 'feature-complete' ? { VROOM: 'http://vroom:8085' } : {}),
    // sentry.conf.py decides the profile from this upstream variable; set it so nothing silently runs errors-only.
    // The system CA bundle for botocore, requests and gRPC, as upstream sets it.
    DEFAULT_CA_BUNDLE: caBundle,
    REQUESTS_CA_BUNDLE: caBundle,
    GRPC_DEFAULT_SSL_ROOTS_FILE_PATH_ENV_VAR: caBundle,
    COMPOSE_PROFILES: settings.profile,
    SENTRY_EVENT_RETENTION_DAYS: String(settings.retentionDays),
    SENTRY_KAFKA_MAX_POLL_INTERVAL_MS: '300000',
    ...secrets,
  };
}

/**
 * Services every process loading sentry.conf.py may call: compose's depends_on of x-sentry-defaults, plus
 * web (system.internal-url-prefix) and vroom (VROOM), which compose reaches without declaring them.
 * Absent ones (vroom in errors-only, external data services) are pruned by selectComponents.
 */
export const sentryDependencies = [
  'redis',
  'kafka',
  'pgbouncer',
  'memcached',
  'smtp',
  'seaweedfs',
  'snuba-api',
  'symbolicator',
  'web',
  'vroom',
];

type SentryProcess = Omit<CatalogueEntry, 'image' | 'config' | 'dependsOn' | 'env' | 'kind'> &
  Partial<Pick<CatalogueEntry, 'kind'>> & { env?: Record<string, EnvValue>; extraDependencies?: string[] };

function sentryProcess(
  settings: StackSettings,
  { extraDependencies = [], ...component }: SentryProcess,
): CatalogueEntry {
  return {
    kind: 'Deployment',
    ...component,
    image: 'sentry',
    env: { ...sentryEnv(settings), ...component.env },
    config: ['sentry'],
    dependsOn: [...sentryDependencies.filter((name) => name !== component.name), ...extraDependencies],
  };
}

/** `sentry run consumer <topic>`: upstream's command unless given, the heartbeat probe, one replica. */
function consumer(
  settings: StackSettings,
  release: Release,
  name: string,
  description: string,
  args: readonly string[] = upstreamCommand(release, name),
): CatalogueEntry {
  return sentryProcess(settings, {
    name,
    args,
    liveness: { type: 'heartbeat' },
    readiness: { type: 'heartbeat' },
    resources: sentryConsumerResources,
    scalable: false,
    description,
  });
}

/**
 * `run consumer <name> --consumer-group <group>` and then the rest of the command in upstream's order: how every
 * Sentry consumer of the release's compose file starts its command (post-process-forwarder-errors alone does not).
 */
export function consumerGroupFirst(command: readonly string[]): readonly string[] {
  const head = command.slice(0, 2);
  const rest = command.slice(2);
  const name = rest.findIndex((word) => !word.startsWith('--'));
  const group = rest.indexOf('--consumer-group');
  if (name < 0 || group < 0) return command;
  const moved = [rest[name], ...rest.slice(group, group + 2)];
  return [
    ...head,
    ...moved,
    ...rest.filter((_, index) => index !== name && index !== group && index !== group + 1),
  ];
}

export const sentryComponents = (settings: StackSettings, release: Release): CatalogueEntry[] => {
  const sentryConsumer = (name: string, description: string, args?: readonly string[]) =>
    consumer(settings, release, name, description, args);
  return [
    sentryProcess(settings, {
      name: 'web',
      args: upstreamCommand(release, 'web'),
      ports: [{ name: 'http', port: 9000 }],
      liveness: { type: 'http', path: '/_health/', port: 9000 },
      readiness: { type: 'http', path: '/_health/', port: 9000 },
      // Limit: 3 uWSGI workers up to reload-on-rss 600 MB each (sentry.conf.py) plus 512 MiB for the master.
      resources: resources('100m', '768Mi', '2560Mi'),
      scalable: true,
      description: 'The Django web application and API (uWSGI, 3 workers × 4 threads).',
    }),
    sentryConsumer('events-consumer', 'Processes error events from Relay.'),
    sentryConsumer('attachments-consumer', 'Processes attachments and minidumps.'),
    sentryConsumer(
      'post-process-forwarder-errors',
      'Runs post-processing (alerts, notifications) once Snuba has stored an error.',
      // Upstream's flags in the order every other consumer has them (deliberate-differences.ts).
      consumerGroupFirst(upstreamCommand(release, 'post-process-forwarder-errors')),
    ),
    sentryConsumer('transactions-consumer', 'Processes transactions.'),
    sentryConsumer('metrics-consumer', 'Indexes release-health metrics.'),
    sentryConsumer('generic-metrics-consumer', 'Indexes generic (performance) metrics.'),
    // Up to 26.7.2 only (getsentry/self-hosted docker-compose.yml@26.7.2; removed in 26.8.0).
    sentryConsumer('billing-metrics-consumer', 'Counts billing outcomes from generic metrics.'),
    sentryConsumer('ingest-replay-recordings', 'Stores session replay recordings.'),
    sentryConsumer('ingest-occurrences', 'Creates issue-platform issues.'),
    sentryConsumer('ingest-monitors', 'Processes cron monitor check-ins.'),
    sentryConsumer('ingest-feedback-events', 'Processes user feedback.'),
    sentryConsumer('process-spans', 'Buffers spans into segments.'),
    sentryConsumer('process-segments', 'Processes span segments.'),
    sentryConsumer('monitors-clock-tick', 'Drives the cron monitor clock.'),
    sentryConsumer('monitors-clock-tasks', 'Detects missed and timed-out check-ins.'),
    sentryConsumer('uptime-results', 'Turns uptime check results into issues.'),
    sentryConsumer('post-process-forwarder-transactions', 'Post-processes stored transactions.'),
    sentryConsumer('post-process-forwarder-issue-platform', 'Post-processes issue-platform occurrences.'),
    sentryProcess(settings, {
      name: 'sentry-cleanup',
      kind: 'CronJob',
      schedule: '0 0 * * *',
      args: ['cleanup', '--days', '$(SENTRY_EVENT_RETENTION_DAYS)'],
      // Limit: one Sentry process deleting in batches (`--concurrency` defaults to 1).
      resources: resources('100m', '256Mi', '1Gi'),
      scalable: false,
      description: 'Nightly deletion of data older than the retention (upstream: cron inside a container).',
    }),
    sentryProcess(settings, {
      name: 'taskscheduler',
      args: upstreamCommand(release, 'taskscheduler'),
      unprobed: 'upstream runs the scheduler without a health check or port; a crash restarts the pod',
      // Limit: one Sentry process (~0.5 GiB with its imports) that only schedules.
      resources: resources('25m', '256Mi', '768Mi'),
      scalable: false,
      description: 'Schedules periodic tasks (replaced `sentry run cron` in 25.10.0).',
    }),
    sentryProcess(settings, {
      name: 'taskworker',
      args: [
        'run',
        'taskworker',
        '--concurrency=$(SENTRY_TASKWORKER_CONCURRENCY)',
        '--rpc-host=taskbroker:50051',
        '--health-check-file-path=/tmp/health.txt',
        '--max-child-task-count=10000',
      ],
      env: { SENTRY_TASKWORKER_CONCURRENCY: '4' },
      extraDependencies: ['taskbroker'],
      liveness: { type: 'heartbeat' },
      readiness: { type: 'heartbeat' },
      // Limit: SENTRY_TASKWORKER_CONCURRENCY (4) child processes and the parent, ~512 MiB each.
      resources: resources('100m', '512Mi', '2560Mi'),
      scalable: true,
      description: 'Runs background tasks from the taskbroker (replaced the Celery worker in 25.10.0).',
    }),
  ];
};
