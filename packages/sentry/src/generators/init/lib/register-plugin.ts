import { readNxJson, Tree, updateNxJson } from '@nx/devkit';
import { pluginName } from '../../../plugin-name';

/** True when nx.json already lists the plugin, in either the string or the `{ plugin }` form. */
export function isPluginRegistered(tree: Tree): boolean {
  const plugins = readNxJson(tree)?.plugins ?? [];
  return plugins.some((entry) => (typeof entry === 'string' ? entry : entry.plugin) === pluginName);
}

/**
 * Adds the plugin to nx.json once. An existing entry — string or object, with whatever options the
 * user gave it — is left exactly as it is.
 */
export function registerPlugin(tree: Tree): boolean {
  if (isPluginRegistered(tree)) return false;
  const nxJson = readNxJson(tree) ?? {};
  nxJson.plugins = [...(nxJson.plugins ?? []), { plugin: pluginName, options: {} }];
  updateNxJson(tree, nxJson);
  return true;
}
