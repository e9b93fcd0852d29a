import { formatFiles, logger, type Tree } from '@nx/devkit';
import { lt, valid } from 'semver';
import { OptionError } from '@fundamental/sentry/src/utils/option-error';
import { placeText, UpstreamCheckout } from './lib/checkout';
import { catalogueDrift } from './lib/catalogue-drift';
import { releaseDrift, type DriftItem } from './lib/drift';
import { releaseFacts, type Notes } from './lib/release-facts';
import { knownVersions, loadRelease, writeKnownReleases, writeReleaseFile } from './lib/release-files';
import type { SentryReleaseGeneratorSchema } from './schema';

/** The drift report: one line per change, each naming the upstream file and line it was read from. */
export function driftReport(
  version: string,
  previous: string | undefined,
  items: DriftItem[],
  notes: Notes,
): string {
  return [
    previous
      ? `getsentry/self-hosted ${previous} -> ${version}: ${items.length} change(s)`
      : `getsentry/self-hosted ${version}: no earlier release to compare with; catalogue checks only`,
    ...items.map(({ place, text }) => `  ${placeText(place)}: ${text}`),
    ...notes.map((note) => `  note: ${note}`),
  ].join('\n');
}

/**
 * `nx g ./generators:sentry-release X.Y.Z --upstream=<checkout>` (or `--release=X.Y.Z`: Nx's CLI takes
 * `--version` for itself): reads the release's facts from a
 * getsentry/self-hosted checkout, writes them as packages/sentry/src/stack/releases/<version>.ts (registered in
 * known.ts) and prints what changed against the previous release and the catalogue.
 */
export async function sentryReleaseGenerator(
  tree: Tree,
  options: SentryReleaseGeneratorSchema,
): Promise<void> {
  if (
    typeof options.version !== 'string' ||
    !/^\d{2}\.\d{1,2}\.\d+$/.test(options.version) ||
    !valid(options.version)
  )
    throw new OptionError('version', options.version, 'a self-hosted CalVer tag such as 26.9.0');
  if (options.hardStop !== undefined && typeof options.hardStop !== 'boolean')
    throw new OptionError('hardStop', options.hardStop, 'true or false');
  const checkout = UpstreamCheckout.open(options.upstream);
  const known = knownVersions(tree);
  const previousVersion = known.find((version) => lt(version, options.version));
  const previous = previousVersion ? loadRelease(tree, previousVersion) : undefined;
  // Writing a release older than every known one (filling a gap): its nearest known release is the next one.
  const nextVersion = known.findLast((version) => lt(options.version, version));
  const nearest = previous ?? (nextVersion ? loadRelease(tree, nextVersion) : undefined);
  const notes: Notes = [];
  const release = releaseFacts(checkout, options.version, nearest, options.hardStop ?? false, notes);
  const items = [
    ...(previous ? releaseDrift(checkout, previous, release) : []),
    ...catalogueDrift(checkout, release, previous),
  ];

  writeReleaseFile(tree, release);
  writeKnownReleases(tree);
  if (!options.skipFormat) await formatFiles(tree);
  logger.info(driftReport(release.version, previousVersion, items, notes));
}

export default sentryReleaseGenerator;
