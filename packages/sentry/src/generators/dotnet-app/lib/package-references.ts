import type { XmlFile } from '../../../edit/msbuild-project';
import { applyTextEdits, type TextEdit } from '../../../edit/text-edit';
import {
  appendToElement,
  attributeValueRange,
  descendantElements,
  removeElement,
  type XmlElement,
} from '../../../edit/xml-located';

export interface PackageEdits {
  csproj: TextEdit[];
  /** New texts of the Directory.Build.props or Directory.Packages.props files that change. */
  files: { path: string; text: string }[];
  notes: string[];
}

const sameId = (element: XmlElement, id: string) =>
  (element.attributes['Include'] ?? '').toLowerCase() === id.toLowerCase();
const isSentryPackage = (element: XmlElement) => /^sentry(\.|$)/i.test(element.attributes['Include'] ?? '');

/** Puts `version` into the item's Version attribute when it carries one and holds another version. */
function versionEdit(file: XmlFile, element: XmlElement, version: string, notes: string[]): TextEdit[] {
  const range = attributeValueRange(file.text, element, 'Version');
  if (!range) return [];
  const current = file.text.slice(range.offset, range.offset + range.length);
  if (current === version) return [];
  notes.push(
    `${file.path}: ${element.attributes['Include']} ${current} → ${version}, the version of every Sentry package here (they are released together).`,
  );
  return [{ ...range, text: version }];
}

/** New `<{item} Include="id" …/>` items after the last item of that kind in the file, or in a new ItemGroup. */
function addItems(
  file: XmlFile,
  item: 'PackageReference' | 'PackageVersion',
  packages: readonly string[],
  version: string | undefined,
): TextEdit[] {
  if (packages.length === 0) return [];
  const lines = packages.map(
    (id) => `<${item} Include="${id}"${version === undefined ? '' : ` Version="${version}"`} />`,
  );
  const group = descendantElements(file.root, 'ItemGroup')
    .filter((candidate) => candidate.children.some((child) => child.name === item))
    .at(-1);
  return [
    group
      ? appendToElement(file.text, group, lines)
      : appendToElement(file.text, file.root, [
          '',
          '<ItemGroup>',
          ...lines.map((line) => `  ${line}`),
          '</ItemGroup>',
        ]),
  ];
}

/** Items of `packages` present in the file get `version`; the missing ones are added. */
function itemEdits(
  file: XmlFile,
  item: 'PackageReference' | 'PackageVersion',
  packages: readonly string[],
  version: string | undefined,
  notes: string[],
): TextEdit[] {
  const existing = descendantElements(file.root, item);
  const present = packages.flatMap((id) => existing.filter((element) => sameId(element, id)));
  return [
    ...(version === undefined
      ? []
      : present.flatMap((element) => versionEdit(file, element, version, notes))),
    ...addItems(
      file,
      item,
      packages.filter((id) => !present.some((element) => sameId(element, id))),
      version,
    ),
  ];
}

/**
 * The csproj's references to packages a Directory.Build.props references too: MSBuild would see both items
 * (NuGet warns NU1504 and may restore either version), so the props' one stays and the csproj's goes, whole
 * ItemGroups when nothing else is in them.
 */
function duplicateRemovals(csproj: XmlFile, inProps: readonly string[], notes: string[]): TextEdit[] {
  const duplicates = descendantElements(csproj.root, 'PackageReference').filter((element) =>
    inProps.some((id) => sameId(element, id)),
  );
  const groups = descendantElements(csproj.root, 'ItemGroup');
  const emptied = groups.filter(
    (group) => group.children.length > 0 && group.children.every((child) => duplicates.includes(child)),
  );
  for (const element of duplicates)
    notes.push(
      `${csproj.path}: ${element.attributes['Include']} taken out, Directory.Build.props references it already.`,
    );
  return [
    ...emptied.map((group) => removeElement(csproj.text, group)),
    ...duplicates
      .filter((element) => !emptied.some((group) => group.children.includes(element)))
      .map((element) => removeElement(csproj.text, element)),
  ];
}

/**
 * References to the Sentry packages at one version, where the project declares its packages:
 * - a package a Directory.Build.props references is versioned there, and not referenced again in the .csproj;
 * - a new package joins the props that hold the team's Sentry packages, else the .csproj (a props reference
 *   reaches every project below it, test projects and class libraries too, and Sentry.AspNetCore would bring
 *   ASP.NET Core into them);
 * - under central package management references carry no version: it is a PackageVersion in
 *   Directory.Packages.props.
 */
export function packageEdits(
  csproj: XmlFile,
  buildProps: readonly XmlFile[],
  centralPackages: XmlFile | undefined,
  packages: readonly string[],
  version: string,
): PackageEdits {
  const notes: string[] = [];
  const referenceVersion = centralPackages ? undefined : version;
  const inProps = (file: XmlFile) =>
    packages.filter((id) =>
      descendantElements(file.root, 'PackageReference').some((item) => sameId(item, id)),
    );
  const referencedInProps = buildProps.flatMap(inProps);
  const home = buildProps.findLast((file) =>
    descendantElements(file.root, 'PackageReference').some(isSentryPackage),
  );
  const inCsproj = (id: string) =>
    descendantElements(csproj.root, 'PackageReference').some((item) => sameId(item, id));
  const unreferenced = packages.filter((id) => !referencedInProps.includes(id) && !inCsproj(id));

  if (home && unreferenced.length > 0)
    notes.push(
      `${home.path}: ${unreferenced.join(', ')} added beside the Sentry packages it references, for every project below it.`,
    );
  const propsEdits = buildProps.map((file) => ({
    file,
    edits: itemEdits(
      file,
      'PackageReference',
      [...inProps(file), ...(file === home ? unreferenced : [])],
      referenceVersion,
      notes,
    ),
  }));
  const csprojEdits = [
    ...duplicateRemovals(csproj, referencedInProps, notes),
    ...itemEdits(
      csproj,
      'PackageReference',
      packages.filter((id) => !referencedInProps.includes(id) && (home === undefined || inCsproj(id))),
      referenceVersion,
      notes,
    ),
  ];
  const centralEdits = centralPackages
    ? [
        {
          file: centralPackages,
          edits: itemEdits(centralPackages, 'PackageVersion', packages, version, notes),
        },
      ]
    : [];
  return {
    csproj: csprojEdits,
    files: [...propsEdits, ...centralEdits]
      .filter(({ edits }) => edits.length > 0)
      .map(({ file, edits }) => ({ path: file.path, text: applyTextEdits(file.text, edits) })),
    notes,
  };
}
