import { createProjectGraphAsync, getProjects, joinPathFragments, Tree, workspaceRoot } from '@nx/devkit';
import {
  directoryBuildProps,
  evaluatedProperty,
  implicitUsingsOn,
  nearestFileAbove,
  readXmlFile,
  targetFrameworks,
  type XmlFile,
} from '../../../edit/msbuild-project';
import { XmlSyntaxError, type XmlElement } from '../../../edit/xml-located';
import { OptionError } from '../../../utils/option-error';

/** What the generator needs to know about the ASP.NET Core project, read before anything is written. */
export interface DotnetProject {
  name: string;
  root: string;
  csproj: XmlFile;
  /** The Directory.Build.props files MSBuild imports before the .csproj, outermost first. */
  buildProps: XmlFile[];
  programPath: string;
  /** Target framework monikers, e.g. ['net8.0', 'net10.0']. */
  frameworks: string[];
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

/** Every MSBuild file is read through here, so a malformed one is refused naming --project and the file. */
function readOrRefuse<T>(project: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw new OptionError('project', project, `well-formed XML in ${error.message}`);
  }
}

const isWebSdk = (csproj: XmlElement): boolean =>
  [
    ...(csproj.attributes['Sdk'] ?? '').split(';'),
    ...csproj.children.filter((child) => child.name === 'Sdk').map((sdk) => sdk.attributes['Name'] ?? ''),
  ].some((sdk) => sdk.trim().split('/')[0] === 'Microsoft.NET.Sdk.Web');

/** e.g. net10.0 → 10; frameworks before .NET 5 naming (netcoreapp3.1, net48) → 0. */
const netMajorOf = (framework: string): number => Number(/^net(\d+)\.\d+/.exec(framework)?.[1] ?? 0);

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
  const csproj = readOrRefuse(name, () => readXmlFile(tree, joinPathFragments(root, csprojFiles[0])));
  if (!isWebSdk(csproj.root))
    throw new OptionError(
      'project',
      name,
      `an ASP.NET Core project: ${csproj.path} uses Sdk "${csproj.root.attributes['Sdk'] ?? ''}", not Microsoft.NET.Sdk.Web`,
    );
  const programPath = joinPathFragments(root, 'Program.cs');
  if (!tree.exists(programPath))
    throw new OptionError('project', name, `an ASP.NET Core project with ${programPath}`);

  const buildProps = readOrRefuse(name, () => directoryBuildProps(tree, root));
  const evaluation = [...buildProps, csproj];
  const packagesPath = nearestFileAbove(tree, root, 'Directory.Packages.props');
  const packagesProps =
    packagesPath === undefined ? undefined : readOrRefuse(name, () => readXmlFile(tree, packagesPath));
  const central =
    packagesProps !== undefined &&
    evaluatedProperty(
      [...buildProps, packagesProps, csproj],
      'ManagePackageVersionsCentrally',
    )?.toLowerCase() === 'true';
  const frameworks = targetFrameworks(evaluation);
  return {
    name,
    root,
    csproj,
    buildProps,
    programPath,
    frameworks,
    netMajors: frameworks.map(netMajorOf),
    implicitUsings: implicitUsingsOn(evaluation),
    centralPackages: central ? packagesProps : undefined,
  };
}
