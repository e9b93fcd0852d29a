import {
  getProjects,
  glob,
  joinPathFragments,
  NxJsonConfiguration,
  readNxJson,
  Tree,
  updateNxJson,
} from '@nx/devkit';
import { dirname } from 'node:path';
import { graphPluginName, pluginName } from '../../../plugin-name';
import { defaultDeployTargetName, defaultDiffTargetName, type SentryPluginOptions } from '../../../plugin';

type PluginEntry = NonNullable<NxJsonConfiguration['plugins']>[number];

const entryName = (entry: PluginEntry) => (typeof entry === 'string' ? entry : entry.plugin);
const isOurs = (entry: PluginEntry) => [pluginName, graphPluginName].includes(entryName(entry));

/** Our nx.json entry, under the graph entry's name or the package's (as registered before the light entry). */
export function pluginEntry(tree: Tree): PluginEntry | undefined {
  return (readNxJson(tree)?.plugins ?? []).find(isOurs);
}

/**
 * True when Nx should add inference plugins to this workspace, the test @nx/* init generators make
 * (nrwl/nx 22.x packages/playwright/src/generators/init/init.ts): `NX_ADD_PLUGINS=false` or nx.json's
 * `useInferencePlugins: false` turn it off.
 */
export function inferencePluginsWanted(tree: Tree): boolean {
  return process.env['NX_ADD_PLUGINS'] !== 'false' && readNxJson(tree)?.useInferencePlugins !== false;
}

/**
 * Points an entry of the package itself at the graph entry, keeping its form and options: the package's
 * main module brings the generators and executors along, which Nx would load on every graph computation.
 */
export function moveToGraphEntry(tree: Tree): boolean {
  const nxJson = readNxJson(tree);
  if (!nxJson?.plugins?.some((entry) => entryName(entry) === pluginName)) return false;
  nxJson.plugins = nxJson.plugins.map((entry) =>
    entryName(entry) !== pluginName
      ? entry
      : typeof entry === 'string'
        ? graphPluginName
        : { ...entry, plugin: graphPluginName },
  );
  updateNxJson(tree, nxJson);
  return true;
}

/** Target names the project.json files of the kustomization folders have already. */
function targetsOfKustomizationFolders(tree: Tree): Set<string> {
  const roots = new Set(
    glob(tree, ['**/kustomization.yaml'])
      .map((file) => dirname(file))
      .filter((root) => tree.exists(joinPathFragments(root, 'project.json'))),
  );
  return new Set(
    [...getProjects(tree).values()]
      .filter(({ root }) => roots.has(root))
      .flatMap(({ targets }) => Object.keys(targets ?? {})),
  );
}

/**
 * Adds the graph entry to nx.json once, with the first target names (deploy, then k8s-deploy,
 * kustomize-deploy; the same for diff) that no project of a kustomization folder has already, as
 * nrwl/nx 22.x packages/devkit/src/utils/add-plugin.ts picks them, but over the tree's project.json files
 * (the folders a generator wrote in this run count too) rather than a project graph computed from the disk. An existing entry — string or object, with whatever options the user gave it —
 * is left as it is.
 */
export function registerPlugin(tree: Tree): boolean {
  if (pluginEntry(tree)) return false;
  const taken = targetsOfKustomizationFolders(tree);
  const free = (name: string) => {
    const found = [name, `k8s-${name}`, `kustomize-${name}`].find((candidate) => !taken.has(candidate));
    if (!found)
      throw new Error(
        `Every name ${pluginName} would give its ${name} target is taken by a Kubernetes folder's project: ` +
          `register ${graphPluginName} in nx.json with options.${name}TargetName set to a free one.`,
      );
    return found;
  };
  const options: SentryPluginOptions = {
    deployTargetName: free(defaultDeployTargetName),
    diffTargetName: free(defaultDiffTargetName),
  };
  const nxJson = readNxJson(tree) ?? {};
  nxJson.plugins = [...(nxJson.plugins ?? []), { plugin: graphPluginName, options }];
  updateNxJson(tree, nxJson);
  return true;
}

/** The target names our entry gives the kustomization folders (the defaults where it sets none). */
export function configuredTargetNames(tree: Tree): { deploy: string; diff: string } {
  const entry = pluginEntry(tree);
  const options: SentryPluginOptions = (typeof entry === 'object' ? entry.options : undefined) ?? {};
  return {
    deploy: options.deployTargetName ?? defaultDeployTargetName,
    diff: options.diffTargetName ?? defaultDiffTargetName,
  };
}
