export interface ReplayBundleExecutorSchema {
  /** The module re-exporting `replayIntegration` from the app's Sentry SDK. */
  entry: string;
  /** Folder the bundle (and its map) is written to; the app's build copies it as an asset. */
  outputPath: string;
  /** The app's tsconfig (path aliases, compiler options esbuild honours). */
  tsConfig?: string;
  /** esbuild target of the bundle (default es2020). */
  target?: string;
}
