import { getProjects, joinPathFragments, logger, readJson, type Tree, writeJson } from '@nx/devkit';
import {
  type BootstrapStateFile,
  type CodeMappingState,
  type ProjectState,
  stateFileName,
} from './desired-state';
import type { GithubLocation } from '../utils/git-remote';
import { validateState } from './validate-state';

export interface SentryProjectRegistration {
  project: ProjectState;
  /** The GitHub repository holding the workspace, when known: linked for suspect commits. */
  github?: GithubLocation;
  /**
   * The workspace folder the app's stack frame file names are relative to, which a code mapping with an empty
   * stack root maps to that folder inside the repository. The Angular build's source maps name files from the
   * workspace root (''); the .NET SDK names them from the project's folder, the `Sentry.ProjectDirectory`
   * attribute its MSBuild targets compile in (getsentry/sentry-dotnet src/Sentry/Internal/DebugStackTrace.cs
   * and src/Sentry/buildTransitive/Sentry.targets@6.9.0), whatever folder the build ran in. Sentry applies a
   * code mapping to the frame's filename (getsentry/sentry
   * src/sentry/issues/auto_source_code_config/code_mapping.py `convert_stacktrace_frame_path_to_source_path`).
   */
  frameRoot: string;
}

/** Every stack's desired state in the workspace: the state file in the root of an infra project. */
function stateFiles(tree: Tree): string[] {
  return [...getProjects(tree).values()]
    .map(({ root }) => joinPathFragments(root, stateFileName))
    .filter((path) => tree.exists(path))
    .sort();
}

/**
 * Adds the app's Sentry project to the desired state of every stack in the workspace, with its repository
 * and a code mapping when the repository is known. What the file already holds is the user's: a project,
 * repository or mapping already there is kept as it is. The result is validated before it is written.
 * Returns the state files it changed.
 */
export function registerSentryProject(tree: Tree, registration: SentryProjectRegistration): string[] {
  const changed: string[] = [];
  for (const path of stateFiles(tree)) {
    const state = readJson<BootstrapStateFile>(tree, path);
    const next = withProject(state, registration);
    if (JSON.stringify(next) === JSON.stringify(state)) continue;
    validateState(next, path);
    writeJson(tree, path, next);
    changed.push(path);
  }
  if (!changed.length)
    logger.info(
      `No stack's ${stateFileName} in this workspace lists Sentry projects yet; run the infra generator, ` +
        `then this generator again to register "${registration.project.slug}".`,
    );
  return changed;
}

function withProject(state: BootstrapStateFile, registration: SentryProjectRegistration): BootstrapStateFile {
  const { project, github: location } = registration;
  const next = structuredClone(state);
  if (!next.projects.some(({ slug }) => slug === project.slug)) next.projects.push(project);
  if (!location) return next;
  const { github } = next;
  // GitHub names are case-insensitive; the spelling already in the file wins.
  const listed = github.repositories.find((name) => name.toLowerCase() === location.repository.toLowerCase());
  if (!listed) github.repositories.push(location.repository);
  if (!github.codeMappings.some((mapping) => mapping.project === project.slug)) {
    const folder = [location.folder, registration.frameRoot].filter(Boolean).join('/');
    const mapping: CodeMappingState = {
      project: project.slug,
      repository: listed ?? location.repository,
      stackRoot: '',
      sourceRoot: folder && `${folder}/`,
      defaultBranch: location.defaultBranch,
    };
    github.codeMappings.push(mapping);
  }
  return next;
}
