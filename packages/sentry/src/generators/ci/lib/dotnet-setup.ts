import { type Tree, visitNotIgnoredFiles } from '@nx/devkit';
import { descendantElements, parseXmlElements } from '../../../edit/xml-located';
import type { DotnetSetup } from './normalize-options';

const projectFile = /(\.csproj|\.fsproj|(^|\/)Directory\.Build\.props)$/;

/** The netN.M target frameworks a project file names (TargetFramework or TargetFrameworks). */
function frameworksOf(text: string): string[] {
  try {
    const root = parseXmlElements(text);
    return ['TargetFramework', 'TargetFrameworks']
      .flatMap((name) => descendantElements(root, name))
      .flatMap((element) => element.text.split(';'))
      .map((framework) => framework.trim())
      .filter((framework) => /^net\d+\.\d+/.test(framework));
  } catch {
    return []; // a file MSBuild cannot read either: the build step will say so
  }
}

/**
 * What actions/setup-dotnet installs, or undefined when the workspace has no .NET project: the SDK global.json
 * pins when there is one (as `dotnet` itself picks it), else the newest netN.M the projects target as N.M.x.
 */
export function dotnetSetup(tree: Tree): DotnetSetup | undefined {
  const frameworks: string[] = [];
  visitNotIgnoredFiles(tree, '', (path) => {
    if (projectFile.test(path)) frameworks.push(...frameworksOf(tree.read(path, 'utf-8') ?? ''));
  });
  const hasProjects = frameworks.length > 0;
  if (tree.exists('global.json') && hasProjects) return { 'global-json-file': 'global.json' };
  if (!hasProjects) return undefined;
  const versions = frameworks.map(
    (framework) => /^net(\d+)\.(\d+)/.exec(framework)?.slice(1).map(Number) ?? [0, 0],
  );
  const [major, minor] = versions.sort(([a, b], [c, d]) => c - a || d - b)[0];
  return { 'dotnet-version': `${major}.${minor}.x` };
}
