import type { Tree } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageTagsScriptPath } from './gitops-steps';

/**
 * The script the gitops steps run, written into the workspace rather than run from the plugin: the
 * GitOps repository's own workflow needs the same `bump` on a dispatch's payload, and there the plugin
 * is not installed (see the README's "CI under GitOps"). It is ours: a rerun brings it up to date.
 */
export function writeImageTagsScript(tree: Tree): void {
  const script = readFileSync(join(__dirname, '..', 'files', 'image-tags.mjs'), 'utf-8');
  if (tree.read(imageTagsScriptPath, 'utf-8') === script) return;
  tree.write(imageTagsScriptPath, script);
  tree.changePermissions(imageTagsScriptPath, '755');
}
