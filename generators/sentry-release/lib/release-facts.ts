import { lte } from 'semver';
import type { Release } from '@fundamental/sentry/src/stack/releases/release';
import { OptionError } from '@fundamental/sentry/src/utils/option-error';
import type { UpstreamCheckout } from './checkout';
import { composeFacts, infrastructureServices, type InfrastructureFamily } from './compose-facts';
import { configFacts } from './config-facts';
import { featureFacts } from './feature-facts';
import { installFacts } from './install-facts';
import { nginxFacts } from './nginx-facts';

/** Notes the maintainer must read: choices the generator made that upstream's files leave open. */
export type Notes = string[];

/** The last path segment carries `:tag` or `@sha256:` (a registry port does not count). */
const isPinned = (image: string) => /[:@]/.test(image.slice(image.lastIndexOf('/') + 1));
const repositoryOf = (image: string) => image.replace(/@.*$/, '').replace(/:[^:/]*$/, '');

/**
 * The release's data, read from its checkout. Facts only; where upstream leaves something open (an image without
 * a tag) the nearest known release's choice is kept and a note says so. `nearest` is the previous release, or the
 * next one when the release is older than every known one: hard stops are then those of the next release up to
 * this one (the docs list stops across releases, not per tag).
 */
export function releaseFacts(
  checkout: UpstreamCheckout,
  version: string,
  nearest: Release | undefined,
  hardStop: boolean,
  notes: Notes,
): Release {
  const compose = composeFacts(checkout);
  const sentryImage = compose.env.SENTRY_IMAGE ?? '';
  if (sentryImage !== `ghcr.io/getsentry/sentry:${version}`)
    throw new OptionError(
      'version',
      version,
      `the release the checkout pins (.env SENTRY_IMAGE=${sentryImage})`,
    );
  const infrastructureImages = {} as Record<InfrastructureFamily, string>;
  for (const [family, service] of Object.entries(infrastructureServices) as [
    InfrastructureFamily,
    string,
  ][]) {
    const image = compose.services[service]?.image;
    if (!image) throw new Error(`docker-compose.yml has no service ${service} (the ${family} image)`);
    const kept = nearest?.infrastructureImages[family];
    if (!isPinned(image) && kept && isPinned(kept) && repositoryOf(kept) === image) {
      infrastructureImages[family] = kept;
      notes.push(`${service}: upstream names ${image} without a tag; kept ${nearest.version}'s pin ${kept}`);
    } else {
      infrastructureImages[family] = image;
      if (!isPinned(image))
        notes.push(`${service}: upstream names ${image} without a tag; pin one in the data file`);
    }
  }
  const install = installFacts(checkout);
  // A stop the next release lists may be this very release (the docs name it later than its tag).
  const knownStops = (nearest?.hardStops ?? []).filter((stop) => lte(stop, version));
  const clickhouseVersion = infrastructureImages.clickhouse
    .slice(infrastructureImages.clickhouse.lastIndexOf(':') + 1)
    .replace(/\.altinity\w+$/, '');
  return {
    version,
    infrastructureImages,
    clickhouseVersion,
    clickhouseUpgradeChain: install.clickhouseUpgradeChain,
    hardStops: [...knownStops, ...(hardStop && !knownStops.includes(version) ? [version] : [])],
    minimumRequirements: install.minimumRequirements,
    composeServices: compose.profiles,
    upstream: {
      repository: 'getsentry/self-hosted',
      tag: version,
      services: { source: 'docker-compose.yml', byName: compose.services },
      features: featureFacts(checkout),
      nginx: nginxFacts(checkout),
      configFiles: configFacts(checkout),
      hostMemory: install.hostMemory,
      hardStopMentions: install.hardStopMentions,
      installSteps: install.installSteps,
    },
  };
}
