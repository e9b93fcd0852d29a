import { assertBooleanOptions } from '../../../utils/option-error';
import { assertEnvironment } from '../../../utils/sentry-options';
import {
  assertGitBranch,
  assertNodeVersion,
  assertOneOf,
  assertRelativeDirectory,
  assertYamlFileName,
} from '../../../utils/validators';
import { type GitopsOptions, gitopsOptions, runsOnOf } from './gitops-options';
import type { CiGeneratorSchema } from '../schema';

/** The push deploys: nx affected -t deploy with cluster credentials. */
export type ClusterVia = 'kubeconfig' | 'ssh';
export type DeployVia = ClusterVia | 'gitops';

export type DotnetSetup = { 'global-json-file': string } | { 'dotnet-version': string };

/** The parts of the workflow that can be left out; each is a step or steps of the deploy job. */
export interface WorkflowParts {
  deploy: boolean;
  release: boolean;
  sourcemaps: boolean;
  symbols: boolean;
}

export interface NormalizedCiOptions {
  workflowPath: string;
  mainBranch: string;
  environment: string;
  nodeVersion: string;
  deployVia: DeployVia;
  /** With `deployVia: gitops`; then `mainBranch` and `environment` give way to its branch map. */
  gitops?: GitopsOptions;
  /** The jobs' runner; without it a job keeps the one it has. */
  runsOn?: string | string[];
  parts: WorkflowParts;
  /** actions/setup-dotnet's input when the workspace has .NET projects. */
  dotnet?: DotnetSetup;
  /** The install step's command: `npm ci` with the flags the repository's own jobs give it. */
  installCommand?: string;
  /** The workspace has Karma test targets, which the test run starts in their `ci` configuration. */
  karma?: boolean;
  /** The name nx.json's plugin entry gives the kustomization folders' deploy target (default deploy). */
  deployTarget?: string;
  skipFormat: boolean;
}

const deployVias: readonly DeployVia[] = ['kubeconfig', 'ssh', 'gitops'];

/** The workflow's default: Node 20 reached its end of life on 2026-04-30 (nodejs.org release schedule). */
const defaultNodeVersion = '22';

/** Checks every option and fills in the defaults; throws an OptionError before anything is written. */
export function normalizeOptions(options: CiGeneratorSchema): NormalizedCiOptions {
  assertBooleanOptions(options, ['deploy', 'release', 'sourcemaps', 'symbols', 'skipFormat']);
  const deployVia = assertOneOf('deployVia', options.deployVia ?? 'kubeconfig', deployVias);
  return {
    // GitHub reads workflows only from .github/workflows of the repository, not from subfolders.
    workflowPath: `${assertRelativeDirectory('workflowDirectory', options.workflowDirectory ?? '.github/workflows')}/${assertYamlFileName('workflowFile', options.workflowFile ?? 'ci-cd.yaml')}`,
    mainBranch: assertGitBranch('mainBranch', options.mainBranch ?? 'main'),
    environment: assertEnvironment('environment', options.environment ?? 'production'),
    nodeVersion: assertNodeVersion('nodeVersion', options.nodeVersion ?? defaultNodeVersion),
    deployVia,
    gitops: gitopsOptions(options, deployVia === 'gitops'),
    ...(options.runsOn === undefined ? {} : { runsOn: runsOnOf(options.runsOn) }),
    parts: {
      deploy: options.deploy ?? true,
      release: options.release ?? true,
      sourcemaps: options.sourcemaps ?? true,
      symbols: options.symbols ?? true,
    },
    skipFormat: options.skipFormat ?? false,
  };
}
