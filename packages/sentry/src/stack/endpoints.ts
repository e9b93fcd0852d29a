import type { StackSettings } from './settings';

/**
 * Where the programs find the stateful services. Kubernetes Services carry the compose service names,
 * so the in-cluster defaults are upstream's hostnames; `settings.external` replaces them when the user
 * brings a managed database, broker or cache.
 */

export interface PostgresEndpoint {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Sentry talks to PgBouncer in front of PostgreSQL (upstream since 25.9.0); an external server directly. */
export function postgresEndpoint(settings: StackSettings): PostgresEndpoint {
  return (
    settings.external.postgres ?? { host: 'pgbouncer', port: 5432, database: 'postgres', user: 'postgres' }
  );
}

export function kafkaBootstrapServers(settings: StackSettings): string {
  return settings.external.kafka?.bootstrapServers ?? 'kafka:9092';
}

export function redisEndpoint(settings: StackSettings): { host: string; port: number } {
  return settings.external.redis ?? { host: 'redis', port: 6379 };
}

/** The S3 API of the in-cluster SeaweedFS; nodestore and profiles live in its buckets. */
export const seaweedfsS3Url = 'http://seaweedfs:8333';

/** Sentry's web service as other pods reach it (Relay's upstream, Symbolicator's source downloads). */
export const sentryWebInternalUrl = 'http://web:9000';

export function clickhouseEndpoint(settings: StackSettings): {
  host: string;
  tcpPort: number;
  httpPort: number;
} {
  return settings.external.clickhouse ?? { host: 'clickhouse', tcpPort: 9000, httpPort: 8123 };
}
