import { type ExecutorContext, joinPathFragments } from '@nx/devkit';
import { isAbsolute, relative, resolve } from 'node:path';
import { assertBooleanOptions, OptionError } from '../../../utils/option-error';
import { requireString } from '../../../utils/validators';
import type { BootstrapExecutorSchema } from '../schema';
import { stateFileName } from '../../../bootstrap-state/desired-state';
import { defaultDsnFile } from '../../../bootstrap-state/dsn-file';
import { BootstrapError, firstTokenHint } from './errors';

export interface NormalizedBootstrapOptions {
  workspaceRoot: string;
  /** As the user gave it (or the default), for messages. */
  stateFile: string;
  stateFilePath: string;
  dsnFile: string;
  dsnFilePath: string;
  prune: boolean;
  /** Existing organization, team and projects are used as they are: nothing renamed or reconfigured. */
  adopt: boolean;
  /** SENTRY_URL without trailing slashes, e.g. https://sentry.example.com. */
  sentryUrl: string;
  token: string;
  /** The Nx project the target runs on (the stack's), which has the `ci-token` target. */
  infraProject?: string;
}

function sentryUrlOf(value: string | undefined): string {
  if (!value)
    throw new BootstrapError(
      'SENTRY_URL is not set: export SENTRY_URL=https://<the domain Sentry is served on>, as for sentry-cli.',
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BootstrapError(`SENTRY_URL "${value}" is not a URL: expected e.g. https://sentry.example.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new BootstrapError(
      `SENTRY_URL "${value}" is not an http(s) URL: expected e.g. https://sentry.example.com.`,
    );
  return value.replace(/\/+$/, '');
}

/** Validates the options and the environment; throws before the first request. */
export function normalizeOptions(
  options: BootstrapExecutorSchema,
  context: ExecutorContext,
  env: NodeJS.ProcessEnv = process.env,
): NormalizedBootstrapOptions {
  assertBooleanOptions(options, ['prune', 'adopt']);
  // An adopted organization holds what others made: deleting what the state does not name would take it.
  if (options.adopt && options.prune)
    throw new OptionError(
      'prune',
      true,
      'false with --adopt (an adopted organization holds what others made)',
    );
  const projectRoot = context.projectName
    ? context.projectsConfigurations?.projects[context.projectName]?.root
    : undefined;
  if (options.stateFile === undefined && projectRoot === undefined)
    throw new BootstrapError('--stateFile is needed when the target runs outside a project.');
  const stateFile = requireString(
    'stateFile',
    options.stateFile ?? joinPathFragments(projectRoot ?? '', stateFileName),
  );
  const dsnFile = requireString('dsnFile', options.dsnFile ?? defaultDsnFile);
  const dsnFilePath = resolve(context.root, dsnFile);
  // Inside the workspace, so it can be git-ignored there and the app generators find it.
  const dsnFromRoot = relative(context.root, dsnFilePath);
  if (dsnFromRoot.startsWith('..') || isAbsolute(dsnFromRoot))
    throw new OptionError('dsnFile', dsnFile, 'a file inside the workspace, such as .sentry/dsn.json');
  const sentryUrl = sentryUrlOf(env['SENTRY_URL']);
  const token = env['SENTRY_AUTH_TOKEN'];
  if (!token) throw new BootstrapError(`SENTRY_AUTH_TOKEN is not set. ${firstTokenHint}`);
  return {
    workspaceRoot: context.root,
    stateFile,
    stateFilePath: resolve(context.root, stateFile),
    dsnFile,
    dsnFilePath,
    prune: options.prune ?? false,
    adopt: options.adopt ?? false,
    sentryUrl,
    token,
    ...(projectRoot === undefined ? {} : { infraProject: context.projectName }),
  };
}
