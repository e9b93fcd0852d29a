import { join } from 'node:path';
import { packagesLoadedBy } from './testing/loaded-packages';

/**
 * The dependencies that weigh: ts-morph with its TypeScript (14 MB), tree-sitter's runtime (4.6 MB) with
 * @vscode/tree-sitter-wasm's grammars (22 MB, read only by the C# parser), the XML parser. They stay plain
 * dependencies loaded on demand, not optional peers installed by Nx's `ensurePackage`: ensurePackage
 * (nrwl/nx packages/devkit/src/utils/package-json.ts@22.7.12) takes whatever version `require` finds, so a
 * workspace's own ts-morph of another major would drive the Angular edits, and when none is found it installs
 * into a temporary folder from the registry on every run, which an offline or mirrored CI refuses. Our edits
 * are written and tested against one ts-morph, and web-tree-sitter must match the grammar's ABI: pinned here,
 * they cost disk on install, and nothing at `require('@fundamental/sentry')`, in the graph plugin, the other
 * generators or the executors, which this spec keeps true.
 */
const heavy = ['@ts-morph/common', 'saxes', 'ts-morph', 'web-tree-sitter'] as const;

const source = (path: string) => join(__dirname, path);

describe('heavy dependencies load with the edit that needs them', () => {
  it.each([
    ['the package main (require of @fundamental/sentry)', 'index.ts'],
    ['init', 'generators/init/init.ts'],
    ['infra', 'generators/infra/infra.ts'],
    ['ci', 'generators/ci/ci.ts'],
    ['angular-app', 'generators/angular-app/angular-app.ts'],
    ['dotnet-app', 'generators/dotnet-app/dotnet-app.ts'],
    ['the bootstrap executor', 'executors/bootstrap/bootstrap.ts'],
    ['the sourcemaps executor', 'executors/sourcemaps/sourcemaps.ts'],
    ['the replay-bundle executor', 'executors/replay-bundle/replay-bundle.ts'],
  ])('loading %s loads none of them', (_, path) => {
    expect(packagesLoadedBy(source(path), heavy)).toEqual([]);
  });

  it.each([
    [
      "angular-app's TypeScript edits",
      'generators/angular-app/lib/source-edits.ts',
      ['@ts-morph/common', 'ts-morph'],
    ],
    [
      "dotnet-app's C# and MSBuild edits",
      'generators/dotnet-app/lib/wire-dotnet-app.ts',
      ['saxes', 'web-tree-sitter'],
    ],
    ["ci's reading of the .NET target frameworks", 'edit/msbuild-project.ts', ['saxes']],
  ])('%s (imported when they run) load %j', (_, path, expected) => {
    expect(packagesLoadedBy(source(path), heavy)).toEqual(expected);
  });
});
