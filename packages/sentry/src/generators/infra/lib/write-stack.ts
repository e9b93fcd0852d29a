import {
  getProjects,
  joinPathFragments,
  offsetFromRoot,
  TargetConfiguration,
  Tree,
  writeJson,
} from '@nx/devkit';
import { kustomizationTargets } from '../../../plugin';
import { infraTargets } from './infra-targets';
import { isDnsLabel } from '../../../utils/validators';
import type { StackFolder } from '../../../stack/render/stack-layout';

/** The tag every generated project carries; it marks folders this generator owns (and may remove). */
export const stackTag = 'sentry-stack';

const projectName = (prefix: string, folder: StackFolder) =>
  `${prefix}-${folder.role === 'component' ? folder.path.slice('components/'.length) : folder.path.replace('/', '-')}`;

/** The name of the stack's root project. */
export const infraProjectName = (prefix: string) => `${prefix}-infra`;

/**
 * Refuses, before anything is written, a stack whose project names another project of the workspace
 * already has outside this directory (a second stack with the default prefix): Nx cannot build a project
 * graph with two projects of one name, so every later nx command would fail.
 */
export function assertProjectNamesFree(
  tree: Tree,
  directory: string,
  prefix: string,
  folders: StackFolder[],
): void {
  const existing = getProjects(tree);
  const inside = (root: string) => root === directory || root.startsWith(`${directory}/`);
  for (const name of [infraProjectName(prefix), ...folders.map((folder) => projectName(prefix, folder))]) {
    const root = existing.get(name)?.root;
    if (root === undefined || inside(root)) continue;
    const last = directory.split('/').at(-1) ?? '';
    // A suggestion --name itself accepts.
    const suggestion = isDnsLabel(last) && last !== prefix ? last : 'NAME';
    throw new Error(
      `The project "${name}" exists already in ${root}: a second stack needs its own project names. ` +
        `Run again with --name=${suggestion} (projects ${suggestion}-infra, ${suggestion}-web, …). Nothing was written.`,
    );
  }
}

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
  explicitTargets: boolean,
): void {
  // The targets the plugin would infer from the folder's files, written out where it is not registered.
  const kustomizeTargets = (root: string) =>
    explicitTargets
      ? kustomizationTargets(root, (path) => tree.read(path, 'utf-8') ?? undefined, {})
      : undefined;
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
      projectConfiguration(
        projectName(prefix, folder),
        root,
        folder.role,
        dependencies,
        kustomizeTargets(root),
      ),
    );
  }
  for (const [name, content] of Object.entries(rootFiles))
    tree.write(joinPathFragments(directory, name), content);
  writeJson(
    tree,
    joinPathFragments(directory, 'project.json'),
    projectConfiguration(infraProjectName(prefix), directory, 'root', [], {
      ...kustomizeTargets(directory),
      ...infraTargets(directory),
    }),
  );
}
