import type { StackSettings } from '../settings';

/** Where each data service is reached: the in-cluster Service by its compose name, or the user's endpoint. */
export interface Endpoints {
  kafka: string;
  redisHost: string;
  redisPort: number;
  clickhouseHost: string;
  clickhouseTcpPort: number;
  clickhouseHttpPort: number;
}

export function endpointsOf({ external }: StackSettings): Endpoints {
  return {
    kafka: external.kafka?.bootstrapServers ?? 'kafka:9092',
    redisHost: external.redis?.host ?? 'redis',
    redisPort: external.redis?.port ?? 6379,
    clickhouseHost: external.clickhouse?.host ?? 'clickhouse',
    clickhouseTcpPort: external.clickhouse?.tcpPort ?? 9000,
    clickhouseHttpPort: external.clickhouse?.httpPort ?? 8123,
  };
}
