import type { ImageFamily } from '../component';
import { getsentryFamilies, GetsentryFamily, Release } from './release';
import { mirroredImage } from './image-references';
import { knownReleases } from './known';

export type { Release } from './release';

/** Every release the infra generator can render; adding one is adding its data file (known.ts lists them). */
export const releases: Readonly<Record<string, Release>> = Object.fromEntries(
  knownReleases.map((release) => [release.version, release]),
);

/** The image of a family as the release pins it, or, with `--imageRegistry`, where that mirror keeps it. */
export function imageFor(release: Release, family: ImageFamily, imageRegistry?: string): string {
  const upstream = (getsentryFamilies as readonly string[]).includes(family)
    ? `ghcr.io/getsentry/${family}:${release.version}`
    : release.infrastructureImages[family as Exclude<ImageFamily, GetsentryFamily>];
  return imageRegistry ? mirroredImage(upstream, imageRegistry) : upstream;
}
