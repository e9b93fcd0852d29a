import { type ExecutorContext, logger } from '@nx/devkit';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveRelease } from './lib/release';
import { deleteSourceMaps, runSentryCli, sentryCliPath } from './lib/sentry-cli';
import {
  loadNgswGenerator,
  manifestFolders,
  regenerateNgswManifests,
  serviceWorkerBuild,
} from './lib/service-worker';
import { stampRelease } from './lib/stamp-release';
import { refreshIntegrity } from './lib/subresource-integrity';
import type { SourcemapsExecutorSchema } from './schema';
import { logExecutorFailure } from '../../utils/executor-failure';

/**
 * After a production build: copy the build's output into the release folder (the artifact that ships), stamp
 * the release into every page there, inject debug IDs, upload the maps for the release (sentry-cli 3,
 * configured by SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_PROJECT, SENTRY_URL), recompute subresource integrity
 * of the edited scripts, delete the maps, regenerate the service worker's ngsw.json. The build's own output
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
    // The whole build output is copied (with SSR the server's pages ship too); the browser folder inside it
    // holds the scripts and maps.
    const buildOutput = join(context.root, options.buildOutputPath ?? options.outputPath);
    const releaseFolder = join(context.root, options.releasePath);
    const browser = join(releaseFolder, relative(buildOutput, built));
    rmSync(releaseFolder, { recursive: true, force: true });
    cpSync(buildOutput, releaseFolder, { recursive: true });
    const stamped = stampRelease(releaseFolder, release);
    if (stamped.length === 0)
      throw new Error(
        `No page under ${options.buildOutputPath ?? options.outputPath} has the sentry-release meta tag, so the app would report no release: run nx g @fundamental/sentry:angular-app again (it adds the tag to the index).`,
      );
    logger.info(`release ${release} stamped into ${stamped.join(', ')}`);
    // Checked before the upload, so a workspace that cannot rewrite the manifest fails before any side effect.
    const manifests = manifestFolders(browser);
    const serviceWorker = manifests.length > 0 ? serviceWorkerOf(options, context) : undefined;
    const Generator = serviceWorker ? loadNgswGenerator(context.root) : undefined;
    const cli = sentryCliPath(context.root);
    runSentryCli(cli, ['sourcemaps', 'inject', browser], context.root);
    runSentryCli(
      cli,
      ['sourcemaps', 'upload', '--project', project, '--release', release, browser],
      context.root,
    );
    const refreshed = refreshIntegrity(releaseFolder, browser);
    if (refreshed > 0) logger.info(`${refreshed} integrity attributes recomputed for the injected scripts`);
    if (!options.keepSourceMaps)
      logger.info(`${deleteSourceMaps(browser)} source maps deleted from ${options.releasePath}`);
    if (serviceWorker && Generator) {
      const rewritten = await regenerateNgswManifests(browser, manifests, serviceWorker, Generator);
      logger.info(`${rewritten.join(', ')} regenerated for the files as they ship`);
    }
    logger.info(`${options.releasePath} is the artifact to ship (release ${release}).`);
    return { success: true };
  } catch (error) {
    logExecutorFailure(error, context.isVerbose);
    return { success: false };
  }
}

/** The service worker options of the build this target follows; an ngsw.json the build did not make fails. */
function serviceWorkerOf(options: SourcemapsExecutorSchema, context: ExecutorContext) {
  const project = context.projectName
    ? context.projectsConfigurations?.projects[context.projectName]
    : undefined;
  const found = serviceWorkerBuild(
    context.root,
    project?.root ?? '.',
    project?.targets?.['build'],
    context.configurationName,
  );
  if (!found)
    throw new Error(
      `${options.outputPath} has an ngsw.json but the build target sets no serviceWorker, so the manifest cannot be regenerated after the scripts are edited: set serviceWorker (the path of ngsw-config.json) in the build options.`,
    );
  return found;
}
