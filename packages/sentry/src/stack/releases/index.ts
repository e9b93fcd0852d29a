import type { ImageFamily } from '../component';
import { release_26_8_0 } from './26.8.0';
import { getsentryFamilies, GetsentryFamily, Release } from './release';
import { mirroredImage } from './image-references';

export type { Release } from './release';

/** Every release the infra generator can render; adding one is adding its facts here. */
export const releases: Readonly<Record<string, Release>> = { [release_26_8_0.version]: release_26_8_0 };

/**
 * Upgrade hard stops (getsentry/sentry-docs develop-docs/self-hosted/releases.mdx, "Hard Stops"): an install
 * must run each of these, in order, before moving past it. Kept beside the releases because upgrade.sh is
 * derived from the same data.
 */
export const hardStops = ['9.1.2', '21.5.0', '21.6.3', '23.6.2', '23.11.0', '24.8.0', '25.5.1'] as const;

/** The image of a family as the release pins it, or, with `--imageRegistry`, where that mirror keeps it. */
export function imageFor(release: Release, family: ImageFamily, imageRegistry?: string): string {
  const upstream = (getsentryFamilies as readonly string[]).includes(family)
    ? `ghcr.io/getsentry/${family}:${release.version}`
    : release.infrastructureImages[family as Exclude<ImageFamily, GetsentryFamily>];
  return imageRegistry ? mirroredImage(upstream, imageRegistry) : upstream;
}
