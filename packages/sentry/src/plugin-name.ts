/** The npm name under which Nx finds this plugin's generators and executors (`nx g <name>:…`). */
export const pluginName = '@fundamental/sentry';

/** The entry nx.json `plugins` registers: the graph inference alone (`plugin.ts` at the package root). */
export const graphPluginName = `${pluginName}/plugin`;
