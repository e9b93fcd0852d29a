import { profileIncludes, type Component } from '../component';
import type { StackSettings } from '../settings';
import { infrastructureComponents } from './infrastructure';
import { operationsComponents } from './operations';
import { sentryComponents } from './sentry';
import { serviceComponents } from './services';
import { snubaComponents } from './snuba';

/** Data services a user may run outside the cluster, and the in-cluster components each replaces. */
const replacedByExternal: Record<keyof StackSettings['external'], readonly string[]> = {
  // Sentry then connects to the user's PostgreSQL directly; a managed database pools on its own.
  postgres: ['postgres', 'pgbouncer', 'postgres-backup'],
  kafka: ['kafka'],
  redis: ['redis'],
  clickhouse: ['clickhouse'],
};

/** Every component of the release, whatever the profile (the full catalogue), and the plugin's additions. */
export function allComponents(settings: StackSettings): Component[] {
  return [
    ...infrastructureComponents(settings),
    ...snubaComponents(settings),
    ...sentryComponents(settings),
    ...serviceComponents(settings),
    ...operationsComponents(),
  ];
}

/**
 * The components this install runs: those of its profile, minus the data services the user runs
 * elsewhere. Dependencies on removed components are dropped too, so NetworkPolicies and docs only
 * name what exists.
 */
export function selectComponents(settings: StackSettings): Component[] {
  const external = (Object.keys(replacedByExternal) as (keyof StackSettings['external'])[])
    .filter((service) => settings.external[service])
    .flatMap((service) => replacedByExternal[service]);
  const selected = allComponents(settings).filter(
    (component) => profileIncludes(settings.profile, component) && !external.includes(component.name),
  );
  const names = new Set(selected.map(({ name }) => name));
  return selected.map((component) => ({
    ...component,
    dependsOn: component.dependsOn.filter((dependency) => names.has(dependency)),
  }));
}
