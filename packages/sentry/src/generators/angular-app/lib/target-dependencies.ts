import { readNxJson, type TargetConfiguration, type Tree, updateNxJson } from '@nx/devkit';

const isDependency =
  (dependency: string) =>
  (entry: string | { target?: string; projects?: unknown; dependencies?: unknown }) =>
    typeof entry === 'string'
      ? entry === dependency
      : entry.target === dependency && !entry.projects && !entry.dependencies;

/**
 * Adds a same-project target to `dependsOn`. A target without its own `dependsOn` inherits the workspace's
 * target default the way Nx picks it (the entry keyed by the executor, else the one keyed by the target name);
 * a project-level value replaces the default, so it starts from there.
 *
 * A project defined in angular.json is the exception: Nx reads it through a plugin whose name is outside `nx/`,
 * and applies target defaults over such values (nrwl/nx 22.7.12,
 * packages/nx/src/project-graph/utils/project-configuration-utils.ts, targetDefaultShouldBeApplied). There the
 * target default's own `dependsOn` gets the dependency too; other projects using that default are unaffected,
 * as Nx skips a same-project dependency on a target a project does not have.
 */
export function withDependency(
  tree: Tree,
  targetName: string,
  target: TargetConfiguration,
  dependency: string,
  definedInAngularJson = false,
): void {
  const nxJson = readNxJson(tree);
  const defaults = nxJson?.targetDefaults ?? {};
  const key = target.executor && defaults[target.executor] ? target.executor : targetName;
  const targetDefault = defaults[key];
  const inherited = target.dependsOn ?? targetDefault?.dependsOn ?? [];
  target.dependsOn = inherited.some(isDependency(dependency)) ? inherited : [...inherited, dependency];
  if (!definedInAngularJson || !nxJson || !targetDefault?.dependsOn) return;
  if (targetDefault.dependsOn.some(isDependency(dependency))) return;
  targetDefault.dependsOn = [...targetDefault.dependsOn, dependency];
  updateNxJson(tree, nxJson);
}
