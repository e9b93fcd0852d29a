/**
 * Sentry's tree-shaking flags, as esbuild `define`s (the application builder's and the replay bundle's):
 * debug logging, the replay compression worker and rrweb's shadow-DOM/iframe recording stay out.
 */
export const treeShakingDefines: Record<string, string> = {
  __SENTRY_DEBUG__: 'false',
  __RRWEB_EXCLUDE_SHADOW_DOM__: 'true',
  __RRWEB_EXCLUDE_IFRAME__: 'true',
  __SENTRY_EXCLUDE_REPLAY_WORKER__: 'true',
};

/**
 * The session replay bundle: built apart from the app (the `sentry-replay` target), copied into the app's
 * output as an asset and imported by main.ts at run time. Built inside the app's own bundle, replay would share
 * a chunk with the eagerly loaded SDK (esbuild assigns a file to every entry that reaches it statically, and the
 * SDK's index re-exports replay), so it would be downloaded up front.
 */
export const replayBundleFile = 'sentry-replay.js';
