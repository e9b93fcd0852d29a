import { type ExecutorContext, logger } from '@nx/devkit';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRelease } from './lib/release';
import { deleteSourceMaps, runSentryCli, sentryCliPath } from './lib/sentry-cli';
import { stampRelease } from './lib/stamp-release';
import type { SourcemapsExecutorSchema } from './schema';

/**
 * After a production build: copy the build's browser output into the release folder (the artifact that ships),
 * stamp the release there, inject debug IDs, upload the maps for the release (sentry-cli 3, configured by
 * SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_PROJECT, SENTRY_URL), delete the maps from it. The build's own output
 * is never edited: Nx copies a cached build's outputs back over it (nrwl/nx 22.x
 * packages/nx/src/tasks-runner/task-orchestrator.ts, always without the daemon), which would silently undo
 * the edits in whatever a later task ships.
 */
export default async function sourcemapsExecutor(
  options: SourcemapsExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const built = join(context.root, options.outputPath);
    if (!existsSync(built))
      throw new Error(
        `${options.outputPath} does not exist: build the app in production first (this target depends on build).`,
      );
    if (!options.releasePath)
      throw new Error(
        'The target has no releasePath (written by an earlier version): run nx g @fundamental/sentry:angular-app again.',
      );
    for (const variable of ['SENTRY_AUTH_TOKEN', 'SENTRY_ORG'])
      if (!process.env[variable])
        throw new Error(
          `${variable} is not set: sentry-cli needs SENTRY_AUTH_TOKEN and SENTRY_ORG (and SENTRY_URL for self-hosted).`,
        );
    // Each app names its own Sentry project, so one CI step uploads for several apps.
    const project = options.sentryProject ?? process.env['SENTRY_PROJECT'];
    if (!project)
      throw new Error('No Sentry project: set the target option sentryProject, or SENTRY_PROJECT.');
    const release = resolveRelease(context.root, options.release);
    const output = join(context.root, options.releasePath);
    rmSync(output, { recursive: true, force: true });
    cpSync(built, output, { recursive: true });
    if (stampRelease(output, release)) logger.info(`release ${release} stamped into index.html`);
    const cli = sentryCliPath(context.root);
    runSentryCli(cli, ['sourcemaps', 'inject', output], context.root);
    runSentryCli(
      cli,
      ['sourcemaps', 'upload', '--project', project, '--release', release, output],
      context.root,
    );
    if (!options.keepSourceMaps)
      logger.info(`${deleteSourceMaps(output)} source maps deleted from ${options.releasePath}`);
    logger.info(`${options.releasePath} is the artifact to ship (release ${release}).`);
    return { success: true };
  } catch (error) {
    logger.error((error as Error).message);
    return { success: false };
  }
}
