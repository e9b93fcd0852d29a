import type { Component, ImageFamily } from '../component';
import { imageFor, type Release } from '../releases';
import { qualifiedImage } from '../releases/image-references';
import type { StackSettings } from '../settings';

/** One image of the stack: where it comes from, and the reference the manifests and scripts pull. */
export interface StackImage {
  source: string;
  image: string;
}

/**
 * Every image the stack pulls: those of its components and install steps, and Relay's, which setup.sh also
 * runs on its own (`RELAY_IMAGE`, to generate Relay's credentials). One per family, by the same `imageFor` the
 * pods use.
 */
export function stackImages(
  settings: StackSettings,
  release: Release,
  components: Component[],
): StackImage[] {
  const families = new Set<ImageFamily>([...components.map(({ image }) => image), 'relay']);
  return [...families]
    .map((family) => ({
      source: qualifiedImage(imageFor(release, family)),
      image: imageFor(release, family, settings.imageRegistry),
    }))
    .sort((a, b) => a.source.localeCompare(b.source));
}

/** `images.txt`: what scripts/mirror-images.sh reads, one image a line, `source image`. */
export function imagesFile(images: StackImage[]): string {
  return [
    '# Every image this stack pulls, one a line: where it comes from, then the reference the manifests use',
    "# (with --imageRegistry, the mirror's). scripts/mirror-images.sh lists and copies them. Generated; do not edit.",
    ...images.map(({ source, image }) => `${source} ${image}`),
    '',
  ].join('\n');
}
