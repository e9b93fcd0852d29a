import { joinPathFragments, readProjectConfiguration, type Tree } from '@nx/devkit';
import type { AngularApp } from './angular-app';

/** An environment file and the Sentry environment it reports. */
export interface EnvironmentFile {
  path: string;
  name: string;
}

export interface EnvironmentFiles {
  /** The file the code imports (replaced at build time by the production one); it reports development. */
  base: string;
  production: string;
  /** Every environment file of the app, base and production included. */
  all: EnvironmentFile[];
  /** The app has no production replacement: base and production are created with it. */
  missing: boolean;
}

export type FileReplacement = { replace?: string; src?: string; with: string };
type BuildConfigurations = Record<string, { fileReplacements?: FileReplacement[] }>;

const replacedFile = (entry: FileReplacement) => entry.replace ?? entry.src ?? '';

/**
 * The app's environment files, read only (the options are checked against their names before anything is
 * written): base and production from the production `fileReplacements`, else the conventional
 * `environments/environment(.prod).ts`, and the other `environment*.ts` beside them. The production file reports
 * `productionName`, the base development, another file the build configuration that swaps it in (`nx build
 * -c staging` reports staging), else the word its file name adds (environment.qa.ts: qa).
 */
export function readEnvironmentFiles(tree: Tree, app: AngularApp, productionName: string): EnvironmentFiles {
  const configurations = (readProjectConfiguration(tree, app.name).targets?.['build']?.configurations ??
    {}) as BuildConfigurations;
  const replacement = configurations['production']?.fileReplacements?.find((entry) =>
    /environment\.ts$/.test(replacedFile(entry)),
  );
  const base = replacement
    ? replacedFile(replacement)
    : joinPathFragments(app.sourceRoot, 'environments', 'environment.ts');
  const production =
    replacement?.with ?? joinPathFragments(app.sourceRoot, 'environments', 'environment.prod.ts');
  const folder = base.split('/').slice(0, -1).join('/');
  const configurationOf = (path: string) =>
    Object.entries(configurations).find(
      ([name, configuration]) =>
        name !== 'production' &&
        configuration?.fileReplacements?.some((entry) => replacedFile(entry) === base && entry.with === path),
    )?.[0];
  const nameOf = (path: string) =>
    path === production
      ? productionName
      : path === base
        ? 'development'
        : (configurationOf(path) ?? /environment\.([\w-]+)\.ts$/.exec(path)?.[1] ?? 'development');
  const paths = [
    ...new Set([
      base,
      production,
      ...tree
        .children(folder)
        .filter((name) => /^environment[\w.-]*\.ts$/.test(name))
        .map((name) => `${folder}/${name}`),
    ]),
  ];
  return {
    base,
    production,
    all: paths.map((path) => ({ path, name: nameOf(path) })),
    missing: !replacement,
  };
}
