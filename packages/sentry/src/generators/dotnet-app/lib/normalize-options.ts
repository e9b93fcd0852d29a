import { Tree } from '@nx/devkit';
import { readDsnFromTree } from '../../../bootstrap-state/dsn-file';
import { type GithubLocation, githubLocationOption } from '../../../utils/git-remote';
import { assertBooleanOptions, OptionError } from '../../../utils/option-error';
import { assertDnsLabel, requireString } from '../../../utils/validators';
import type { DotnetAppGeneratorSchema } from '../schema';
import {
  assertDsn,
  assertEnvironment,
  assertProjectSlug,
  assertSampleRate,
  slugOf,
} from '../../../utils/sentry-options';
import { assertWorkspaceFile } from '../../../utils/validators';

/** A value given on the command line replaces what the app has; a default only fills what is missing. */
export interface Setting<T> {
  value: T;
  given: boolean;
}

export interface NormalizedDotnetAppOptions {
  project: string;
  /** Slug of the app's Sentry project: registered in the stack's desired state, key of its DSN. */
  sentryProject: string;
  /** Undefined when neither --dsn nor the DSN file has one: the SDK then stays off until Sentry__Dsn is set. */
  dsn?: Setting<string>;
  environment?: string;
  tracesSampleRate: Setting<number>;
  profilesSampleRate: Setting<number>;
  /** Undefined: decided from the project (Serilog references or usings; the target frameworks). */
  serilog?: boolean;
  profiling?: boolean;
  /** Undefined: the Deployment manifest's, else Kubernetes' `default`. */
  namespace?: string;
  /** Where the workspace is on GitHub, linked to the Sentry project the generator registers. */
  github?: GithubLocation;
  deploymentManifest?: string;
  /** The Deployment is outside the workspace: what it needs is printed and written to the README. */
  externalDeployment: boolean;
  /** The container of the Deployment that runs the app; undefined: decided from the manifest. */
  container?: string;
  skipFormat: boolean;
}

const setting = <T>(given: T | undefined, fallback: T): Setting<T> =>
  given === undefined ? { value: fallback, given: false } : { value: given, given: true };

/** Validates every option; throws an OptionError before anything is read from the project or written. */
export function normalizeOptions(tree: Tree, options: DotnetAppGeneratorSchema): NormalizedDotnetAppOptions {
  assertBooleanOptions(options, ['serilog', 'profiling', 'externalDeployment', 'skipFormat']);
  if (options.externalDeployment && options.deploymentManifest !== undefined)
    throw new OptionError(
      'externalDeployment',
      true,
      `no --deploymentManifest with it (${options.deploymentManifest} is in the workspace; a Helm template there is recognised by itself)`,
    );
  const project = requireString('project', options.project);
  const sentryProject = assertProjectSlug(
    'sentryProject',
    options.sentryProject ?? slugOf(project, 'backend'),
  );
  const fileDsn = options.dsn === undefined ? readDsnFromTree(tree, sentryProject) : undefined;
  return {
    project,
    sentryProject,
    dsn:
      options.dsn !== undefined
        ? { value: assertDsn('dsn', options.dsn), given: true }
        : fileDsn !== undefined
          ? { value: assertDsn('dsn', fileDsn), given: false }
          : undefined,
    environment:
      options.environment === undefined ? undefined : assertEnvironment('environment', options.environment),
    tracesSampleRate: setting(
      options.tracesSampleRate === undefined
        ? undefined
        : assertSampleRate('tracesSampleRate', options.tracesSampleRate),
      0.1,
    ),
    profilesSampleRate: setting(
      options.profilesSampleRate === undefined
        ? undefined
        : assertSampleRate('profilesSampleRate', options.profilesSampleRate),
      1,
    ),
    serilog: options.serilog,
    profiling: options.profiling,
    namespace: options.namespace === undefined ? undefined : assertDnsLabel('namespace', options.namespace),
    github: githubLocationOption(tree.root, options.repository),
    deploymentManifest:
      options.deploymentManifest === undefined
        ? undefined
        : assertWorkspaceFile('deploymentManifest', options.deploymentManifest),
    externalDeployment: options.externalDeployment ?? false,
    container: options.container === undefined ? undefined : assertDnsLabel('container', options.container),
    skipFormat: options.skipFormat ?? false,
  };
}
