/** The npm name under which Nx finds this plugin (nx.json `plugins`, `nx g <name>:…`). */
export const pluginName = '@fundamental/sentry';
