// The entry nx.json registers (`@fundamental/sentry/plugin`): Nx loads it on every project-graph computation,
// so it imports only the inference, not the generators and executors `src/index.ts` brings with them, as
// nrwl/nx 22.x packages/docker/plugin.ts does.
export { createNodes, createNodesV2, type SentryPluginOptions } from './src/plugin';
