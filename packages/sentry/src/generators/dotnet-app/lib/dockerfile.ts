import { joinPathFragments, type Tree } from '@nx/devkit';
import { copiesFromStages, retargetDockerCopies } from '../../../edit/dockerfile-copies';
import type { DotnetProject } from './dotnet-project';

export interface DockerfileResult {
  /** The Dockerfile's new text when its copies changed. */
  write?: { path: string; text: string };
  notes: string[];
  warnings: string[];
}

/**
 * The image must run the binaries whose PDBs CI uploaded: the publish target writes them into `publishOutput`
 * (with SENTRY_RELEASE compiled in) and uploads its symbols from there. A Dockerfile in the project's root
 * that copies the project's own Release publish folder (`bin/Release/<tfm>/publish`, as `dotnet publish`
 * writes it; paths relative to the build context, the workspace root) copies `publishOutput` instead.
 * A Dockerfile that builds in a stage compiles binaries of its own, with other debug IDs and no release:
 * that is said, not edited, because the fix (building outside the image, or giving the stage the release
 * and the upload credentials) is the team's choice. `publishOutput` undefined: the project keeps its own
 * publish target, whose output we do not know, so only the stage warning applies.
 */
export function shipPublishInDockerfile(
  tree: Tree,
  project: DotnetProject,
  publishOutput: string | undefined,
): DockerfileResult {
  const path = joinPathFragments(project.root, 'Dockerfile');
  const original = tree.read(path, 'utf-8');
  if (original === null) return { notes: [], warnings: [] };
  let text = original;
  const retargeted: string[] = [];
  if (publishOutput !== undefined)
    for (const framework of project.frameworks) {
      const publishFolder = joinPathFragments(project.root, 'bin', 'Release', framework, 'publish');
      const result = retargetDockerCopies(text, publishFolder, publishOutput);
      text = result.text;
      retargeted.push(...result.retargeted);
    }
  const fromStages = copiesFromStages(original);
  const notes =
    text === original
      ? []
      : [
          `${path} now copies ${publishOutput} (the Release publish with SENTRY_RELEASE compiled in, whose PDBs ` +
            `CI uploads) instead of ${retargeted.join(', ')}: build the image after nx run ${project.name}:publish.`,
        ];
  const warnings = fromStages
    ? [
        `${path} builds the app in a stage: its binaries are not those of nx run ${project.name}:publish, so ` +
          `their PDBs were never uploaded and SENTRY_RELEASE is not compiled in. Copy ` +
          `${publishOutput ?? 'the publish output'} from the build context after nx run ${project.name}:publish ` +
          `instead, or give the stage SENTRY_RELEASE and the upload variables (SENTRY_AUTH_TOKEN as a build ` +
          `secret, SENTRY_ORG, SENTRY_PROJECT, SENTRY_URL) so its Release publish uploads its own symbols.`,
      ]
    : [];
  return { write: text === original ? undefined : { path, text }, notes, warnings };
}
