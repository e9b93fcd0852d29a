import { readProjectConfiguration, type Tree, updateProjectConfiguration } from '@nx/devkit';
import { pluginName } from '../../../plugin-name';
import type { AngularApp } from './angular-app';

/**
 * Sentry's tree-shaking flags, as esbuild `define`s of the application builder: debug logging, the replay
 * worker and rrweb's shadow-DOM/iframe recording stay out of the bundle.
 */
export const treeShakingDefines: Record<string, string> = {
  __SENTRY_DEBUG__: 'false',
  __RRWEB_EXCLUDE_SHADOW_DOM__: 'true',
  __RRWEB_EXCLUDE_IFRAME__: 'true',
  __SENTRY_EXCLUDE_REPLAY_WORKER__: 'true',
};

/** Maps for the uploaded scripts only, without the sourceMappingURL comment: nothing public points at them. */
const hiddenSourceMaps = { scripts: true, styles: false, hidden: true, vendor: false };

export const sourcemapsTargetName = 'sentry-sourcemaps';

/**
 * Production builds emit hidden source maps; the application builder gets the tree-shaking defines; a
 * `sentry-sourcemaps` target (after `build`) stamps the release, injects debug IDs, uploads, deletes the maps.
 */
export function updateBuildTargets(tree: Tree, app: AngularApp, sentryProject: string): void {
  const project = readProjectConfiguration(tree, app.name);
  const build = project.targets?.['build'];
  if (!build) return;
  build.configurations ??= {};
  build.configurations['production'] = { ...build.configurations['production'], sourceMap: hiddenSourceMaps };
  if (app.applicationBuilder) {
    const options = (build.options ??= {}) as { define?: Record<string, string> };
    options.define = { ...treeShakingDefines, ...options.define };
  }
  project.targets = {
    ...project.targets,
    [sourcemapsTargetName]: {
      executor: `${pluginName}:sourcemaps`,
      dependsOn: [{ target: 'build', params: 'forward' }],
      options: { outputPath: app.browserOutputPath, sentryProject },
      metadata: {
        description:
          'Stamp the release, inject debug IDs, upload the source maps to Sentry, delete them from the output',
      },
    },
  };
  updateProjectConfiguration(tree, app.name, project);
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
