import { joinPathFragments, type Tree } from '@nx/devkit';
import { parse } from 'yaml';

/** Flags as npm takes them: `--name` or `--name=value` of plain characters, nothing a shell would expand. */
const safeFlag = /^--[a-z][a-z-]*(=[\w.@/-]+)?$/;

/** Every `run:` line of the workflows in `directory` except `ownFile`, as GitHub Actions would run them. */
function runLines(tree: Tree, directory: string, ownFile: string): string[] {
  if (!tree.exists(directory)) return [];
  return tree
    .children(directory)
    .filter((file) => /\.ya?ml$/.test(file) && joinPathFragments(directory, file) !== ownFile)
    .sort()
    .flatMap((file) => {
      let workflow: { jobs?: Record<string, { steps?: Array<{ run?: unknown }> }> } | null;
      try {
        workflow = parse(tree.read(joinPathFragments(directory, file), 'utf-8') ?? '');
      } catch {
        return []; // not ours to judge: GitHub reports a broken workflow itself
      }
      return Object.values(workflow?.jobs ?? {}).flatMap((job) =>
        (job?.steps ?? []).flatMap(({ run }) => (typeof run === 'string' ? run.split('\n') : [])),
      );
    });
}

/**
 * The install step: `npm ci` with the flags the repository's own jobs already pass to it (a team whose
 * dependency tree needs `--legacy-peer-deps` has it there), or plain `npm ci`. Only flags that need no
 * quoting are taken over; `.npmrc` needs nothing, npm reads it itself.
 */
export function installCommandOf(tree: Tree, workflowPath: string): string {
  const directory = workflowPath.slice(0, workflowPath.lastIndexOf('/'));
  for (const line of runLines(tree, directory, workflowPath)) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'npm' || words[1] !== 'ci') continue;
    const flags = words.slice(2);
    if (flags.every((flag) => safeFlag.test(flag))) return ['npm', 'ci', ...flags].join(' ');
  }
  return 'npm ci';
}
