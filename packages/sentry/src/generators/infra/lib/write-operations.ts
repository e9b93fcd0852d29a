import { joinPathFragments, Tree } from '@nx/devkit';

/** Scripts users run directly; the others (`lib.sh`, `stack.env.sh`) are sourced. */
export const runnableScripts = [
  'setup.sh',
  'upgrade.sh',
  'backup.sh',
  'restore.sh',
  'doctor.sh',
  'ci-token.sh',
  'mirror-images.sh',
] as const;

/**
 * The operations side of the stack: the scripts' facts (`scripts/stack.env.sh`), its images (`images.txt`), execute bits on the
 * scripts that `generateFiles` copied from files/scripts, and the optional Ansible playbook.
 */
export function writeOperations(
  tree: Tree,
  directory: string,
  files: { operationsEnv: string; images: string; ansible?: Record<string, string> },
): void {
  tree.write(joinPathFragments(directory, 'scripts', 'stack.env.sh'), files.operationsEnv);
  // Beside the stack, not in scripts/: a list, not a script (mirror-images.sh reads it).
  tree.write(joinPathFragments(directory, 'images.txt'), files.images);
  for (const script of runnableScripts)
    tree.changePermissions(joinPathFragments(directory, 'scripts', script), '755');
  for (const [path, content] of Object.entries(files.ansible ?? {}))
    tree.write(joinPathFragments(directory, 'ansible', path), content);
}
