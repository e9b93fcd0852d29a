import { flattenDirectives, flattenXml, flattenYaml } from '@fundamental/sentry/src/stack/releases/flatten';
import type { UpstreamFacts } from '@fundamental/sentry/src/stack/releases/upstream-facts';
import type { UpstreamCheckout } from './checkout';

/** The configuration files upstream mounts, each flattened to the settings it makes. */
export function configFacts(checkout: UpstreamCheckout): UpstreamFacts['configFiles'] {
  const file = (source: string, flatten: (text: string) => Record<string, string>) => ({
    source,
    settings: flatten(checkout.read(source)),
  });
  return {
    clickhouse: file('clickhouse/config.xml', flattenXml),
    clickhouseUsers: file('clickhouse/default-password.xml', flattenXml),
    valkey: file('redis.conf', flattenDirectives),
    sentryOptions: file('sentry/config.example.yml', flattenYaml),
    relay: file('relay/config.example.yml', flattenYaml),
  };
}
