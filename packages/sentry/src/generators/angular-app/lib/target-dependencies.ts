import { readNxJson, type TargetConfiguration, type Tree } from '@nx/devkit';

/**
 * Adds a same-project target to `dependsOn`. A target without its own `dependsOn` inherits the workspace's
 * target default (by target name, then by executor); a project-level value replaces it, so it starts from there.
 */
export function withDependency(
  tree: Tree,
  targetName: string,
  target: TargetConfiguration,
  dependency: string,
): void {
  const defaults = readNxJson(tree)?.targetDefaults ?? {};
  const inherited =
    target.dependsOn ??
    defaults[targetName]?.dependsOn ??
    (target.executor ? defaults[target.executor]?.dependsOn : undefined) ??
    [];
  const present = inherited.some((entry) =>
    typeof entry === 'string'
      ? entry === dependency
      : entry.target === dependency && !entry.projects && !entry.dependencies,
  );
  target.dependsOn = present ? inherited : [...inherited, dependency];
}
