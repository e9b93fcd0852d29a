export { initGenerator } from './generators/init/init';
export type { InitGeneratorSchema } from './generators/init/schema';
export { pluginName } from './plugin-name';
export * from './versions';
