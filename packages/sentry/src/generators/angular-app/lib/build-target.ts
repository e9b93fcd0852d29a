import { posix } from 'node:path';
import {
  joinPathFragments,
  logger,
  readProjectConfiguration,
  type TargetConfiguration,
  type Tree,
} from '@nx/devkit';
import { pluginName } from '../../../plugin-name';
import {
  earlierTreeShakingDefines,
  replayBundleFile,
  treeShakingDefines,
} from '../../../utils/browser-bundle';
import type { AngularApp } from './angular-app';
import { withDependency } from './target-dependencies';
import { definedInAngularJson, writeProjectConfiguration } from '../../../utils/project-configuration';

/** Maps for the uploaded scripts only, without the sourceMappingURL comment: nothing public points at them. */
const hiddenSourceMaps = { scripts: true, styles: false, hidden: true, vendor: false };

export const sourcemapsTargetName = 'sentry-sourcemaps';
export const replayTargetName = 'sentry-replay';

/** Dev servers of Angular apps: they serve the build's assets, so they need the replay bundle first. */
const devServerExecutors = [
  '@angular/build:dev-server',
  '@angular-devkit/build-angular:dev-server',
  '@nx/angular:dev-server',
];

interface AssetEntry {
  glob: string;
  input: string;
  output?: string;
}

/**
 * The build copies the replay bundle and its map from the sentry-replay target's output to the output root.
 * `output` is spelled out: the webpack `browser` builder's asset schema requires glob, input and output
 * (angular/angular-cli 16.2.x packages/angular_devkit/build_angular/src/builders/browser/schema.json), while
 * the application builder defaults it to the output root. An entry written without it is completed.
 */
function addReplayAsset(build: TargetConfiguration, input: string): void {
  const options = (build.options ??= {}) as { assets?: (string | AssetEntry)[] };
  const asset: AssetEntry = { glob: `${replayBundleFile}*`, input, output: '.' };
  const assets = options.assets ?? [];
  const existing = assets.findIndex((entry) => typeof entry === 'object' && entry.input === input);
  if (existing < 0) options.assets = [...assets, asset];
  else
    options.assets = assets.map((entry, index) =>
      index === existing ? { ...asset, ...(entry as AssetEntry) } : entry,
    );
}

type Defines = Record<string, string>;

/**
 * The tree-shaking flags in the production configuration only, so development builds keep debug logging. A
 * configuration's `define` replaces the options' one (Angular merges target options key by key), so it repeats
 * the user's own; the flags an earlier version put into the options are taken back.
 */
function addProductionDefines(build: TargetConfiguration): void {
  const options = (build.options ??= {}) as { define?: Defines };
  const users = Object.fromEntries(
    Object.entries(options.define ?? {}).filter(([name, value]) => earlierTreeShakingDefines[name] !== value),
  );
  if (options.define) {
    if (Object.keys(users).length > 0) options.define = users;
    else delete options.define;
  }
  const production = (build.configurations ??= {})['production'] as { define?: Defines };
  production.define = { ...treeShakingDefines, ...users, ...production.define };
}

/**
 * Production builds emit hidden source maps; the application builder gets the tree-shaking defines; a
 * `sentry-replay` target builds the replay bundle the build copies (build and dev server depend on it); a
 * `sentry-sourcemaps` target (after `build`) writes the artifact to ship: a copy of the build output with the
 * release stamped, debug IDs injected, the maps uploaded and deleted.
 */
/** Where sentry-sourcemaps puts the artifact to ship: a copy of the whole build output, processed. */
export const releasePathOf = (app: AngularApp): string =>
  joinPathFragments('dist', 'sentry-release', app.root);

export function updateBuildTargets(
  tree: Tree,
  app: AngularApp,
  { sentryProject, sdk, replayModule }: { sentryProject: string; sdk: string; replayModule: string },
): void {
  const project = readProjectConfiguration(tree, app.name);
  const build = project.targets?.['build'];
  if (!build) return;
  build.configurations ??= {};
  build.configurations['production'] = { ...build.configurations['production'], sourceMap: hiddenSourceMaps };
  if (app.applicationBuilder) addProductionDefines(build);
  else
    // @sentry/core 11.0.0 guards its debug logging with `typeof __SENTRY_DEBUG__ === 'undefined' || __SENTRY_DEBUG__`
    // (getsentry/sentry-javascript 11.0.0, packages/core/src/debug-build.ts): left undefined, it stays in the bundle.
    logger.info(
      `${app.name}: ${app.buildExecutor} has no \`define\`, so Sentry's tree-shaking flags (${Object.keys(treeShakingDefines).join(', ')}) ` +
        "are not applied to the app bundle: the SDK's debug logging stays in main (about 7 kB raw, measured with esbuild on " +
        '@sentry/angular 11.0.0). The replay flags still apply, in the sentry-replay bundle where replay lives.',
    );
  // Outside the app's output folder: the build deletes that folder before it copies the assets.
  const replayOutput = joinPathFragments('dist', replayTargetName, app.root);
  addReplayAsset(build, replayOutput);
  const inAngularJson = definedInAngularJson(tree, app.name, app.root);
  withDependency(tree, 'build', build, replayTargetName, inAngularJson);
  for (const [name, target] of Object.entries(project.targets ?? {}))
    if (target.executor && devServerExecutors.includes(target.executor))
      withDependency(tree, name, target, replayTargetName, inAngularJson);
  const tsConfig = (build.options as { tsConfig?: unknown }).tsConfig;
  project.targets = {
    ...project.targets,
    [replayTargetName]: {
      executor: `${pluginName}:replay-bundle`,
      cache: true,
      inputs: [
        `{projectRoot}/${posix.relative(app.root, replayModule)}`,
        { externalDependencies: [sdk, 'esbuild'] },
      ],
      outputs: ['{options.outputPath}'],
      options: {
        entry: replayModule,
        outputPath: replayOutput,
        ...(typeof tsConfig === 'string' ? { tsConfig } : {}),
      },
      metadata: {
        description: 'Bundle session replay apart from the app (loaded by main.ts after the page load)',
      },
    },
    [sourcemapsTargetName]: {
      executor: `${pluginName}:sourcemaps`,
      dependsOn: [{ target: 'build', params: 'forward' }],
      // The shippable copy is this target's own output, so restoring build from the cache cannot undo it.
      // Not cached: the upload is a side effect, and the release comes from the commit, not from the inputs.
      outputs: ['{options.releasePath}'],
      cache: false,
      options: {
        outputPath: app.browserOutputPath,
        ...(app.buildOutputPath !== app.browserOutputPath ? { buildOutputPath: app.buildOutputPath } : {}),
        releasePath: releasePathOf(app),
        sentryProject,
      },
      metadata: {
        description:
          'Stamp the release, inject debug IDs, upload the source maps to Sentry, delete them from the output',
      },
    },
  };
  writeProjectConfiguration(tree, app.name, project);
}

const releaseMeta = '<meta name="sentry-release" content="">';

/** The placeholder the sentry-sourcemaps target fills with the release (read by Sentry.init in main.ts). */
export function addReleaseMeta(tree: Tree, app: AngularApp): void {
  if (!app.indexFile || !tree.exists(app.indexFile)) return;
  const html = tree.read(app.indexFile, 'utf-8') ?? '';
  if (html.includes('name="sentry-release"')) return;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return;
  const at = head.index + head[0].length;
  const indent = /\n([ \t]*)</.exec(html.slice(at))?.[1] ?? '  ';
  tree.write(app.indexFile, `${html.slice(0, at)}\n${indent}${releaseMeta}${html.slice(at)}`);
}
