import { joinPathFragments, readJson, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { minVersion } from 'semver';
import { OptionError } from '../../../utils/option-error';

/** Build executors of Angular applications, and the option naming their browser entry file. */
const entryOptionOf: Record<string, 'browser' | 'main'> = {
  '@angular/build:application': 'browser',
  '@angular-devkit/build-angular:application': 'browser',
  '@nx/angular:application': 'browser',
  '@angular-devkit/build-angular:browser-esbuild': 'main',
  '@angular-devkit/build-angular:browser': 'main',
  '@nx/angular:browser-esbuild': 'main',
  '@nx/angular:webpack-browser': 'main',
};

export interface AngularApp {
  name: string;
  root: string;
  sourceRoot: string;
  /** The browser entry (main.ts), from the build options. */
  mainFile: string;
  /** Server entries of SSR builds: nothing of Sentry may reach them. */
  serverFiles: string[];
  indexFile?: string;
  /** Where the browser bundles land (the `browser` folder of the application builder). */
  browserOutputPath: string;
  /** The whole build output: with the application builder the folder holding browser/ (and server/). */
  buildOutputPath: string;
  /** The esbuild application builder (supports `define`). */
  applicationBuilder: boolean;
  /** The build target's executor. */
  buildExecutor: string;
  angularMajor: number;
}

/** The installed @angular/core (the truth), else the lowest version package.json admits. */
function angularMajorOf(tree: Tree): number {
  const installed = 'node_modules/@angular/core/package.json';
  if (tree.exists(installed))
    return Number(readJson<{ version: string }>(tree, installed).version.split('.')[0]);
  const { dependencies = {}, devDependencies = {} } = readJson<Record<string, Record<string, string>>>(
    tree,
    'package.json',
  );
  const range = dependencies['@angular/core'] ?? devDependencies['@angular/core'];
  const version = range ? minVersion(range) : null;
  if (!version)
    throw new OptionError(
      'project',
      '@angular/core',
      'a workspace with @angular/core installed or in package.json',
    );
  return version.major;
}

export function readAngularApp(tree: Tree, project: ProjectConfiguration & { name: string }): AngularApp {
  const build = project.targets?.['build'];
  const entryOption = build?.executor ? entryOptionOf[build.executor] : undefined;
  if (project.projectType !== 'application' || !build || !entryOption)
    throw new OptionError(
      'project',
      project.name,
      `an Angular application (its build target uses one of ${Object.keys(entryOptionOf).join(', ')})`,
    );
  const options = (build.options ?? {}) as Record<string, unknown>;
  const mainFile = options[entryOption];
  if (typeof mainFile !== 'string' || !tree.exists(mainFile))
    throw new OptionError(
      'project',
      project.name,
      `an Angular application whose build option "${entryOption}" names an existing file`,
    );
  const ssr = options['ssr'] as { entry?: string } | boolean | undefined;
  const serverFiles = [options['server'], typeof ssr === 'object' ? ssr.entry : undefined].filter(
    (file): file is string => typeof file === 'string',
  );
  const applicationBuilder = entryOption === 'browser';
  // `outputPath` is a string or, on newer builders, { base, browser }.
  const output = options['outputPath'] as string | { base: string; browser?: string } | undefined;
  const outputPath =
    typeof output === 'string' ? output : (output?.base ?? joinPathFragments('dist', project.root));
  const browserFolder =
    typeof output === 'object' && output.browser !== undefined ? output.browser : 'browser';
  return {
    name: project.name,
    root: project.root,
    sourceRoot: project.sourceRoot ?? joinPathFragments(project.root, 'src'),
    mainFile,
    serverFiles,
    // The application builder defaults `index` to src/index.html of the project.
    indexFile:
      typeof options['index'] === 'string'
        ? options['index']
        : joinPathFragments(project.sourceRoot ?? joinPathFragments(project.root, 'src'), 'index.html'),
    browserOutputPath: applicationBuilder ? joinPathFragments(outputPath, browserFolder) : outputPath,
    buildOutputPath: outputPath,
    applicationBuilder,
    buildExecutor: build.executor as string,
    angularMajor: angularMajorOf(tree),
  };
}
