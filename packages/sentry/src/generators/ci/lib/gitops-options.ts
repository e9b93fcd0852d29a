import { githubRepositoryPattern } from '../../../utils/git-remote';
import { OptionError } from '../../../utils/option-error';
import { assertImageRegistry, assertWorkspaceFile, requireString } from '../../../utils/validators';
import type { CiGeneratorSchema } from '../schema';
import { isEnvironmentName } from '../../../utils/sentry-options';
import { gitBranchPattern } from '../../../utils/validators';

export type GitopsBump = 'dispatch' | 'commit';

/** A branch whose pushes deliver, and the environment they deliver to. */
export interface BranchEnvironment {
  branch: string;
  environment: string;
}

/** `--deployVia=gitops`: images to a registry, their tags to a GitOps repository that Argo CD applies. */
export interface GitopsOptions {
  registry: string;
  branches: BranchEnvironment[];
  /** owner/name of the GitOps repository. */
  repository: string;
  bump: GitopsBump;
  /** `commit` only: where the tags are. */
  commit?: {
    /** The values file of a project in an environment, with `{project}` and `{environment}`. */
    values: string;
    /** The keys of the tag in a values file, joined by ".". */
    tagPath: string;
  };
}

const gitopsOnly = [
  'registry',
  'branches',
  'gitopsRepository',
  'gitopsBump',
  'gitopsValues',
  'gitopsTagPath',
] as const;
const bumps: readonly GitopsBump[] = ['dispatch', 'commit'];
const tagPathPattern = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const placeholders = /\{(project|environment)\}/g;

function parseBranches(value: unknown): BranchEnvironment[] {
  const expected =
    'branch:environment pairs separated by commas, such as develop:dev,main:prod (git branch names; environments of letters, digits, ".", "_" and "-")';
  const entries = requireString('branches', value)
    .split(',')
    .map((entry) => entry.trim().split(':'));
  const branches = entries.map(([branch, environment, ...rest]) => {
    if (
      rest.length > 0 ||
      !branch ||
      !environment ||
      !gitBranchPattern.test(branch) ||
      !isEnvironmentName(environment)
    )
      throw new OptionError('branches', value, expected);
    return { branch, environment };
  });
  if (new Set(branches.map(({ branch }) => branch)).size !== branches.length)
    throw new OptionError('branches', value, `${expected}, each branch once`);
  return branches;
}

function assertValuesPattern(value: unknown): string {
  const expected =
    'a path in the GitOps repository with {project} and, optionally, {environment}, ending in .yaml or .yml, such as apps/{project}/values-{environment}.yaml';
  const text = requireString('gitopsValues', value);
  const filled = text.replace(placeholders, 'x');
  if (!text.includes('{project}') || /[{}]/.test(filled) || !/\.ya?ml$/.test(text))
    throw new OptionError('gitopsValues', value, expected);
  try {
    assertWorkspaceFile('gitopsValues', filled);
  } catch {
    throw new OptionError('gitopsValues', value, expected);
  }
  return text;
}

function assertBump(value: unknown): GitopsBump {
  if (!bumps.includes(value as GitopsBump)) throw new OptionError('gitopsBump', value, bumps.join(' or '));
  return value as GitopsBump;
}

function assertTagPath(value: unknown): string {
  const text = requireString('gitopsTagPath', value);
  if (!tagPathPattern.test(text))
    throw new OptionError('gitopsTagPath', value, 'keys joined by ".", such as image.tag');
  return text;
}

/** The gitops options, checked; undefined in the other modes, which refuse them. */
export function gitopsOptions(options: CiGeneratorSchema, gitops: boolean): GitopsOptions | undefined {
  if (!gitops) {
    const given = gitopsOnly.find((name) => options[name] !== undefined);
    if (given) throw new OptionError(given, options[given], 'no value unless --deployVia=gitops');
    return undefined;
  }
  const repository = requireString('gitopsRepository', options.gitopsRepository);
  if (!githubRepositoryPattern.test(repository))
    throw new OptionError('gitopsRepository', repository, 'the GitOps repository on GitHub as owner/name');
  const bump = assertBump(options.gitopsBump ?? 'dispatch');
  const commitOnly = (['gitopsValues', 'gitopsTagPath'] as const).find((name) => options[name] !== undefined);
  if (bump === 'dispatch' && commitOnly)
    throw new OptionError(
      commitOnly,
      options[commitOnly],
      "no value with --gitopsBump=dispatch: the GitOps repository's workflow knows its files",
    );
  return {
    registry: assertImageRegistry('registry', options.registry),
    branches: parseBranches(options.branches ?? 'develop:dev,main:prod'),
    repository,
    bump,
    ...(bump === 'commit'
      ? {
          commit: {
            values: assertValuesPattern(options.gitopsValues),
            tagPath: assertTagPath(options.gitopsTagPath ?? 'image.tag'),
          },
        }
      : {}),
  };
}

const runnerLabelPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** `--runsOn`: one label as a string, several (self-hosted,linux,x64) as the list GitHub matches all of. */
export function runsOnOf(value: unknown): string | string[] {
  const labels = requireString('runsOn', value)
    .split(',')
    .map((label) => label.trim());
  if (!labels.every((label) => runnerLabelPattern.test(label)))
    throw new OptionError(
      'runsOn',
      value,
      'a runner label such as ubuntu-latest or self-hosted, or labels separated by commas',
    );
  return labels.length === 1 ? labels[0] : labels;
}
