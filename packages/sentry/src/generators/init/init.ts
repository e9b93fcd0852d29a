import { formatFiles, GeneratorCallback, logger, runTasksInSerial, Tree } from '@nx/devkit';
import { graphPluginName, pluginName } from '../../plugin-name';
import { assertBooleanOptions } from '../../utils/option-error';
import { addPluginDependency } from './lib/add-plugin-dependency';
import { inferencePluginsWanted, moveToGraphEntry, registerPlugin } from './lib/register-plugin';
import type { InitGeneratorSchema } from './schema';

export async function initGenerator(
  tree: Tree,
  options: InitGeneratorSchema = {},
): Promise<GeneratorCallback> {
  assertBooleanOptions(options, ['addPlugin', 'skipFormat', 'skipPackageJson']);

  const tasks: GeneratorCallback[] = [];
  if (moveToGraphEntry(tree)) logger.info(`${pluginName}: nx.json plugins now loads ${graphPluginName}.`);
  if ((options.addPlugin ?? inferencePluginsWanted(tree)) && registerPlugin(tree))
    logger.info(`${pluginName}: registered ${graphPluginName} in nx.json plugins.`);
  if (!options.skipPackageJson) {
    const install = addPluginDependency(tree);
    if (install) tasks.push(install);
  }
  if (!options.skipFormat) await formatFiles(tree);
  return runTasksInSerial(...tasks);
}

export default initGenerator;
