import { addProjectConfiguration, type Tree, updateJson } from '@nx/devkit';

/** Adds project `web`, an Nx Angular application as `@nx/angular:application` lays it out, with the given source files. */
export function addAngularApp(
  tree: Tree,
  files: Record<string, string>,
  options: {
    angular?: string;
    executor?: string;
    entryOption?: 'browser' | 'main';
    production?: Record<string, unknown>;
  } = {},
): Tree {
  updateJson(tree, 'nx.json', (nxJson) => ({
    ...nxJson,
    targetDefaults: { build: { dependsOn: ['^build'], cache: true } },
  }));
  const angular = options.angular ?? '21.2.26';
  tree.write(
    'node_modules/@angular/core/package.json',
    JSON.stringify({ name: '@angular/core', version: angular }),
  );
  tree.write(
    'package.json',
    JSON.stringify({
      name: '@acme/source',
      version: '0.0.0',
      dependencies: { '@angular/core': `~${angular}` },
    }),
  );
  addProjectConfiguration(tree, 'web', {
    root: 'apps/web',
    sourceRoot: 'apps/web/src',
    projectType: 'application',
    targets: {
      build: {
        executor: options.executor ?? '@angular/build:application',
        options: {
          outputPath: 'dist/apps/web',
          index: 'apps/web/src/index.html',
          [options.entryOption ?? 'browser']: 'apps/web/src/main.ts',
          tsConfig: 'apps/web/tsconfig.app.json',
        },
        configurations: {
          production: options.production ?? { outputHashing: 'all' },
          development: { optimization: false },
        },
      },
      serve: { executor: '@angular/build:dev-server', options: { buildTarget: 'web:build' } },
    },
  });
  tree.write(
    'apps/web/src/index.html',
    '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <title>Web</title>\n  </head>\n  <body><app-root></app-root></body>\n</html>\n',
  );
  for (const [path, content] of Object.entries(files)) tree.write(`apps/web/src/${path}`, content);
  return tree;
}
