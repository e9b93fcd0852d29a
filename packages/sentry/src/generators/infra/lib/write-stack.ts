import { joinPathFragments, offsetFromRoot, TargetConfiguration, Tree, writeJson } from '@nx/devkit';
import { infraTargets } from './infra-targets';
import type { StackFolder } from '../../../stack/render/stack-layout';

/** The tag every generated project carries; it marks folders this generator owns (and may remove). */
export const stackTag = 'sentry-stack';

const projectName = (prefix: string, folder: StackFolder) =>
  `${prefix}-${folder.role === 'component' ? folder.path.slice('components/'.length) : folder.path.replace('/', '-')}`;

/** One Nx project per folder; a folder mounting shared config depends on that config's project. */
function projectConfiguration(
  name: string,
  root: string,
  role: string,
  dependencies: string[] = [],
  targets?: Record<string, TargetConfiguration>,
) {
  return {
    name,
    $schema: `${offsetFromRoot(root)}node_modules/nx/schemas/project-schema.json`,
    projectType: 'application',
    tags: [stackTag, `${stackTag}:${role}`],
    ...(dependencies.length ? { implicitDependencies: dependencies } : {}),
    ...(targets ? { targets } : {}),
  };
}

/**
 * Writes every folder and its project.json, and removes component and config folders of an earlier
 * run that the new options no longer produce (e.g. after switching to errors-only). Only folders
 * carrying our tag are removed; anything else in the directory is the user's.
 */
export function writeStack(
  tree: Tree,
  directory: string,
  prefix: string,
  folders: StackFolder[],
  rootFiles: Record<string, string>,
): void {
  const wanted = new Set(folders.map(({ path }) => path));
  for (const parent of ['components', 'config']) {
    for (const child of tree.children(joinPathFragments(directory, parent))) {
      const path = `${parent}/${child}`;
      const projectJson = joinPathFragments(directory, path, 'project.json');
      if (
        !wanted.has(path) &&
        tree.exists(projectJson) &&
        tree.read(projectJson, 'utf-8')?.includes(`"${stackTag}"`)
      )
        tree.delete(joinPathFragments(directory, path));
    }
  }
  for (const folder of folders) {
    for (const [name, content] of Object.entries(folder.files))
      tree.write(joinPathFragments(directory, folder.path, name), content);
    const root = joinPathFragments(directory, folder.path);
    // Bootstrap Jobs are run per release by the scripts, not redeployed when configuration changes.
    const dependencies = ['config', 'bootstrap'].includes(folder.role)
      ? []
      : folder.configBundles.map((bundle) => `${prefix}-config-${bundle}`);
    writeJson(
      tree,
      joinPathFragments(root, 'project.json'),
      projectConfiguration(projectName(prefix, folder), root, folder.role, dependencies),
    );
  }
  for (const [name, content] of Object.entries(rootFiles))
    tree.write(joinPathFragments(directory, name), content);
  writeJson(
    tree,
    joinPathFragments(directory, 'project.json'),
    projectConfiguration(`${prefix}-infra`, directory, 'root', [], infraTargets(directory)),
  );
}
