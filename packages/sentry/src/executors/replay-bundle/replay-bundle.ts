import { type ExecutorContext, logger } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { replayBundleFile, treeShakingDefines } from '../../utils/browser-bundle';
import { workspaceEsbuild } from './lib/workspace-esbuild';
import type { ReplayBundleExecutorSchema } from './schema';
import { logExecutorFailure } from '../../utils/executor-failure';

/**
 * One self-contained ES module exporting `replayIntegration`: it carries its own copy of the SDK internals it
 * needs and finds the app's client through the SDK's global carrier, as Sentry's own lazily loaded
 * integrations do. The map is external without a sourceMappingURL comment, like the app's hidden maps.
 */
export default async function replayBundleExecutor(
  options: ReplayBundleExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const entry = join(context.root, options.entry);
    if (!existsSync(entry))
      throw new Error(
        `entry ${options.entry} does not exist: run "nx g @fundamental/sentry:angular-app" again.`,
      );
    const esbuild = workspaceEsbuild(context.root);
    const outfile = join(context.root, options.outputPath, replayBundleFile);
    const result = await esbuild.build({
      absWorkingDir: context.root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: options.target ?? 'es2020',
      // The conditions and fields Angular's application builder resolves packages with, in production.
      conditions: ['es2020', 'es2015', 'module', 'production'],
      mainFields: ['es2020', 'es2015', 'browser', 'module', 'main'],
      tsconfig: options.tsConfig ? join(context.root, options.tsConfig) : undefined,
      define: treeShakingDefines,
      minify: true,
      sourcemap: 'external',
      legalComments: 'eof',
      logLevel: 'silent',
    });
    for (const warning of result.warnings) logger.warn(warning.text);
    logger.info(`${join(options.outputPath, replayBundleFile)} written`);
    return { success: true };
  } catch (error) {
    logExecutorFailure(error, context.isVerbose);
    return { success: false };
  }
}
