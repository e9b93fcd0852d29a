import { releases } from './index';

describe('release data', () => {
  it.each(Object.values(releases).map((release) => [release.version, release] as const))(
    '%s pins every infrastructure image by tag or digest',
    (_, release) => {
      // The part after the last `/` must carry `:tag` or `@sha256:`; a registry port (`host:5000/…`) does not count.
      const unpinned = Object.entries(release.infrastructureImages).filter(
        ([, image]) => !/[:@]/.test(image.slice(image.lastIndexOf('/') + 1)),
      );
      expect(unpinned).toEqual([]);
    },
  );
});
