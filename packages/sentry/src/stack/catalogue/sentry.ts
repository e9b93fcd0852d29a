import type { Component, EnvValue } from '../component';
import { secretEnv, optionalSecretEnv, SecretEnvName } from '../secret-env';
import type { StackSettings } from '../settings';
import { resources, sentryConsumerResources } from './resources';
import { sentryPackages } from './sentry-packages';

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

type SentryProcess = Omit<Component, 'image' | 'config' | 'dependsOn' | 'env' | 'kind'> &
  Partial<Pick<Component, 'kind'>> & { env?: Record<string, EnvValue>; extraDependencies?: string[] };

function sentryProcess(
  settings: StackSettings,
  { extraDependencies = [], ...component }: SentryProcess,
): Component {
  return {
    kind: 'Deployment',
    ...component,
    image: 'sentry',
    env: { ...sentryEnv(settings), ...component.env },
    config: ['sentry'],
    dependsOn: [...sentryDependencies.filter((name) => name !== component.name), ...extraDependencies],
  };
}

/** `sentry run consumer <topic>` with the flags upstream passes to all of them. */
function consumer(
  settings: StackSettings,
  name: string,
  profile: Component['profile'],
  consumerName: string,
  group: string,
  description: string,
  extraArgs: readonly string[] = [],
): Component {
  return sentryProcess(settings, {
    name,
    profile,
    args: [
      'run',
      'consumer',
      consumerName,
      '--consumer-group',
      group,
      '--auto-offset-reset=earliest',
      '--no-strict-offset-reset',
      ...extraArgs,
      '--healthcheck-file-path',
      '/tmp/health.txt',
      '--max-poll-interval-ms',
      '$(SENTRY_KAFKA_MAX_POLL_INTERVAL_MS)',
    ],
    liveness: { type: 'heartbeat' },
    readiness: { type: 'heartbeat' },
    resources: sentryConsumerResources,
    scalable: false,
    description,
  });
}

export const sentryComponents = (settings: StackSettings): Component[] => {
  const sentryConsumer = (
    name: string,
    profile: Component['profile'],
    consumerName: string,
    group: string,
    description: string,
    extraArgs?: readonly string[],
  ) => consumer(settings, name, profile, consumerName, group, description, extraArgs);
  return [
    sentryProcess(settings, {
      name: 'web',
      profile: 'always',
      args: ['run', 'web'],
      ports: [{ name: 'http', port: 9000 }],
      liveness: { type: 'http', path: '/_health/', port: 9000 },
      readiness: { type: 'http', path: '/_health/', port: 9000 },
      // Limit: 3 uWSGI workers up to reload-on-rss 600 MB each (sentry.conf.py) plus 512 MiB for the master.
      resources: resources('100m', '768Mi', '2560Mi'),
      scalable: true,
      description: 'The Django web application and API (uWSGI, 3 workers × 4 threads).',
    }),
    sentryConsumer(
      'events-consumer',
      'always',
      'ingest-events',
      'ingest-consumer',
      'Processes error events from Relay.',
    ),
    sentryConsumer(
      'attachments-consumer',
      'always',
      'ingest-attachments',
      'ingest-consumer',
      'Processes attachments and minidumps.',
    ),
    sentryConsumer(
      'post-process-forwarder-errors',
      'always',
      'post-process-forwarder-errors',
      'post-process-forwarder',
      'Runs post-processing (alerts, notifications) once Snuba has stored an error.',
      ['--synchronize-commit-log-topic=snuba-commit-log', '--synchronize-commit-group=snuba-consumers'],
    ),
    sentryConsumer(
      'transactions-consumer',
      'feature-complete',
      'ingest-transactions',
      'ingest-consumer',
      'Processes transactions.',
    ),
    sentryConsumer(
      'metrics-consumer',
      'feature-complete',
      'ingest-metrics',
      'metrics-consumer',
      'Indexes release-health metrics.',
    ),
    sentryConsumer(
      'generic-metrics-consumer',
      'feature-complete',
      'ingest-generic-metrics',
      'generic-metrics-consumer',
      'Indexes generic (performance) metrics.',
    ),
    sentryConsumer(
      'ingest-occurrences',
      'feature-complete',
      'ingest-occurrences',
      'ingest-occurrences',
      'Creates issue-platform issues.',
    ),
    sentryConsumer(
      'ingest-monitors',
      'feature-complete',
      'ingest-monitors',
      'ingest-monitors',
      'Processes cron monitor check-ins.',
    ),
    sentryConsumer(
      'ingest-feedback-events',
      'feature-complete',
      'ingest-feedback-events',
      'ingest-feedback',
      'Processes user feedback.',
    ),
    sentryConsumer(
      'process-spans',
      'feature-complete',
      'process-spans',
      'process-spans',
      'Buffers spans into segments.',
    ),
    sentryConsumer(
      'process-segments',
      'feature-complete',
      'process-segments',
      'process-segments',
      'Processes span segments.',
    ),
    sentryConsumer(
      'monitors-clock-tick',
      'feature-complete',
      'monitors-clock-tick',
      'monitors-clock-tick',
      'Drives the cron monitor clock.',
    ),
    sentryConsumer(
      'monitors-clock-tasks',
      'feature-complete',
      'monitors-clock-tasks',
      'monitors-clock-tasks',
      'Detects missed and timed-out check-ins.',
    ),
    sentryConsumer(
      'uptime-results',
      'feature-complete',
      'uptime-results',
      'uptime-results',
      'Turns uptime check results into issues.',
    ),
    sentryConsumer(
      'post-process-forwarder-transactions',
      'feature-complete',
      'post-process-forwarder-transactions',
      'post-process-forwarder',
      'Post-processes stored transactions.',
      [
        '--synchronize-commit-log-topic=snuba-transactions-commit-log',
        '--synchronize-commit-group',
        'transactions_group',
      ],
    ),
    sentryConsumer(
      'post-process-forwarder-issue-platform',
      'feature-complete',
      'post-process-forwarder-issue-platform',
      'post-process-forwarder',
      'Post-processes issue-platform occurrences.',
      [
        '--synchronize-commit-log-topic=snuba-generic-events-commit-log',
        '--synchronize-commit-group',
        'generic_events_group',
      ],
    ),
    sentryProcess(settings, {
      name: 'sentry-cleanup',
      profile: 'always',
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
      profile: 'always',
      args: ['run', 'taskworker-scheduler'],
      unprobed: 'upstream runs the scheduler without a health check or port; a crash restarts the pod',
      // Limit: one Sentry process (~0.5 GiB with its imports) that only schedules.
      resources: resources('25m', '256Mi', '768Mi'),
      scalable: false,
      description: 'Schedules periodic tasks (replaced `sentry run cron` in 25.10.0).',
    }),
    sentryProcess(settings, {
      name: 'taskworker',
      profile: 'always',
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
