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
   * Whether the app's stack frames carry workspace-relative paths, which a code mapping with an empty stack
   * root and the workspace's folder as source root resolves: the Angular build's source maps do. .NET
   * portable PDBs record the CI runner's absolute paths (nothing sets PathMap or ContinuousIntegrationBuild),
   * so no mapping is written for them rather than one that links to files that do not exist.
   */
  workspaceRelativeFrames: boolean;
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
  if (
    registration.workspaceRelativeFrames &&
    !github.codeMappings.some((mapping) => mapping.project === project.slug)
  ) {
    const mapping: CodeMappingState = {
      project: project.slug,
      repository: listed ?? location.repository,
      stackRoot: '',
      sourceRoot: location.folder && `${location.folder}/`,
      defaultBranch: location.defaultBranch,
    };
    github.codeMappings.push(mapping);
  }
  return next;
}
