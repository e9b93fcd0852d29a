import { addDependenciesToPackageJson, GeneratorCallback, getProjects, readJson, Tree } from '@nx/devkit';
import { pluginName } from '../../../plugin-name';
import { pluginVersion } from '../../../versions';

type PackageJson = {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** True when the plugin's own source is a project of this workspace (its development repository). */
function isPluginDevelopedHere(tree: Tree): boolean {
  return [...getProjects(tree).values()].some(({ root }) => {
    const path = `${root}/package.json`;
    return tree.exists(path) && readJson<PackageJson>(tree, path).name === pluginName;
  });
}

/**
 * Records the plugin in devDependencies unless it is listed already (as a version, a tarball or a
 * workspace link — `nx add` may have written any of those, and we keep what it wrote) or the
 * workspace builds the plugin itself, where Nx loads it from source.
 */
export function addPluginDependency(tree: Tree): GeneratorCallback | undefined {
  if (!tree.exists('package.json') || isPluginDevelopedHere(tree)) return undefined;
  const { dependencies = {}, devDependencies = {} } = readJson<PackageJson>(tree, 'package.json');
  if (pluginName in dependencies || pluginName in devDependencies) return undefined;
  return addDependenciesToPackageJson(tree, {}, { [pluginName]: pluginVersion });
}
