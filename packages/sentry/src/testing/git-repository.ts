import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** git in `cwd`, its output trimmed; throws with git's message when it fails. */
export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/**
 * A bare repository at `<folder>.git` whose one commit on main holds `files` (path → text), as a GitOps
 * repository on GitHub would be for a clone and push; returns its path.
 */
export function bareRepository(folder: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  git(folder, 'init', '--quiet', '--initial-branch=main');
  git(folder, 'add', '--all');
  git(
    folder,
    '-c',
    'user.name=ops',
    '-c',
    'user.email=ops@academind.ir',
    'commit',
    '--quiet',
    '-m',
    'values',
  );
  git(folder, 'clone', '--quiet', '--bare', folder, `${folder}.git`);
  return `${folder}.git`;
}
