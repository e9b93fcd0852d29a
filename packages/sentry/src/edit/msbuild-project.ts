import { joinPathFragments, type Tree } from '@nx/devkit';
import { descendantElements, parseXmlElements, XmlSyntaxError, type XmlElement } from './xml-located';

/** An MSBuild file read once: its path, text and element tree. */
export interface XmlFile {
  path: string;
  text: string;
  root: XmlElement;
}

/** Reads and parses an MSBuild file; throws XmlSyntaxError, naming the file, for text that is not well-formed XML. */
export function readXmlFile(tree: Tree, path: string): XmlFile {
  const text = tree.read(path, 'utf-8') ?? '';
  try {
    return { path, text, root: parseXmlElements(text) };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw new XmlSyntaxError(`${path}: ${error.message}`);
  }
}

const parentFolder = (path: string): string => path.split('/').slice(0, -1).join('/');

/**
 * The nearest file of that name in `folder` or above it, up to the workspace root: how Microsoft.Common.props
 * finds Directory.Build.props (`$([MSBuild]::GetDirectoryNameOfFileAbove($(MSBuildProjectDirectory), …))`,
 * dotnet/msbuild src/Tasks/Microsoft.Common.props at 02f0370e8f426e0addd1a92c8547a41c9a1b2ab8), and NuGet
 * Directory.Packages.props the same way.
 */
export function nearestFileAbove(tree: Tree, folder: string, name: string): string | undefined {
  const folders = folder.split('/').filter(Boolean);
  for (let depth = folders.length; depth >= 0; depth--) {
    const path = joinPathFragments(...folders.slice(0, depth), name);
    if (tree.exists(path)) return path;
  }
  return undefined;
}

/** `<Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', …))" />`: the file goes on up. */
const importsPropsAbove = (file: XmlFile): boolean =>
  descendantElements(file.root, 'Import').some((element) =>
    /GetPathOfFileAbove\(\s*'Directory\.Build\.props'/i.test(element.attributes['Project'] ?? ''),
  );

/**
 * The Directory.Build.props files MSBuild imports into a project of `folder`, outermost first: only the
 * nearest is imported by the SDK; it reaches the next one up only through an Import of GetPathOfFileAbove,
 * which teams put at its top, so the outer file is evaluated before the nearer one.
 */
export function directoryBuildProps(tree: Tree, folder: string): XmlFile[] {
  const files: XmlFile[] = [];
  let path = nearestFileAbove(tree, folder, 'Directory.Build.props');
  while (path !== undefined) {
    const file = readXmlFile(tree, path);
    files.unshift(file);
    const above = parentFolder(path);
    path =
      importsPropsAbove(file) && above !== ''
        ? nearestFileAbove(tree, parentFolder(above), 'Directory.Build.props')
        : undefined;
  }
  return files;
}

/** The project file after the Directory.Build.props files it imports: the order MSBuild evaluates them in. */
export function msbuildEvaluation(tree: Tree, projectPath: string): XmlFile[] {
  return [...directoryBuildProps(tree, parentFolder(projectPath)), readXmlFile(tree, projectPath)];
}

/** Every definition of the property in the file, in document order; Conditions are not evaluated. */
const definitionsOf = (file: XmlFile, property: string): string[] =>
  descendantElements(file.root, 'PropertyGroup').flatMap((group) =>
    group.children.filter((child) => child.name === property).map((child) => child.text),
  );

/**
 * A property as MSBuild leaves it after the files in evaluation order: each definition replaces the one
 * before, and `$(Name)` is expanded: to the value so far for the property itself (`$(TargetFrameworks);net9.0`),
 * to the final value for others these files define, to nothing for the rest (as MSBuild does for undefined ones).
 */
export function evaluatedProperty(
  files: readonly XmlFile[],
  property: string,
  depth = 0,
): string | undefined {
  let value: string | undefined;
  for (const definition of files.flatMap((file) => definitionsOf(file, property)))
    value = definition.replace(/\$\(([\w.-]+)\)/g, (_, name: string) =>
      name === property ? (value ?? '') : depth > 8 ? '' : (evaluatedProperty(files, name, depth + 1) ?? ''),
    );
  return value;
}

/**
 * The target frameworks a project builds: TargetFrameworks when it is not empty (a project can clear the
 * props' list), else TargetFramework.
 */
export function targetFrameworks(files: readonly XmlFile[]): string[] {
  const list =
    evaluatedProperty(files, 'TargetFrameworks') || evaluatedProperty(files, 'TargetFramework') || '';
  return list
    .split(';')
    .map((framework) => framework.trim())
    .filter(Boolean);
}

/** ImplicitUsings as the SDK reads it: on for `enable` or `true`. */
export const implicitUsingsOn = (files: readonly XmlFile[]): boolean =>
  ['enable', 'true'].includes(evaluatedProperty(files, 'ImplicitUsings')?.toLowerCase() ?? '');
