import { getProjects, readJson, type Tree } from '@nx/devkit';
import { readDsnFromTree } from '../../../bootstrap-state/dsn-file';
import { type GithubLocation, githubLocationOption } from '../../../utils/git-remote';
import { OptionError, assertBooleanOptions } from '../../../utils/option-error';
import {
  assertDsn,
  assertEnvironment,
  assertProjectSlug,
  assertSampleRate,
  slugOf,
} from '../../../utils/sentry-options';
import type { AngularAppGeneratorSchema, AngularSentrySdk } from '../schema';
import { readAngularApp, type AngularApp } from './angular-app';

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

export function normalizeOptions(
  tree: Tree,
  options: AngularAppGeneratorSchema,
): NormalizedAngularAppOptions {
  assertBooleanOptions(options, ['skipFormat', 'skipPackageJson', 'raiseBudget']);
  const project = getProjects(tree).get(options.project);
  if (!project) throw new OptionError('project', options.project, 'the name of a project of this workspace');
  const app = readAngularApp(tree, { ...project, name: options.project });
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
  const environment = assertEnvironment('environment', options.environment ?? 'production');
  const targets =
    typeof options.tracePropagationTargets === 'string'
      ? options.tracePropagationTargets.split(',').filter(Boolean)
      : options.tracePropagationTargets;
  for (const target of targets ?? [])
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[^\s'"`\\]*)?$/.test(target) && !/^\/[^\s'"`\\]*$/.test(target))
      throw new OptionError(
        'tracePropagationTargets',
        target,
        'URLs or paths such as https://api.example.com or /api',
      );
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
    skipFormat: options.skipFormat ?? false,
    skipPackageJson: options.skipPackageJson ?? false,
    raiseBudget: options.raiseBudget ?? false,
  };
}
