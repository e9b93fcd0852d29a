import { catalogueEntries } from '@fundamental/sentry/src/stack/catalogue';
import { deliberateDifferences } from '@fundamental/sentry/src/stack/catalogue/deliberate-differences';
import type { Release } from '@fundamental/sentry/src/stack/releases/release';
import { seedRelease, seedStackSettings } from '@fundamental/sentry/src/testing/seed-stack-settings';
import type { UpstreamCheckout } from './checkout';
import { serviceKey, type DriftItem } from './drift';

/**
 * Compose services the catalogue has no component for (each needs a catalogue entry), and catalogue components
 * whose service the release no longer has: against the previous release only the services it added or removed,
 * without one every service. Services the stack replaces on purpose (nginx: the Ingress) are listed in
 * deliberate-differences.ts as having no workload.
 */
export function catalogueDrift(
  checkout: UpstreamCheckout,
  release: Release,
  previous?: Release,
): DriftItem[] {
  // The entries' names do not depend on the release they are rendered for.
  const catalogue = catalogueEntries(seedStackSettings, seedRelease).filter(
    ({ kind, addedByPlugin }) => kind !== 'Job' && !addedByPlugin,
  );
  const replaced = deliberateDifferences
    .filter(({ subjects, services }) => subjects.includes('workload') && Array.isArray(services))
    .flatMap(({ services }) => services as readonly string[]);
  const names = new Set(catalogue.map(({ name }) => name));
  const services = Object.keys(release.composeServices);
  const before = previous ? Object.keys(previous.composeServices) : undefined;
  return [
    ...services
      .filter((name) => !before?.includes(name) && !names.has(name) && !replaced.includes(name))
      .map((name) => ({
        place: checkout.locate('docker-compose.yml', serviceKey(name)),
        text: `catalogue: no component for service ${name} (add one in packages/sentry/src/stack/catalogue)`,
      })),
    ...catalogue
      .filter(({ name }) => !services.includes(name) && (!before || before.includes(name)))
      .map(({ name }) => ({
        place: { file: 'docker-compose.yml', line: 0 },
        text: `catalogue: component ${name} has no service in ${release.version}`,
      })),
  ];
}
