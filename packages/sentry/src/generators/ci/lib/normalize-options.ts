import { assertBooleanOptions, OptionError } from '../../../utils/option-error';
import { assertRelativeDirectory, requireString } from '../../../utils/validators';
import type { CiGeneratorSchema } from '../schema';

export type DeployVia = 'kubeconfig' | 'ssh';

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
  parts: WorkflowParts;
  /** actions/setup-dotnet's input when the workspace has .NET projects. */
  dotnet?: DotnetSetup;
  /** The install step's command: `npm ci` with the flags the repository's own jobs give it. */
  installCommand?: string;
  /** The name nx.json's plugin entry gives the kustomization folders' deploy target (default deploy). */
  deployTarget?: string;
  skipFormat: boolean;
}

/**
 * The charsets below are strict on purpose: the branch lands in an `if:` expression, in branch filters
 * (where `*`, `?`, `[` and `!` are patterns) and, through nrwl/nx-set-shas, in a shell line; the
 * environment in a Sentry deploy and a concurrency group. A value that passes needs no quoting anywhere.
 */
const branchPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;
const environmentPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const nodeVersionPattern = /^(\d{2,})(\.\d+){0,2}$/;
const workflowFilePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;
const deployVias: readonly DeployVia[] = ['kubeconfig', 'ssh'];

/** The oldest Node that Nx 20 to 22 run on. */
const minimumNodeMajor = 20;
/** The workflow's default: Node 20 reached its end of life on 2026-04-30 (nodejs.org release schedule). */
const defaultNodeVersion = '22';

function assertBranch(value: unknown): string {
  const text = requireString('mainBranch', value);
  // git check-ref-format's rules that the charset alone does not cover.
  if (!branchPattern.test(text) || /\.\.|\/\/|\/\.|[/.]$|\.lock$/.test(text))
    throw new OptionError('mainBranch', value, 'a git branch name of letters, digits, ".", "_", "-" and "/"');
  return text;
}

function assertEnvironment(value: unknown): string {
  const text = requireString('environment', value);
  if (!environmentPattern.test(text))
    throw new OptionError('environment', value, 'letters, digits, ".", "_" and "-", at most 64 characters');
  return text;
}

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
  return {
    // GitHub reads workflows only from .github/workflows of the repository, not from subfolders.
    workflowPath: `${assertRelativeDirectory('workflowDirectory', options.workflowDirectory ?? '.github/workflows')}/${assertWorkflowFile(options.workflowFile ?? 'ci-cd.yaml')}`,
    mainBranch: assertBranch(options.mainBranch ?? 'main'),
    environment: assertEnvironment(options.environment ?? 'production'),
    nodeVersion: assertNodeVersion(options.nodeVersion ?? defaultNodeVersion),
    deployVia: assertDeployVia(options.deployVia ?? 'kubeconfig'),
    parts: {
      deploy: options.deploy ?? true,
      release: options.release ?? true,
      sourcemaps: options.sourcemaps ?? true,
      symbols: options.symbols ?? true,
    },
    skipFormat: options.skipFormat ?? false,
  };
}
