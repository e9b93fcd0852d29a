import { execFileSync } from 'node:child_process';
import { OptionError } from './option-error';

/** Where a workspace sits on GitHub. */
export interface GithubLocation {
  /** `owner/name`. */
  repository: string;
  /** The workspace's folder inside the repository, '' at its root. */
  folder: string;
  /** The branch `origin/HEAD` names, main when the clone does not know it. */
  defaultBranch: string;
}

/** `owner/name` as GitHub spells repositories. */
export const githubRepositoryPattern = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const githubRemote =
  /^(?:https:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/;

/** `owner/name` of a GitHub remote URL (https, scp-like or ssh form); undefined for any other host. */
export function githubRepositoryOf(remoteUrl: string): string | undefined {
  const match = githubRemote.exec(remoteUrl.trim());
  return match ? `${match[1]}/${match[2]}` : undefined;
}

function git(root: string, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', root, ...args], {
      encoding: 'utf-8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined; // not a checkout, no such remote, or no git at all
  }
}

/** The GitHub repository behind the workspace's `origin` remote, when there is one. */
export function githubLocation(workspaceRoot: string): GithubLocation | undefined {
  const url = git(workspaceRoot, 'remote', 'get-url', 'origin');
  const repository = url === undefined ? undefined : githubRepositoryOf(url);
  if (!repository) return undefined;
  const folder = (git(workspaceRoot, 'rev-parse', '--show-prefix') ?? '').replace(/\/$/, '');
  const originHead = git(workspaceRoot, 'symbolic-ref', '--short', 'refs/remotes/origin/HEAD');
  return { repository, folder, defaultBranch: originHead?.replace(/^origin\//, '') || 'main' };
}

/**
 * The app generators' `--repository`: `owner/name` as given (the workspace's folder and default branch still
 * come from git when it knows them), `none` for no link, nothing for the origin remote's repository.
 */
export function githubLocationOption(workspaceRoot: string, option: unknown): GithubLocation | undefined {
  if (option === undefined) return githubLocation(workspaceRoot);
  if (option === 'none') return undefined;
  if (typeof option !== 'string' || !githubRepositoryPattern.test(option))
    throw new OptionError('repository', option, 'a GitHub repository as owner/name, or none');
  const known = githubLocation(workspaceRoot);
  return { repository: option, folder: known?.folder ?? '', defaultBranch: known?.defaultBranch ?? 'main' };
}
