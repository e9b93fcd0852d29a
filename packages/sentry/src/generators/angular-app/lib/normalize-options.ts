import { getProjects, readJson, type Tree } from '@nx/devkit';
import { readDsnFromTree } from '../../../bootstrap-state/dsn-file';
import { type GithubLocation, githubLocationOption } from '../../../utils/git-remote';
import { OptionError, assertBooleanOptions } from '../../../utils/option-error';
import {
  assertDsn,
  assertEnvironment,
  assertTracePropagationTarget,
  assertProjectSlug,
  assertSampleRate,
  slugOf,
} from '../../../utils/sentry-options';
import type { AngularAppGeneratorSchema, AngularSentrySdk } from '../schema';
import { readAngularApp, type AngularApp } from './angular-app';
import { readEnvironmentFiles, type EnvironmentFiles } from './environment-files';

export interface SentryBrowserSettings {
  dsn: string;
  environment: string;
  tracesSampleRate: number;
  tracePropagationTargets?: string[];
  replaysSessionSampleRate: number;
  replaysOnErrorSampleRate: number;
}

export interface NormalizedAngularAppOptions {
  app: AngularApp;
  sdk: '@sentry/angular' | '@sentry/angular-ivy';
  /** The Sentry project the app reports to (its DSN's project; the source maps go there too). */
  sentryProject: string;
  /** Where the workspace is on GitHub, linked to the Sentry project the generator registers. */
  github?: GithubLocation;
  settings: SentryBrowserSettings;
  /** The app's environment files and the environments they report. */
  environments: EnvironmentFiles;
  /** DSNs --dsns gives environments other than production, by environment name ('' keeps Sentry off). */
  dsns: Record<string, string>;
  skipFormat: boolean;
  skipPackageJson: boolean;
  /** Raise the production initial budget by what the wiring adds. */
  raiseBudget: boolean;
}

function sdkOf(
  tree: Tree,
  requested: AngularSentrySdk,
  angularMajor: number,
): NormalizedAngularAppOptions['sdk'] {
  if (!['auto', '@sentry/angular', '@sentry/angular-ivy'].includes(requested))
    throw new OptionError('sdk', requested, '"auto", "@sentry/angular" or "@sentry/angular-ivy"');
  const { dependencies = {}, devDependencies = {} } = readJson<Record<string, Record<string, string>>>(
    tree,
    'package.json',
  );
  const usesIvy = '@sentry/angular-ivy' in dependencies || '@sentry/angular-ivy' in devDependencies;
  const sdk =
    requested === 'auto'
      ? usesIvy && angularMajor <= 17
        ? '@sentry/angular-ivy'
        : '@sentry/angular'
      : requested;
  if (sdk === '@sentry/angular' && angularMajor < 14)
    throw new OptionError(
      'sdk',
      sdk,
      `@sentry/angular-ivy for Angular ${angularMajor} (@sentry/angular supports Angular 14–22)`,
    );
  if (sdk === '@sentry/angular-ivy' && (angularMajor < 12 || angularMajor > 17))
    throw new OptionError(
      'sdk',
      sdk,
      `@sentry/angular for Angular ${angularMajor} (@sentry/angular-ivy supports Angular 12–17)`,
    );
  return sdk;
}

/**
 * --dsns as environment name → DSN: `staging=<DSN>,qa=<DSN>` from the command line, or an object (`--dsns.staging=…`,
 * JSON from code). Every name must be an environment of the app; an empty DSN keeps Sentry off there.
 */
function dsnsOf(given: AngularAppGeneratorSchema['dsns'], environments: string[]): Record<string, string> {
  if (given === undefined) return {};
  const expected = `environment=DSN pairs separated by commas, such as staging=https://<public key>@<host>/<project id>`;
  let entries: [string, unknown][];
  if (typeof given === 'string') {
    const pairs = given.split(',').filter((pair) => pair.trim() !== '');
    if (pairs.some((pair) => !pair.includes('='))) throw new OptionError('dsns', given, expected);
    entries = pairs.map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    });
  } else if (typeof given === 'object' && given !== null && !Array.isArray(given))
    entries = Object.entries(given);
  else throw new OptionError('dsns', given, `${expected}, or an object of environment name → DSN`);
  for (const [name, dsn] of entries) {
    if (!environments.includes(name))
      throw new OptionError(
        'dsns',
        given,
        `DSNs of environments of the app, which has ${environments.join(', ')} (the production build's DSN goes in --dsn)`,
      );
    if (dsn !== '') assertDsn(`dsns.${name}`, dsn);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function normalizeOptions(
  tree: Tree,
  options: AngularAppGeneratorSchema,
): NormalizedAngularAppOptions {
  assertBooleanOptions(options, ['skipFormat', 'skipPackageJson', 'raiseBudget']);
  const environment = assertEnvironment('environment', options.environment ?? 'production');
  const project = getProjects(tree).get(options.project);
  if (!project) throw new OptionError('project', options.project, 'the name of a project of this workspace');
  const app = readAngularApp(tree, { ...project, name: options.project });
  const environments = readEnvironmentFiles(tree, app, environment);
  const dsns = dsnsOf(
    options.dsns,
    environments.all.filter(({ path }) => path !== environments.production).map(({ name }) => name),
  );
  const sentryProject = assertProjectSlug(
    'sentryProject',
    options.sentryProject ?? slugOf(options.project, 'frontend'),
  );
  const dsn = options.dsn ?? readDsnFromTree(tree, sentryProject);
  if (dsn === undefined)
    throw new OptionError(
      'dsn',
      dsn,
      `a DSN: pass --dsn, or run the bootstrap first (it writes .sentry/dsn.json for "${sentryProject}")`,
    );
  const targets =
    typeof options.tracePropagationTargets === 'string'
      ? options.tracePropagationTargets.split(',').filter(Boolean)
      : options.tracePropagationTargets;
  for (const target of targets ?? []) assertTracePropagationTarget('tracePropagationTargets', target);
  return {
    app,
    sdk: sdkOf(tree, options.sdk ?? 'auto', app.angularMajor),
    sentryProject,
    github: githubLocationOption(tree.root, options.repository),
    settings: {
      dsn: assertDsn('dsn', dsn),
      environment,
      tracesSampleRate: assertSampleRate('tracesSampleRate', options.tracesSampleRate ?? 0.1),
      ...(targets ? { tracePropagationTargets: targets } : {}),
      replaysSessionSampleRate: assertSampleRate(
        'replaysSessionSampleRate',
        options.replaysSessionSampleRate ?? 0.1,
      ),
      replaysOnErrorSampleRate: assertSampleRate(
        'replaysOnErrorSampleRate',
        options.replaysOnErrorSampleRate ?? 1,
      ),
    },
    environments,
    dsns,
    skipFormat: options.skipFormat ?? false,
    skipPackageJson: options.skipPackageJson ?? false,
    raiseBudget: options.raiseBudget ?? false,
  };
}
