import { type Tree, visitNotIgnoredFiles } from '@nx/devkit';
import type { DotnetSetup } from './normalize-options';

const projectFile = /\.(cs|fs)proj$/;

/** The netN.M frameworks a project builds, its Directory.Build.props included (TargetFramework or TargetFrameworks). */
async function frameworksOf(tree: Tree, path: string): Promise<string[]> {
  // The XML parser (saxes) is loaded only for a workspace that has a project file.
  const { msbuildEvaluation, targetFrameworks } = await import('../../../edit/msbuild-project');
  const { XmlSyntaxError } = await import('../../../edit/xml-located');
  try {
    return targetFrameworks(msbuildEvaluation(tree, path)).filter((framework) =>
      /^net\d+\.\d+/.test(framework),
    );
  } catch (error) {
    if (error instanceof XmlSyntaxError) return []; // a file MSBuild cannot read either: the build step will say so
    throw error;
  }
}

/**
 * What actions/setup-dotnet installs, or undefined when the workspace has no .NET project: the SDK global.json
 * pins when there is one (as `dotnet` itself picks it), else the newest netN.M the projects target as N.M.x.
 */
export async function dotnetSetup(tree: Tree): Promise<DotnetSetup | undefined> {
  const projectFiles: string[] = [];
  visitNotIgnoredFiles(tree, '', (path) => {
    if (projectFile.test(path)) projectFiles.push(path);
  });
  const frameworks: string[] = [];
  for (const path of projectFiles) frameworks.push(...(await frameworksOf(tree, path)));
  const hasProjects = frameworks.length > 0;
  if (tree.exists('global.json') && hasProjects) return { 'global-json-file': 'global.json' };
  if (!hasProjects) return undefined;
  const versions = frameworks.map(
    (framework) => /^net(\d+)\.(\d+)/.exec(framework)?.slice(1).map(Number) ?? [0, 0],
  );
  const [major, minor] = versions.sort(([a, b], [c, d]) => c - a || d - b)[0];
  return { 'dotnet-version': `${major}.${minor}.x` };
}
