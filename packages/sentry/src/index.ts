export { initGenerator } from './generators/init/init';
export type { InitGeneratorSchema } from './generators/init/schema';
export { pluginName } from './plugin-name';
export * from './versions';
export { createNodes, createNodesV2, type SentryPluginOptions } from './plugin';
export { infraGenerator } from './generators/infra/infra';
export type { InfraGeneratorSchema } from './generators/infra/schema';
