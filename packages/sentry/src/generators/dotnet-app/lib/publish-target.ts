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
export function addPublishTarget(tree: Tree, projectName: string, csprojPath: string): string | undefined {
  const project = readProjectConfiguration(tree, projectName);
  if (project.targets?.['publish']) return `${projectName} keeps its own publish target.`;
  const output = joinPathFragments('dist', project.root);
  project.targets = {
    ...project.targets,
    publish: {
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
    },
  };
  updateProjectConfiguration(tree, projectName, project);
  return undefined;
}
