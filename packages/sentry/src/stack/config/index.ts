import type { ConfigBundle } from '../component';
import type { Release } from '../releases';
import type { StackSettings } from '../settings';
import { renderClickhouseConfig } from './clickhouse-config';
import { renderRelayConfig } from './relay-config';
import { renderSentryConfPy } from './sentry-conf-py';
import { renderSentryConfigYml } from './sentry-config-yml';
import { renderSymbolicatorConfig } from './symbolicator-config';
import { renderTaskbrokerConfig } from './taskbroker-config';
import { renderValkeyConfig } from './valkey-config';

/** File name -> content: the data of one ConfigMap. */
export type ConfigFiles = Record<string, string>;

/**
 * The configuration files of every bundle a component can mount. Pure and deterministic: the same
 * settings always give the same bytes, and no secret value is ever part of them.
 */
export function renderConfigBundles(
  settings: StackSettings,
  release: Release,
): Record<Exclude<ConfigBundle, 'snuba-health'>, ConfigFiles> {
  return {
    sentry: {
      'sentry.conf.py': renderSentryConfPy(settings, release),
      'config.yml': renderSentryConfigYml(release),
    },
    relay: { 'config.yml': renderRelayConfig(settings) },
    symbolicator: { 'config.yml': renderSymbolicatorConfig() },
    clickhouse: renderClickhouseConfig(),
    taskbroker: { 'config.yml': renderTaskbrokerConfig(settings) },
    valkey: { 'redis.conf': renderValkeyConfig() },
  };
}
