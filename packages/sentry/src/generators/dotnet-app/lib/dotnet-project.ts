import { createProjectGraphAsync, getProjects, joinPathFragments, Tree, workspaceRoot } from '@nx/devkit';
import {
  descendantElements,
  parseXmlElements,
  XmlSyntaxError,
  type XmlElement,
} from '../../../edit/xml-located';
import { OptionError } from '../../../utils/option-error';

/** A project file read once: its path, text and element tree. */
export interface XmlFile {
  path: string;
  text: string;
  root: XmlElement;
}

/** What the generator needs to know about the ASP.NET Core project, read before anything is written. */
export interface DotnetProject {
  name: string;
  root: string;
  csproj: XmlFile;
  programPath: string;
  /** e.g. [8, 10] for net8.0;net10.0; 0 for frameworks before .NET 5 naming (netcoreapp3.1). */
  netMajors: number[];
  implicitUsings: boolean;
  /** The nearest Directory.Packages.props when it turns central package management on. */
  centralPackages?: XmlFile;
}

/** Project roots from project.json first; projects inferred by plugins (@nx/dotnet) need the project graph. */
async function projectRootOf(tree: Tree, name: string): Promise<string | undefined> {
  const configured = getProjects(tree).get(name);
  if (configured) return configured.root;
  // An in-memory tree (tests, dry runs of other workspaces) has no graph of its own to ask.
  if (tree.root !== workspaceRoot) return undefined;
  try {
    return (await createProjectGraphAsync({ exitOnError: false })).nodes[name]?.data.root;
  } catch {
    return undefined;
  }
}

function readXmlFile(tree: Tree, path: string, project: string): XmlFile {
  const text = tree.read(path, 'utf-8') ?? '';
  try {
    return { path, text, root: parseXmlElements(text) };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw new OptionError('project', project, `well-formed XML in ${path} (${error.message})`);
  }
}

/** The last definition of an MSBuild property in the file (the one MSBuild keeps), conditions ignored. */
export function propertyValue(file: XmlFile, property: string): string | undefined {
  return descendantElements(file.root, 'PropertyGroup')
    .flatMap((group) => group.children.filter((child) => child.name === property))
    .at(-1)?.text;
}

const isWebSdk = (csproj: XmlElement): boolean =>
  [
    ...(csproj.attributes['Sdk'] ?? '').split(';'),
    ...csproj.children.filter((child) => child.name === 'Sdk').map((sdk) => sdk.attributes['Name'] ?? ''),
  ].some((sdk) => sdk.trim().split('/')[0] === 'Microsoft.NET.Sdk.Web');

function netMajorsOf(projectProperty: (property: string) => string | undefined): number[] {
  const frameworks = projectProperty('TargetFrameworks') ?? projectProperty('TargetFramework') ?? '';
  return frameworks
    .split(';')
    .map((framework) => framework.trim())
    .filter(Boolean)
    .map((framework) => Number(/^net(\d+)\.\d+/.exec(framework)?.[1] ?? 0));
}

/** MSBuild imports the nearest Directory.Packages.props (and Directory.Build.props) above the project, up to the workspace root. */
function nearestAbove(tree: Tree, projectRoot: string, fileName: string): string | undefined {
  const folders = projectRoot.split('/').filter(Boolean);
  for (let depth = folders.length; depth >= 0; depth--) {
    const path = joinPathFragments(...folders.slice(0, depth), fileName);
    if (tree.exists(path)) return path;
  }
  return undefined;
}

/** Finds and reads the project; every reason it cannot be wired is an OptionError naming --project. */
export async function readDotnetProject(tree: Tree, name: string): Promise<DotnetProject> {
  const root = await projectRootOf(tree, name);
  if (root === undefined)
    throw new OptionError('project', name, 'the name of a project of this workspace (nx show projects)');
  const csprojFiles = tree.children(root).filter((file) => file.endsWith('.csproj'));
  if (csprojFiles.length !== 1)
    throw new OptionError(
      'project',
      name,
      `a project whose root holds exactly one .csproj (${root || '.'} has ${csprojFiles.length})`,
    );
  const csproj = readXmlFile(tree, joinPathFragments(root, csprojFiles[0]), name);
  if (!isWebSdk(csproj.root))
    throw new OptionError(
      'project',
      name,
      `an ASP.NET Core project: ${csproj.path} uses Sdk "${csproj.root.attributes['Sdk'] ?? ''}", not Microsoft.NET.Sdk.Web`,
    );
  const programPath = joinPathFragments(root, 'Program.cs');
  if (!tree.exists(programPath))
    throw new OptionError('project', name, `an ASP.NET Core project with ${programPath}`);

  const readNearest = (fileName: string) => {
    const path = nearestAbove(tree, root, fileName);
    return path === undefined ? undefined : readXmlFile(tree, path, name);
  };
  const props = readNearest('Directory.Packages.props');
  // Teams set TargetFramework and ImplicitUsings once for every project in Directory.Build.props; MSBuild
  // imports it before the project's own properties, so the project's definition wins.
  const buildProps = readNearest('Directory.Build.props');
  const projectProperty = (property: string) =>
    propertyValue(csproj, property) ?? (buildProps && propertyValue(buildProps, property));
  const central =
    props !== undefined &&
    (
      propertyValue(csproj, 'ManagePackageVersionsCentrally') ??
      propertyValue(props, 'ManagePackageVersionsCentrally')
    )?.toLowerCase() === 'true';
  return {
    name,
    root,
    csproj,
    programPath,
    netMajors: netMajorsOf(projectProperty),
    implicitUsings: ['enable', 'true'].includes(projectProperty('ImplicitUsings')?.toLowerCase() ?? ''),
    centralPackages: central ? props : undefined,
  };
}
