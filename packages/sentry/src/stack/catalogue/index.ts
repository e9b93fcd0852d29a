import { profileIncludes, type CatalogueEntry, type Component } from '../component';
import type { Release } from '../releases';
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

/** The catalogue as written: an entry for every service of any release, and the plugin's additions. */
export const catalogueEntries = (settings: StackSettings, release: Release): CatalogueEntry[] => [
  ...infrastructureComponents(settings, release),
  ...snubaComponents(settings, release),
  ...sentryComponents(settings, release),
  ...serviceComponents(settings, release),
  ...operationsComponents(),
];

/**
 * Every component of the release, whatever the profile, and the plugin's additions. An upstream service runs in
 * the profile the release's compose file gives it; one the release does not have is left out, so a catalogue
 * entry outlives the releases that drop its service.
 */
export function allComponents(settings: StackSettings, release: Release): Component[] {
  return catalogueEntries(settings, release).flatMap((entry): Component[] => {
    const profile = entry.addedByPlugin ? entry.profile : release.composeServices[entry.name];
    return profile ? [{ ...entry, profile }] : [];
  });
}

/**
 * The components this install runs: those of its profile, minus the data services the user runs
 * elsewhere. Dependencies on removed components are dropped too, so NetworkPolicies and docs only
 * name what exists.
 */
export function selectComponents(settings: StackSettings, release: Release): Component[] {
  const external = (Object.keys(replacedByExternal) as (keyof StackSettings['external'])[])
    .filter((service) => settings.external[service])
    .flatMap((service) => replacedByExternal[service]);
  const selected = allComponents(settings, release).filter(
    (component) => profileIncludes(settings.profile, component) && !external.includes(component.name),
  );
  const names = new Set(selected.map(({ name }) => name));
  return selected.map((component) => ({
    ...component,
    dependsOn: component.dependsOn.filter((dependency) => names.has(dependency)),
  }));
}
