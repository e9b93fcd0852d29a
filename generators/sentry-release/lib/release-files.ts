import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { rcompare, valid } from 'semver';
import { ModuleKind, transpileModule } from 'typescript';
import type { Release } from '@fundamental/sentry/src/stack/releases/release';

export const releasesDirectory = 'packages/sentry/src/stack/releases';

/** `26.8.0.ts`: a release's data file; other files of the folder are its helpers and types. */
const releaseFile = /^(\d+\.\d+\.\d+)\.ts$/;

/** The export a release's data file names: `release_26_8_0`. */
export const exportName = (version: string): string => `release_${version.replace(/\./g, '_')}`;

/** Versions with a data file in the tree, newest first. */
export function knownVersions(tree: Tree): string[] {
  return tree
    .children(releasesDirectory)
    .map((name) => releaseFile.exec(name)?.[1])
    .filter((version): version is string => !!version && !!valid(version))
    .sort(rcompare);
}

/**
 * A release as its data file in the tree defines it: the file and the modules it imports from the folder are
 * transpiled and run, so handwritten files (26.8.0's) and generated ones read alike, also before they are on disk.
 */
export function loadRelease(tree: Tree, version: string): Release {
  const cache = new Map<string, Record<string, unknown>>();
  const load = (path: string): Record<string, unknown> => {
    const cached = cache.get(path);
    if (cached) return cached;
    const source = tree.read(path, 'utf8');
    if (source === null) throw new Error(`${path} is missing`);
    const module = { exports: {} as Record<string, unknown> };
    cache.set(path, module.exports);
    const { outputText } = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS } });
    const localRequire = (specifier: string) =>
      specifier.startsWith('.')
        ? load(`${posix.join(posix.dirname(path), specifier)}.ts`)
        : require(specifier);
    new Function('exports', 'require', 'module', outputText)(module.exports, localRequire, module);
    return module.exports;
  };
  const release = load(`${releasesDirectory}/${version}.ts`)[exportName(version)] as Release | undefined;
  if (!release) throw new Error(`${releasesDirectory}/${version}.ts exports no ${exportName(version)}`);
  return release;
}

/** The release's data file: its facts as one typed literal (serialised, never spliced). */
export function writeReleaseFile(tree: Tree, release: Release): void {
  tree.write(
    `${releasesDirectory}/${release.version}.ts`,
    [
      "import type { Release } from './release';",
      '',
      `/** getsentry/self-hosted ${release.version}, read from the tag by \`nx g ./generators:sentry-release\`. Regenerate instead of editing. */`,
      `export const ${exportName(release.version)}: Release = ${JSON.stringify(release, null, 2)};`,
      '',
    ].join('\n'),
  );
}

/** known.ts: every release data file of the folder, oldest first, so `releases` offers each. */
export function writeKnownReleases(tree: Tree): void {
  const versions = knownVersions(tree).reverse();
  tree.write(
    `${releasesDirectory}/known.ts`,
    [
      '// Every release data file of this folder, oldest first: written by `nx g ./generators:sentry-release`.',
      ...versions.map((version) => `import { ${exportName(version)} } from './${version}';`),
      '',
      `export const knownReleases = [${versions.map(exportName).join(', ')}];`,
      '',
    ].join('\n'),
  );
}
