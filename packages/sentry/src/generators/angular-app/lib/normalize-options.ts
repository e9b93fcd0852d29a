import { getProjects, readJson, type Tree } from '@nx/devkit';
import { OptionError, assertBooleanOptions } from '../../../utils/option-error';
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
  settings: SentryBrowserSettings;
  skipFormat: boolean;
  skipPackageJson: boolean;
}

/** https://<public key>@<host>[:port][/path]/<project id>: what every Sentry SDK accepts. */
const dsnPattern = /^https?:\/\/[0-9a-f]{32}@[a-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._-]+)*\/\d+$/;

export function assertDsn(option: string, value: unknown): string {
  if (typeof value !== 'string' || !dsnPattern.test(value))
    throw new OptionError(
      option,
      value,
      'a Sentry DSN such as https://0123456789abcdef0123456789abcdef@sentry.example.com/2',
    );
  return value;
}

export function assertSampleRate(option: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1)
    throw new OptionError(option, value, 'a number from 0 to 1');
  return value;
}

/** The DSN the bootstrap wrote for this Sentry project, if any (`.sentry/dsn.json`, git-ignored). */
function bootstrapDsn(tree: Tree, sentryProject: string): string | undefined {
  const path = '.sentry/dsn.json';
  if (!tree.exists(path)) return undefined;
  const dsns = readJson<Record<string, unknown>>(tree, path);
  return typeof dsns[sentryProject] === 'string' ? (dsns[sentryProject] as string) : undefined;
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
  assertBooleanOptions(options, ['skipFormat', 'skipPackageJson']);
  const project = getProjects(tree).get(options.project);
  if (!project) throw new OptionError('project', options.project, 'the name of a project of this workspace');
  const app = readAngularApp(tree, { ...project, name: options.project });
  const sentryProject = options.sentryProject ?? 'angular-frontend';
  const dsn = options.dsn ?? bootstrapDsn(tree, sentryProject);
  if (dsn === undefined)
    throw new OptionError(
      'dsn',
      dsn,
      `a DSN: pass --dsn, or run the bootstrap first (it writes .sentry/dsn.json for "${sentryProject}")`,
    );
  const environment = options.environment ?? 'production';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(environment))
    throw new OptionError('environment', environment, 'a name of letters, digits, "_", "." and "-"');
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
  };
}
