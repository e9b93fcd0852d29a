import { joinPathFragments, logger, type Tree } from '@nx/devkit';
import { retargetDockerCopies } from '../../../edit/dockerfile-copies';
import type { AngularApp } from './angular-app';
import { releasePathOf } from './build-target';

/**
 * The image must ship what sentry-sourcemaps processed: a Dockerfile in the project's root that copies the
 * build output copies the release folder instead (same paths below it). A copy from a build stage is built
 * inside the image, where no upload happened: that is said, not edited.
 */
export function shipReleaseInDockerfile(tree: Tree, app: AngularApp): void {
  const path = joinPathFragments(app.root, 'Dockerfile');
  const text = tree.read(path, 'utf-8');
  if (text === null) return;
  const release = releasePathOf(app);
  const result = retargetDockerCopies(text, app.buildOutputPath, release);
  if (result.text !== text) {
    tree.write(path, result.text);
    logger.info(
      `${path} now copies ${release} (the build with release, debug IDs and no source maps) instead of ` +
        `${result.retargeted.join(', ')}: build the image after nx run ${app.name}:sentry-sourcemaps.`,
    );
  }
  if (result.fromStages)
    logger.warn(
      `${path} copies from a build stage: files built inside the image have no debug IDs matching the maps ` +
        `uploaded in CI and ship their source maps. Copy ${release} from the build context after ` +
        `nx run ${app.name}:sentry-sourcemaps instead.`,
    );
}
