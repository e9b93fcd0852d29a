import type { UpstreamFacts, UpstreamService } from './upstream-facts';

/**
 * What getsentry/self-hosted 26.8.0 (tag 73fe2f27) sets, as data: extracted once from the tag and checked in, so
 * specs can diff the rendered stack against it (stack/catalogue/deliberate-differences.ts lists where we differ).
 * Compose interpolation is applied with the tag's .env: `${VAR:-default}` and `$VAR` are resolved, a variable
 * passed through from the host (`NAME:` without value) is its .env value or `null` when .env leaves it unset.
 */

/** A command as compose writes it, one string split at spaces (none of these quotes a word). */
const words = (line: string): readonly string[] => line.split(' ');

/** docker-compose.yml `x-sentry-defaults`: the image built from sentry/Dockerfile on SENTRY_IMAGE. */
const xSentryDefaults = {
  image: 'ghcr.io/getsentry/sentry:26.8.0',
  build: 'sentry/Dockerfile',
  entrypoint: ['/etc/sentry/entrypoint.sh'],
  environment: {
    PYTHONUSERBASE: '/data/custom-packages',
    SENTRY_CONF: '/etc/sentry',
    SNUBA: 'http://snuba-api:1218',
    VROOM: 'http://vroom:8085',
    DEFAULT_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt',
    REQUESTS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt',
    GRPC_DEFAULT_SSL_ROOTS_FILE_PATH_ENV_VAR: '/etc/ssl/certs/ca-certificates.crt',
    COMPOSE_PROFILES: 'feature-complete',
    SENTRY_EVENT_RETENTION_DAYS: '90',
    SENTRY_KAFKA_MAX_POLL_INTERVAL_MS: null,
    SENTRY_MAIL_HOST: null,
    SENTRY_MAX_EXTERNAL_SOURCEMAP_SIZE: null,
    SENTRY_SYSTEM_SECRET_KEY: null,
    LAUNCHPAD_RPC_SHARED_SECRET: 'supersecret',
    SENTRY_STATSD_ADDR: '',
  },
} satisfies Partial<UpstreamService>;

/** docker-compose.yml `x-snuba-defaults`. */
const xSnubaDefaults = {
  image: 'ghcr.io/getsentry/snuba:26.8.0',
  environment: {
    SNUBA_SETTINGS: 'self_hosted',
    CLICKHOUSE_HOST: 'clickhouse',
    DEFAULT_BROKERS: 'kafka:9092',
    REDIS_HOST: 'redis',
    UWSGI_MAX_REQUESTS: '10000',
    UWSGI_DISABLE_LOGGING: 'true',
    SENTRY_KAFKA_MAX_POLL_INTERVAL_MS: null,
    SENTRY_EVENT_RETENTION_DAYS: '90',
    SNUBA_STATSD_ADDR: '',
  },
} satisfies Partial<UpstreamService>;

export const upstream_26_8_0: UpstreamFacts = {
  repository: 'getsentry/self-hosted',
  tag: '26.8.0',
  services: {
    source: 'docker-compose.yml',
    byName: {
      smtp: {
        image: 'registry.gitlab.com/egos-tech/smtp',
        environment: { MAILNAME: '', SES_USER: null, SES_PASSWORD: null, SES_REGION: null },
      },
      memcached: { image: 'memcached:1.6.45-alpine', command: ['-I', '1M'], environment: {} },
      redis: {
        image: 'valkey/valkey:8.1.9-alpine',
        command: ['valkey-server', '/usr/local/etc/redis/redis.conf'],
        environment: {},
        ulimits: { nofile: { soft: 10032, hard: 10032 } },
      },
      postgres: {
        image: 'postgres:14.23-bookworm',
        command: ['postgres'],
        environment: { POSTGRES_HOST_AUTH_METHOD: 'trust' },
      },
      pgbouncer: {
        image: 'edoburu/pgbouncer:v1.25.2-p0',
        environment: {
          DB_USER: 'postgres',
          DB_HOST: 'postgres',
          DB_NAME: 'postgres',
          AUTH_TYPE: 'trust',
          POOL_MODE: 'transaction',
          ADMIN_USERS: 'postgres,sentry',
          MAX_CLIENT_CONN: '10000',
        },
      },
      kafka: {
        image: 'confluentinc/cp-kafka:7.6.6',
        environment: {
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1001@127.0.0.1:29093',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_NODE_ID: '1001',
          CLUSTER_ID: 'MkU3OEVBNTcwNTJENDM2Qk',
          KAFKA_LISTENERS:
            'PLAINTEXT://0.0.0.0:29092,INTERNAL://0.0.0.0:9093,EXTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:29093',
          KAFKA_ADVERTISED_LISTENERS:
            'PLAINTEXT://127.0.0.1:29092,INTERNAL://kafka:9093,EXTERNAL://kafka:9092',
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
            'PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
          KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
          KAFKA_LOG_RETENTION_HOURS: '3',
          KAFKA_MESSAGE_MAX_BYTES: '50000000',
          KAFKA_MAX_REQUEST_SIZE: '50000000',
          CONFLUENT_SUPPORT_METRICS_ENABLE: 'false',
          KAFKA_LOG4J_LOGGERS:
            'kafka.cluster=WARN,kafka.controller=WARN,kafka.coordinator=WARN,kafka.log=WARN,kafka.server=WARN,state.change.logger=WARN',
          KAFKA_LOG4J_ROOT_LOGLEVEL: 'WARN',
          KAFKA_TOOLS_LOG4J_LOGLEVEL: 'WARN',
        },
        ulimits: { nofile: { soft: 100000, hard: 100000 } },
      },
      clickhouse: {
        image: 'altinity/clickhouse-server:25.3.6.10034.altinitystable',
        build: 'clickhouse/Dockerfile',
        environment: { MAX_MEMORY_USAGE_RATIO: '0.3' },
        ulimits: { nofile: { soft: 262144, hard: 262144 } },
      },
      seaweedfs: {
        image:
          'chrislusf/seaweedfs:4.40_large_disk@sha256:d07aa1dae03c687e0737b86130ded1b18474211a09e85d737fbe5508b8805139',
        entrypoint: ['weed'],
        command: words(
          'mini -dir=/data -filer.defaultReplicaPlacement=000 -metricsPort=9091 -volume.dir.idx=/data/idx -volume.index=leveldbLarge -volume.preStopSeconds=8 -volume.readMode=redirect -ip.bind=0.0.0.0 -webdav=false',
        ),
        environment: {
          HTTP_PROXY: '',
          HTTPS_PROXY: '',
          http_proxy: '',
          https_proxy: '',
          AWS_ACCESS_KEY_ID: 'sentry',
          AWS_SECRET_ACCESS_KEY: 'sentry',
        },
      },
      'snuba-api': { ...xSnubaDefaults },
      'snuba-errors-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage errors --consumer-group snuba-consumers --auto-offset-reset=latest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-outcomes-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage outcomes_raw --consumer-group snuba-consumers --auto-offset-reset=earliest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-outcomes-accepted-consumer': {
        ...xSnubaDefaults,
        command: words(
          'accepted-outcomes-consumer --storage eap_items --consumer-group accepted_outcomes --auto-offset-reset=earliest --max-batch-time-ms 750 --no-strict-offset-reset --accepted-outcomes-topic outcomes-billing --max-poll-interval-ms 300000',
        ),
      },
      'snuba-outcomes-billing-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage outcomes_raw --consumer-group snuba-consumers --auto-offset-reset=earliest --max-batch-time-ms 750 --no-strict-offset-reset --raw-events-topic outcomes-billing --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-group-attributes-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage group_attributes --consumer-group snuba-group-attributes-consumers --auto-offset-reset=latest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-replacer': {
        ...xSnubaDefaults,
        command: words(
          'replacer --storage errors --auto-offset-reset=latest --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-subscription-consumer-events': {
        ...xSnubaDefaults,
        command: words(
          'subscriptions-scheduler-executor --dataset events --entity events --auto-offset-reset=latest --no-strict-offset-reset --consumer-group=snuba-events-subscriptions-consumers --followed-consumer-group=snuba-consumers --schedule-ttl=60 --stale-threshold-seconds=900 --health-check-file /tmp/health.txt',
        ),
      },
      'snuba-transactions-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage transactions --consumer-group transactions_group --auto-offset-reset=latest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-replays-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage replays --consumer-group snuba-consumers --auto-offset-reset=latest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-issue-occurrence-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage search_issues --consumer-group generic_events_group --auto-offset-reset=latest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-metrics-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage metrics_raw --consumer-group snuba-metrics-consumers --auto-offset-reset=latest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-subscription-consumer-transactions': {
        ...xSnubaDefaults,
        command: words(
          'subscriptions-scheduler-executor --dataset transactions --entity transactions --auto-offset-reset=latest --no-strict-offset-reset --consumer-group=snuba-transactions-subscriptions-consumers --followed-consumer-group=transactions_group --schedule-ttl=60 --stale-threshold-seconds=900 --health-check-file /tmp/health.txt',
        ),
      },
      'snuba-subscription-consumer-metrics': {
        ...xSnubaDefaults,
        command: words(
          'subscriptions-scheduler-executor --dataset metrics --entity metrics_sets --entity metrics_counters --auto-offset-reset=latest --no-strict-offset-reset --consumer-group=snuba-metrics-subscriptions-consumers --followed-consumer-group=snuba-metrics-consumers --schedule-ttl=60 --stale-threshold-seconds=900 --health-check-file /tmp/health.txt',
        ),
      },
      'snuba-subscription-consumer-generic-metrics-counters': {
        ...xSnubaDefaults,
        command: words(
          'subscriptions-scheduler-executor --dataset generic_metrics --entity=generic_metrics_counters --auto-offset-reset=latest --no-strict-offset-reset --consumer-group=snuba-generic-metrics-counters-subscriptions-schedulers --followed-consumer-group=snuba-gen-metrics-counters-consumers --schedule-ttl=60 --stale-threshold-seconds=900 --health-check-file /tmp/health.txt',
        ),
      },
      'snuba-generic-metrics-counters-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage generic_metrics_counters_raw --consumer-group snuba-gen-metrics-counters-consumers --auto-offset-reset=latest --max-batch-time-ms 750 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-profiling-profiles-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage profiles --consumer-group snuba-consumers --auto-offset-reset=latest --max-batch-time-ms 1000 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-profiling-functions-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage functions_raw --consumer-group snuba-consumers --auto-offset-reset=latest --max-batch-time-ms 1000 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-profiling-profile-chunks-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage profile_chunks --consumer-group snuba-consumers --auto-offset-reset=latest --max-batch-time-ms 1000 --no-strict-offset-reset --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-eap-items-consumer': {
        ...xSnubaDefaults,
        command: words(
          'rust-consumer --storage eap_items --consumer-group eap_items_group --auto-offset-reset=latest --max-batch-time-ms 1000 --no-strict-offset-reset --use-rust-processor --health-check-file /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'snuba-subscription-consumer-eap-items': {
        ...xSnubaDefaults,
        command: words(
          'subscriptions-scheduler-executor --dataset events_analytics_platform --entity eap_items --auto-offset-reset=latest --no-strict-offset-reset --consumer-group=snuba-eap-items-subscriptions-consumers --followed-consumer-group=eap_items_group --schedule-ttl=60 --stale-threshold-seconds=900 --health-check-file /tmp/health.txt',
        ),
      },
      symbolicator: {
        image: 'ghcr.io/getsentry/symbolicator:26.8.0',
        command: words('run -c /etc/symbolicator/config.yml'),
        environment: { SYMBOLICATOR_STATSD_ADDR: '127.0.0.1:8125' },
      },
      'symbolicator-cleanup': {
        image: 'ghcr.io/getsentry/symbolicator:26.8.0',
        command: words('cleanup -c /etc/symbolicator/config.yml --repeat 1h'),
        environment: { SYMBOLICATOR_STATSD_ADDR: '127.0.0.1:8125' },
      },
      web: { ...xSentryDefaults, command: ['run', 'web'], ulimits: { nofile: { soft: 4096, hard: 4096 } } },
      'events-consumer': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-events --consumer-group ingest-consumer --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'attachments-consumer': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-attachments --consumer-group ingest-consumer --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'post-process-forwarder-errors': {
        ...xSentryDefaults,
        command: words(
          'run consumer post-process-forwarder-errors --auto-offset-reset=earliest --no-strict-offset-reset --consumer-group post-process-forwarder --synchronize-commit-log-topic=snuba-commit-log --synchronize-commit-group=snuba-consumers --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'transactions-consumer': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-transactions --consumer-group ingest-consumer --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'metrics-consumer': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-metrics --consumer-group metrics-consumer --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'generic-metrics-consumer': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-generic-metrics --consumer-group generic-metrics-consumer --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'ingest-occurrences': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-occurrences --consumer-group ingest-occurrences --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'ingest-monitors': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-monitors --consumer-group ingest-monitors --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'ingest-feedback-events': {
        ...xSentryDefaults,
        command: words(
          'run consumer ingest-feedback-events --consumer-group ingest-feedback --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'process-spans': {
        ...xSentryDefaults,
        command: words(
          'run consumer process-spans --consumer-group process-spans --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'process-segments': {
        ...xSentryDefaults,
        command: words(
          'run consumer process-segments --consumer-group process-segments --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'monitors-clock-tick': {
        ...xSentryDefaults,
        command: words(
          'run consumer monitors-clock-tick --consumer-group monitors-clock-tick --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'monitors-clock-tasks': {
        ...xSentryDefaults,
        command: words(
          'run consumer monitors-clock-tasks --consumer-group monitors-clock-tasks --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'uptime-results': {
        ...xSentryDefaults,
        command: words(
          'run consumer uptime-results --consumer-group uptime-results --auto-offset-reset=earliest --no-strict-offset-reset --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'post-process-forwarder-transactions': {
        ...xSentryDefaults,
        command: words(
          'run consumer post-process-forwarder-transactions --consumer-group post-process-forwarder --auto-offset-reset=earliest --no-strict-offset-reset --synchronize-commit-log-topic=snuba-transactions-commit-log --synchronize-commit-group transactions_group --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'post-process-forwarder-issue-platform': {
        ...xSentryDefaults,
        command: words(
          'run consumer post-process-forwarder-issue-platform --consumer-group post-process-forwarder --auto-offset-reset=earliest --no-strict-offset-reset --synchronize-commit-log-topic=snuba-generic-events-commit-log --synchronize-commit-group generic_events_group --healthcheck-file-path /tmp/health.txt --max-poll-interval-ms 300000',
        ),
      },
      'sentry-cleanup': {
        ...xSentryDefaults,
        build: 'cron/Dockerfile',
        entrypoint: ['/entrypoint.sh'],
        command: ['0 0 * * * gosu sentry sentry cleanup --days 90'],
      },
      nginx: { image: 'nginx:1.31.3-alpine', environment: {} },
      relay: {
        image: 'ghcr.io/getsentry/relay:26.8.0',
        environment: { RELAY_STATSD_ADDR: '127.0.0.1:8125' },
      },
      taskbroker: {
        image: 'ghcr.io/getsentry/taskbroker:26.8.0',
        command: words('/opt/taskbroker -c /etc/taskbroker/config.yml'),
        environment: {
          TASKBROKER_KAFKA_CLUSTERS__DEFAULT__ADDRESS: 'kafka:9092',
          TASKBROKER_DB_PATH: '/opt/sqlite/taskbroker-activations.sqlite',
          TASKBROKER_STATSD_ADDR: '127.0.0.1:8125',
        },
      },
      taskscheduler: { ...xSentryDefaults, command: ['run', 'taskworker-scheduler'] },
      taskworker: {
        ...xSentryDefaults,
        command: words(
          'run taskworker --concurrency=4 --rpc-host=taskbroker:50051 --health-check-file-path=/tmp/health.txt --max-child-task-count=10000',
        ),
      },
      'launchpad-taskworker': {
        image: 'ghcr.io/getsentry/launchpad:26.8.0',
        command: ['worker', '--verbose'],
        environment: {
          LAUNCHPAD_WORKER_RPC_HOST: 'taskbroker:50051',
          LAUNCHPAD_WORKER_CONCURRENCY: '4',
          LAUNCHPAD_WORKER_HEALTH_CHECK_FILE_PATH: '/tmp/health.txt',
          KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092',
          SENTRY_BASE_URL: 'http://web:9000',
          LAUNCHPAD_RPC_SHARED_SECRET: 'supersecret',
          LAUNCHPAD_ENV: 'self-hosted',
        },
      },
      vroom: {
        image: 'ghcr.io/getsentry/vroom:26.8.0',
        environment: {
          SENTRY_KAFKA_BROKERS_PROFILING: 'kafka:9092',
          SENTRY_KAFKA_BROKERS_OCCURRENCES: 'kafka:9092',
          SENTRY_BUCKET_PROFILES:
            's3://profiles?region=us-east-1&endpoint=seaweedfs:8333&s3ForcePathStyle=true&disableSSL=true',
          AWS_ACCESS_KEY: 'sentry',
          AWS_SECRET_KEY: 'sentry',
          SENTRY_SNUBA_HOST: 'http://snuba-api:1218',
        },
      },
      'uptime-checker': {
        image: 'ghcr.io/getsentry/uptime-checker:26.8.0',
        command: ['run'],
        environment: {
          UPTIME_CHECKER_RESULTS_KAFKA_CLUSTER: 'kafka:9092',
          UPTIME_CHECKER_REDIS_HOST: 'redis://redis:6379',
          UPTIME_CHECKER_ALLOW_INTERNAL_IPS: 'false',
          UPTIME_CHECKER_FAILURE_RETRIES: '1',
          UPTIME_CHECKER_STATSD_ADDR: '127.0.0.1:8125',
        },
      },
    },
  },
  features: {
    source: 'sentry/sentry.conf.example.py',
    // SENTRY_FEATURES.update(): upstream's tuples, in its order, named after the comment above each.
    enabled: {
      general: [
        'organizations:discover',
        'organizations:global-views',
        'organizations:issue-views',
        'organizations:incidents',
        'organizations:integrations-issue-basic',
        'organizations:integrations-issue-sync',
        'organizations:invite-members',
        'organizations:sso-basic',
        'organizations:sso-saml2',
        'organizations:advanced-search',
        'organizations:issue-platform',
        'organizations:monitors',
        'organizations:dashboards-mep',
        'organizations:mep-rollout-flag',
        'organizations:dashboards-rh-widget',
        'organizations:dynamic-sampling',
        'organizations:workflow-engine-ui',
        'organizations:workflow-engine-rule-serializers',
        'projects:custom-inbound-filters',
        'projects:data-forwarding',
        'projects:discard-groups',
        'projects:plugins',
        'projects:rate-limits',
        'projects:servicehooks',
      ],
      performance: [
        'organizations:performance-view',
        'organizations:span-stats',
        'organizations:visibility-explore-view',
        'organizations:visibility-explore-range-high',
        'organizations:transaction-metrics-extraction',
        'organizations:indexed-spans-extraction',
        'organizations:insights-entry-points',
        'organizations:insights-initial-modules',
        'organizations:insights-addon-modules',
        'organizations:insights-modules-use-eap',
        'organizations:starfish-mobile-appstart',
        'organizations:on-demand-metrics-extraction',
        'projects:span-metrics-extraction',
        'projects:span-metrics-extraction-addons',
      ],
      sessionReplay: ['organizations:session-replay'],
      userFeedback: ['organizations:user-feedback-ui'],
      profiling: ['organizations:profiling', 'organizations:profiling-view'],
      continuousProfiling: ['organizations:continuous-profiling', 'organizations:continuous-profiling-stats'],
      uptime: ['organizations:uptime', 'organizations:uptime-create-issues'],
      logs: [
        'organizations:ourlogs-enabled',
        'organizations:ourlogs-ingestion',
        'organizations:ourlogs-stats',
        'organizations:ourlogs-replay-ui',
      ],
      metrics: [
        'organizations:tracemetrics-enabled',
        'organizations:tracemetrics-alerts',
        'organizations:tracemetrics-ingestion',
        'organizations:tracemetrics-equations-in-alerts',
        'organizations:tracemetrics-equations-in-explore',
        'organizations:tracemetrics-multi-metric-selection-in-dashboards',
        'organizations:tracemetrics-units-ui',
        'organizations:tracemetrics-stats-bytes-ui',
        'organizations:tracemetrics-pii-scrubbing-ui',
      ],
      transactionMigration: [
        'organizations:discover-saved-queries-deprecation',
        'organizations:expose-migrated-discover-queries',
        'organizations:performance-transaction-deprecation-banner',
      ],
    },
    disabled: ['projects:sample-events'],
  },
  nginx: {
    source: 'nginx.conf',
    clientMaxBodySize: '100m',
    proxyReadTimeout: '90s',
    proxySendTimeout: '5s',
    routes: [
      { location: '/api/store/', match: 'prefix', to: 'relay' },
      { location: '^/api/[1-9]\\d*/', match: 'regex', to: 'relay' },
      { location: '/api/0/relays/', match: 'preferred-prefix', to: 'relay' },
      { location: '/js-sdk/', match: 'preferred-prefix', to: 'static-files' },
      { location: '/', match: 'prefix', to: 'web' },
      {
        location: '/_assets/',
        match: 'prefix',
        to: 'web',
        rewrite: '/_static/dist/sentry/',
        hideHeaders: ['Content-Disposition'],
      },
      { location: '/_static/', match: 'prefix', to: 'web', hideHeaders: ['Content-Disposition'] },
    ],
  },
  configFiles: {
    clickhouse: {
      source: 'clickhouse/config.xml',
      settings: {
        'max_server_memory_usage_to_ram_ratio@from_env': 'MAX_MEMORY_USAGE_RATIO',
        'logger/level': 'warning',
        'logger/console': 'true',
        'query_thread_log@remove': 'remove',
        'query_log@remove': 'remove',
        'query_views_log@remove': 'remove',
        'text_log@remove': 'remove',
        'trace_log@remove': 'remove',
        'metric_log@remove': 'remove',
        'asynchronous_metric_log@remove': 'remove',
        'session_log@remove': 'remove',
        'part_log@remove': 'remove',
        'processors_profile_log@remove': 'remove',
        'error_log@remove': 'remove',
        'latency_log@remove': 'remove',
        allow_nullable_key: '1',
        'profiles/default/log_queries': '0',
        'profiles/default/log_query_threads': '0',
        'merge_tree/enable_mixed_granularity_parts': '1',
        'merge_tree/max_suspicious_broken_parts': '100',
      },
    },
    clickhouseUsers: {
      source: 'clickhouse/default-password.xml',
      settings: { 'users/default/password': '', 'users/default/networks/ip': '::/0' },
    },
    valkey: { source: 'redis.conf', settings: { maxmemory: '0', 'maxmemory-policy': 'volatile-lru' } },
    sentryOptions: {
      source: 'sentry/config.example.yml',
      settings: {
        'mail.host': 'smtp',
        'system.internal-url-prefix': 'http://web:9000',
        'system.secret-key': '!!changeme!!',
        'filestore.backend': 'filesystem',
        'filestore.options/location': '/data/files',
        'dsym.cache-path': '/data/dsym-cache',
        'releasefile.cache-path': '/data/releasefile-cache',
        'filestore.profiles-backend': 's3',
        'filestore.profiles-options/bucket_acl': 'private',
        'filestore.profiles-options/default_acl': 'private',
        'filestore.profiles-options/access_key': 'sentry',
        'filestore.profiles-options/secret_key': 'sentry',
        'filestore.profiles-options/bucket_name': 'profiles',
        'filestore.profiles-options/region_name': 'us-east-1',
        'filestore.profiles-options/endpoint_url': 'http://seaweedfs:8333',
        'filestore.profiles-options/addressing_style': 'path',
        'filestore.profiles-options/signature_version': 's3v4',
        'symbolicator.enabled': 'true',
        'symbolicator.options/url': 'http://symbolicator:3021',
        'transaction-events.force-disable-internal-project': 'true',
      },
    },
    relay: {
      source: 'relay/config.example.yml',
      settings: {
        'relay/upstream': 'http://web:9000/',
        'relay/host': '0.0.0.0',
        'relay/port': '3000',
        'logging/level': 'WARN',
        'processing/enabled': 'true',
        'processing/kafka_config/0/name': 'bootstrap.servers',
        'processing/kafka_config/0/value': 'kafka:9092',
        'processing/kafka_config/1/name': 'message.max.bytes',
        'processing/kafka_config/1/value': '50000000',
        'processing/redis': 'redis://redis:6379',
        'processing/geoip_path': '/geoip/GeoLite2-City.mmdb',
        http: '',
        'metrics/statsd': '${RELAY_STATSD_ADDR}',
        'metrics/prefix': 'sentry.relay',
      },
    },
  },
  // "16 GB minimum host RAM" (the hard floor it enforces is 14000 MB for feature-complete).
  hostMemory: { source: 'install/_min-requirements.sh', recommendedGb: 16 },
  hardStopMentions: [
    {
      source: 'install/ensure-correct-permissions-profiles-dir.sh',
      text: '# TODO: Remove this after the next hard-stop',
    },
  ],
  installSteps: [
    'install/_logging.sh',
    'install/_lib.sh',
    'install/parse-cli.sh',
    'install/detect-platform.sh',
    'install/dc-detect-version.sh',
    'install/error-handling.sh',
    'install/check-latest-commit.sh',
    'install/check-minimum-requirements.sh',
    'install/upgrade-clickhouse.sh',
    'install/cleanup-clickhouse.sh',
    'install/update-docker-images.sh',
    'install/turn-things-off.sh',
    'install/create-docker-volumes.sh',
    'install/ensure-files-from-examples.sh',
    'install/check-memcached-backend.sh',
    'install/ensure-relay-credentials.sh',
    'install/generate-secret-key.sh',
    'install/build-docker-images.sh',
    'install/migrate-seaweedfs-kek.sh',
    'install/bootstrap-s3-nodestore.sh',
    'install/bootstrap-snuba.sh',
    'install/upgrade-postgres.sh',
    'install/ensure-correct-permissions-profiles-dir.sh',
    'install/bootstrap-s3-profiles.sh',
    'install/set-up-and-migrate-database.sh',
    'install/migrate-pgbouncer.sh',
    'install/geoip.sh',
    'install/setup-js-sdk-assets.sh',
    'install/setup-custom-ca-certificate.sh',
    'install/wrap-up.sh',
  ],
};
