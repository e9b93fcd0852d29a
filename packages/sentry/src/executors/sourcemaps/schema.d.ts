export interface SourcemapsExecutorSchema {
  /** Folder of the built browser bundles (the build's browser output). */
  outputPath: string;
  /** The whole build output when it holds more than the browser folder (SSR: browser/ and server/). */
  buildOutputPath?: string;
  /** Folder the shippable copy is written to (stamped, debug IDs injected, maps removed); the target's output. */
  releasePath: string;
  /** Sentry project slug the maps belong to (default: SENTRY_PROJECT). */
  sentryProject?: string;
  /** Release name; default SENTRY_RELEASE, else the workspace's release of the current commit. */
  release?: string;
  /** Keep the .map files after the upload (default false: they are deleted, nothing public keeps them). */
  keepSourceMaps?: boolean;
}
