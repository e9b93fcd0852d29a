import { shellCommand } from '../../../utils/shell-quote';
import {
  joinPathFragments,
  readProjectConfiguration,
  type Tree,
  updateProjectConfiguration,
} from '@nx/devkit';

/**
 * A `publish` target that writes the app into dist/<project root>: the folder CI's symbol upload reads
 * (`sentry-cli debug-files upload … dist`) and the one to ship, so the uploaded PDBs belong to the binary
 * that runs. SENTRY_RELEASE is compiled in as the informational version, so it is part of the cache key:
 * a cached publish of another release is never reused. The files MSBuild imports from the workspace root
 * are inputs too. A project's own `publish` target is kept.
 */
export interface PublishTarget {
  /** Where the publish target writes the app, when it is ours (added now or by an earlier run). */
  output?: string;
  /** Said when the project keeps a publish target of its own. */
  note?: string;
}

export function addPublishTarget(tree: Tree, projectName: string, csprojPath: string): PublishTarget {
  const project = readProjectConfiguration(tree, projectName);
  const output = joinPathFragments('dist', project.root);
  const target = {
    executor: 'nx:run-commands',
    cache: true,
    inputs: [
      '{projectRoot}/**/*',
      '{workspaceRoot}/Directory.Build.props',
      '{workspaceRoot}/Directory.Packages.props',
      '{workspaceRoot}/global.json',
      { env: 'SENTRY_RELEASE' },
    ],
    outputs: [`{workspaceRoot}/${output}`],
    // run-commands hands the command to a shell: the paths are quoted as words.
    options: { command: shellCommand(['dotnet', 'publish', csprojPath, '-c', 'Release', '-o', output]) },
    metadata: {
      description: `Publish into ${output} (Release, SENTRY_RELEASE compiled in): what CI uploads symbols from and ships`,
    },
  };
  const existing = project.targets?.['publish'];
  if (existing) {
    const ours = existing.options?.command === target.options.command;
    return ours ? { output } : { note: `${projectName} keeps its own publish target.` };
  }
  project.targets = { ...project.targets, publish: target };
  updateProjectConfiguration(tree, projectName, project);
  return { output };
}
