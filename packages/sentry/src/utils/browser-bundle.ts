/**
 * Sentry's tree-shaking flags, as esbuild `define`s (the application builder's production configuration and the
 * replay bundle): debug logging and rrweb's shadow-DOM/iframe recording stay out. Replay's compression worker
 * stays in: excluded without a `workerUrl`, replays are sent uncompressed (Sentry's JavaScript docs,
 * "Tree Shaking", advise against it), and replay no longer weighs on the initial download anyway.
 */
export const treeShakingDefines: Record<string, string> = {
  __SENTRY_DEBUG__: 'false',
  __RRWEB_EXCLUDE_SHADOW_DOM__: 'true',
  __RRWEB_EXCLUDE_IFRAME__: 'true',
};

/** Flags earlier versions also set (in every configuration): taken back from the build's options on rerun. */
export const earlierTreeShakingDefines: Record<string, string> = {
  ...treeShakingDefines,
  __SENTRY_EXCLUDE_REPLAY_WORKER__: 'true',
};

/**
 * The session replay bundle: built apart from the app (the `sentry-replay` target), copied into the app's
 * output as an asset and imported by main.ts at run time. Built inside the app's own bundle, replay would share
 * a chunk with the eagerly loaded SDK (esbuild assigns a file to every entry that reaches it statically, and the
 * SDK's index re-exports replay), so it would be downloaded up front.
 */
export const replayBundleFile = 'sentry-replay.js';
