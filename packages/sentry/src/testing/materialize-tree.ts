import type { Tree } from '@nx/devkit';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Writes one folder of a generator's in-memory tree to a fresh temp directory, with the file modes the
 * generator set, so real tools (kubectl, shellcheck, bash, ansible) can read it. Returns the folder's path.
 */
export function materializeTree(tree: Tree, folder: string): string {
  const out = mkdtempSync(join(tmpdir(), 'fundamental-sentry-'));
  const modes = new Map(tree.listChanges().map((change) => [change.path, change.options?.mode]));
  const visit = (path: string) => {
    for (const child of tree.children(path)) {
      const full = `${path}/${child}`;
      if (!tree.isFile(full)) {
        visit(full);
        continue;
      }
      const target = join(out, full);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, tree.read(full) as Buffer);
      const mode = modes.get(full);
      if (mode !== undefined) chmodSync(target, typeof mode === 'string' ? parseInt(mode, 8) : mode);
    }
  };
  visit(folder);
  return join(out, folder);
}
