import { assertBooleanOptions, OptionError } from '../../../utils/option-error';
import { assertRelativeDirectory, requireString } from '../../../utils/validators';
import { type GitopsOptions, gitopsOptions, runsOnOf } from './gitops-options';
import { assertBranch, assertEnvironment } from './names';
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

const nodeVersionPattern = /^(\d{2,})(\.\d+){0,2}$/;
const workflowFilePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;
const deployVias: readonly DeployVia[] = ['kubeconfig', 'ssh', 'gitops'];

/** The oldest Node that Nx 20 to 22 run on. */
const minimumNodeMajor = 20;
/** The workflow's default: Node 20 reached its end of life on 2026-04-30 (nodejs.org release schedule). */
const defaultNodeVersion = '22';

function assertNodeVersion(value: unknown): string {
  // The command line hands `--nodeVersion=22` over as a number; a whole number is a major version. A
  // fraction is not taken: 20.10 would have arrived as 20.1.
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  const major = typeof text === 'string' ? text.match(nodeVersionPattern)?.[1] : undefined;
  if (!major || Number(major) < minimumNodeMajor)
    throw new OptionError(
      'nodeVersion',
      value,
      `a Node version ${minimumNodeMajor} or newer: a major such as 22, or major.minor.patch such as 22.11.0`,
    );
  return text as string;
}

function assertWorkflowFile(value: unknown): string {
  const text = requireString('workflowFile', value);
  if (!workflowFilePattern.test(text))
    throw new OptionError('workflowFile', value, 'a file name ending in .yaml or .yml, such as ci-cd.yaml');
  return text;
}

function assertDeployVia(value: unknown): DeployVia {
  if (!deployVias.includes(value as DeployVia))
    throw new OptionError('deployVia', value, deployVias.join(' or '));
  return value as DeployVia;
}

/** Checks every option and fills in the defaults; throws an OptionError before anything is written. */
export function normalizeOptions(options: CiGeneratorSchema): NormalizedCiOptions {
  assertBooleanOptions(options, ['deploy', 'release', 'sourcemaps', 'symbols', 'skipFormat']);
  const deployVia = assertDeployVia(options.deployVia ?? 'kubeconfig');
  return {
    // GitHub reads workflows only from .github/workflows of the repository, not from subfolders.
    workflowPath: `${assertRelativeDirectory('workflowDirectory', options.workflowDirectory ?? '.github/workflows')}/${assertWorkflowFile(options.workflowFile ?? 'ci-cd.yaml')}`,
    mainBranch: assertBranch('mainBranch', options.mainBranch ?? 'main'),
    environment: assertEnvironment('environment', options.environment ?? 'production'),
    nodeVersion: assertNodeVersion(options.nodeVersion ?? defaultNodeVersion),
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
