import { readNxJson, type TargetConfiguration, type Tree } from '@nx/devkit';

/**
 * Adds a same-project target to `dependsOn`. A target without its own `dependsOn` inherits the workspace's
 * target default the way Nx picks it (the entry keyed by the executor, else the one keyed by the target name);
 * a project-level value replaces the default, so it starts from there.
 */
export function withDependency(
  tree: Tree,
  targetName: string,
  target: TargetConfiguration,
  dependency: string,
): void {
  const defaults = readNxJson(tree)?.targetDefaults ?? {};
  const targetDefault = (target.executor ? defaults[target.executor] : undefined) ?? defaults[targetName];
  const inherited = target.dependsOn ?? targetDefault?.dependsOn ?? [];
  const present = inherited.some((entry) =>
    typeof entry === 'string'
      ? entry === dependency
      : entry.target === dependency && !entry.projects && !entry.dependencies,
  );
  target.dependsOn = present ? inherited : [...inherited, dependency];
}
