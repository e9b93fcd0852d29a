import type { CatalogueEntry } from '../component';
import { valkeyMaxMemoryMb } from '../config/valkey-config';
import type { Release } from '../releases';
import type { StackSettings } from '../settings';
import { resources } from './resources';
import { upstreamCommand } from './upstream-command';

/** The release's docker-compose.yml, service kafka: every variable has a value there. */
const upstreamKafkaEnv = (release: Release) =>
  Object.fromEntries(
    Object.entries(release.upstream.services.byName.kafka?.environment ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    ),
  );

/** The data services of the stack; each is dropped when the user points at an external one. */
export function infrastructureComponents(settings: StackSettings, release: Release): CatalogueEntry[] {
  const redisCommand = upstreamCommand(release, 'redis');
  // `valkey-server` or `redis-server`: the server the release runs names its client.
  const redisCli = (redisCommand[0] ?? 'valkey-server').replace(/-server$/, '-cli');
  return [
    {
      name: 'postgres',
      image: 'postgres',
      kind: 'StatefulSet',
      args: ['postgres', '-c', 'max_connections=200'],
      env: {
        POSTGRES_USER: 'postgres',
        POSTGRES_PASSWORD: { secret: 'core', key: 'postgres-password' },
        // A sub-directory, because a fresh volume's lost+found makes initdb refuse the mount point.
        PGDATA: '/var/lib/postgresql/data/pgdata',
      },
      ports: [{ name: 'postgres', port: 5432 }],
      liveness: { type: 'exec', command: ['pg_isready', '-U', 'postgres'] },
      readiness: { type: 'exec', command: ['pg_isready', '-U', 'postgres'] },
      volumes: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi' }],
      // VACUUM of large tables fails with the container default of 64 MB (self-hosted #3234).
      memoryVolumes: [{ name: 'shm', mountPath: '/dev/shm', size: '256Mi' }],
      // Requests: idle server with a few pooled backends. Limit: shared_buffers 128 MB, up to 200 backends
      // (max_connections) of a few MB each, and maintenance_work_mem for VACUUM.
      resources: resources('100m', '384Mi', '2Gi'),
      dependsOn: [],
      scalable: false,
      description: 'PostgreSQL 14: organizations, projects, users, issues metadata.',
    },
    {
      name: 'pgbouncer',
      image: 'pgbouncer',
      kind: 'Deployment',
      env: {
        DB_HOST: 'postgres',
        DB_USER: 'postgres',
        DB_PASSWORD: { secret: 'core', key: 'postgres-password' },
        DB_NAME: 'postgres',
        AUTH_TYPE: 'scram-sha-256',
        POOL_MODE: 'transaction',
        ADMIN_USERS: 'postgres,sentry',
        MAX_CLIENT_CONN: '10000',
      },
      ports: [{ name: 'postgres', port: 5432 }],
      liveness: { type: 'tcp', port: 5432 },
      readiness: { type: 'tcp', port: 5432 },
      // Limit: up to MAX_CLIENT_CONN 10000 clients of ~10 kB (two packet buffers each) and the pools.
      resources: resources('20m', '32Mi', '256Mi'),
      dependsOn: ['postgres'],
      scalable: true,
      description:
        'Connection pooler in front of PostgreSQL; every Sentry process connects here (since 25.9.0).',
    },
    {
      name: 'kafka',
      image: 'kafka',
      kind: 'StatefulSet',
      env: {
        // Upstream's broker settings as they are: KRaft single node, 50 MB messages, WARN logs, and retention by
        // time only (3 h). A byte cap per partition would delete data a lagging consumer has not read; disk is
        // bounded by the volume instead: 20 GiB holds 3 h of ~1.9 MB/s across all topics (`scripts/doctor.sh`
        // reports Kafka volume usage).
        ...upstreamKafkaEnv(release),
        // Smaller segments than the 1 GiB default let the 3 h apply to quiet topics too (only closed segments
        // are deleted).
        KAFKA_LOG_SEGMENT_BYTES: '52428800',
        KAFKA_HEAP_OPTS: '-Xms512m -Xmx512m',
      },
      ports: [
        { name: 'kafka', port: 9092 },
        { name: 'internal', port: 9093 },
      ],
      liveness: { type: 'tcp', port: 9092 },
      readiness: { type: 'tcp', port: 9092 },
      volumes: [{ name: 'data', mountPath: '/var/lib/kafka/data', size: '20Gi' }],
      // Requests and limit: the 512 MiB heap (KAFKA_HEAP_OPTS), ~0.5 GiB off heap (network buffers for 50 MB
      // messages, metaspace), the rest page cache the kernel reclaims.
      resources: resources('100m', '768Mi', '1536Mi'),
      dependsOn: [],
      scalable: false,
      description: 'Kafka 7.6 in KRaft mode (no Zookeeper since 24.8.0): every event passes through it.',
    },
    {
      name: 'clickhouse',
      image: 'clickhouse',
      kind: 'StatefulSet',
      env: {
        // ClickHouse takes this share of its cgroup limit, not of the host. Upstream gives it 0.3 of the host
        // it sizes for (16 GB: install/_min-requirements.sh), 4.8 GB; 0.75 of the 6 GiB limit is 4.83 GB,
        // and the other 1.5 GiB is headroom for what its memory tracker does not count.
        MAX_MEMORY_USAGE_RATIO: '0.75',
        // Newer images otherwise write a users.d file restricting `default` to localhost over ours.
        CLICKHOUSE_SKIP_USER_SETUP: '1',
        SENTRY_CLICKHOUSE_PASSWORD: { secret: 'core', key: 'clickhouse-password' },
      },
      ports: [
        { name: 'native', port: 9000 },
        { name: 'http', port: 8123 },
      ],
      liveness: { type: 'http', path: '/ping', port: 8123 },
      readiness: { type: 'http', path: '/ping', port: 8123 },
      config: ['clickhouse'],
      volumes: [{ name: 'data', mountPath: '/var/lib/clickhouse', size: '30Gi' }],
      // Limit: upstream's ClickHouse budget (MAX_MEMORY_USAGE_RATIO above) plus 1.5 GiB the tracker does not count.
      resources: resources('100m', '768Mi', '6Gi'),
      dependsOn: [],
      scalable: false,
      description:
        'ClickHouse (Altinity stable build): events, transactions, replays, spans as Snuba stores them.',
    },
    {
      name: 'redis',
      image: 'valkey',
      kind: 'StatefulSet',
      command: redisCommand,
      ports: [{ name: 'redis', port: 6379 }],
      // The client beside the release's server: valkey-cli from 26.8.0, redis-cli in the redis:6.2 image before
      // (getsentry/self-hosted docker-compose.yml@26.7.2 checks `redis-cli ping`).
      liveness: { type: 'exec', command: [redisCli, 'ping'] },
      readiness: { type: 'exec', command: [redisCli, 'ping'] },
      config: ['valkey'],
      volumes: [{ name: 'data', mountPath: '/data', size: '2Gi' }],
      // Limit: twice maxmemory (valkey-config.ts): a background save forks, and the fork's copy-on-write
      // pages count against the same limit.
      resources: resources('50m', '128Mi', `${2 * valkeyMaxMemoryMb}Mi`),
      dependsOn: [],
      scalable: false,
      description:
        redisCli === 'redis-cli'
          ? 'Redis 6.2 (Valkey from 26.8.0): caches, rate limits, buffers.'
          : 'Valkey 8.1 (replaced Redis in 26.8.0; still called redis): caches, rate limits, buffers.',
    },
    {
      name: 'memcached',
      image: 'memcached',
      kind: 'Deployment',
      args: upstreamCommand(release, 'memcached'),
      ports: [{ name: 'memcached', port: 11211 }],
      liveness: { type: 'tcp', port: 11211 },
      readiness: { type: 'tcp', port: 11211 },
      // Limit: memcached's default 64 MB of items (-m) plus connection buffers; -I only caps one item.
      resources: resources('20m', '64Mi', '256Mi'),
      dependsOn: [],
      scalable: false,
      description: 'Memcached: Django cache; the item size limit caps fetched source maps.',
    },
    {
      name: 'seaweedfs',
      image: 'seaweedfs',
      kind: 'StatefulSet',
      // The index directory must exist before `weed mini` starts (upstream's install/bootstrap-s3-nodestore.sh
      // creates it with mkdir -p); `sh -c` does that, then runs weed with upstream's arguments unchanged.
      command: ['sh', '-c', 'mkdir -p /data/idx/ && exec weed "$@"', 'weed'],
      args: upstreamCommand(release, 'seaweedfs'),
      env: {
        // Upstream's x-force-no-proxy: S3 calls between pods must not go through a proxy a cluster injects.
        HTTP_PROXY: '',
        HTTPS_PROXY: '',
        http_proxy: '',
        https_proxy: '',
        AWS_ACCESS_KEY_ID: { secret: 'core', key: 's3-access-key' },
        AWS_SECRET_ACCESS_KEY: { secret: 'core', key: 's3-secret-key' },
      },
      ports: [
        { name: 's3', port: 8333 },
        { name: 'master', port: 9333 },
        { name: 'health', port: 9340 },
      ],
      liveness: { type: 'http', path: '/healthz', port: 9340 },
      readiness: { type: 'http', path: '/healthz', port: 8333 },
      volumes: [{ name: 'data', mountPath: '/data', size: '30Gi' }],
      // Limit: master, volume, filer and S3 in one process; the leveldbLarge index keeps needle maps on
      // disk, so memory does not grow with the data.
      resources: resources('50m', '192Mi', '1Gi'),
      dependsOn: [],
      scalable: false,
      description: 'SeaweedFS (`weed mini`): S3 buckets `nodestore` (event payloads) and `profiles`.',
    },
    {
      name: 'smtp',
      image: 'smtp',
      kind: 'Deployment',
      env: { MAILNAME: settings.domain },
      ports: [{ name: 'smtp', port: 25 }],
      liveness: { type: 'tcp', port: 25 },
      readiness: { type: 'tcp', port: 25 },
      // Limit: exim forks one small process per delivery; mail volume is alerts and invitations.
      resources: resources('10m', '32Mi', '128Mi'),
      dependsOn: [],
      scalable: false,
      description:
        'Exim relay for alert and invitation e-mails (unused when --mailHost names an SMTP server).',
    },
  ];
}
