import {
  appendToElement,
  attributeValueRange,
  descendantElements,
  type XmlElement,
} from '../../../edit/xml-located';
import { applyTextEdits, type TextEdit } from '../../../edit/text-edit';
import type { XmlFile } from './dotnet-project';

export interface PackageEdits {
  csproj: TextEdit[];
  /** The new text of Directory.Packages.props, when versions are managed there and it changes. */
  centralPackagesText?: string;
  notes: string[];
}

const sameId = (element: XmlElement, id: string) =>
  (element.attributes['Include'] ?? '').toLowerCase() === id.toLowerCase();

/**
 * Items `<{item} Include="id" …/>` for each package: present ones get `version` in their Version attribute
 * (when they carry one), missing ones are added after the last item of that kind, or in a new ItemGroup.
 */
function itemEdits(
  file: XmlFile,
  item: 'PackageReference' | 'PackageVersion',
  packages: readonly string[],
  version: string | undefined,
  notes: string[],
): TextEdit[] {
  const existing = descendantElements(file.root, item);
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const id of packages) {
    const element = existing.find((candidate) => sameId(candidate, id));
    if (!element) {
      missing.push(id);
      continue;
    }
    const range = version === undefined ? undefined : attributeValueRange(file.text, element, 'Version');
    if (!range || version === undefined) continue;
    const current = file.text.slice(range.offset, range.offset + range.length);
    if (current === version) continue;
    edits.push({ ...range, text: version });
    notes.push(`${file.path}: ${id} ${current} → ${version}, the version of every Sentry package here.`);
  }
  if (missing.length === 0) return edits;
  const lines = missing.map(
    (id) => `<${item} Include="${id}"${version === undefined ? '' : ` Version="${version}"`} />`,
  );
  const group = descendantElements(file.root, 'ItemGroup')
    .filter((candidate) => candidate.children.some((child) => child.name === item))
    .at(-1);
  edits.push(
    group
      ? appendToElement(file.text, group, lines)
      : appendToElement(file.text, file.root, [
          '',
          '<ItemGroup>',
          ...lines.map((line) => `  ${line}`),
          '</ItemGroup>',
        ]),
  );
  return edits;
}

/**
 * References to the Sentry packages at one version: in the .csproj with Version, or — under central package
 * management — without it in the .csproj and with it as PackageVersion in Directory.Packages.props.
 */
export function packageEdits(
  csproj: XmlFile,
  centralPackages: XmlFile | undefined,
  packages: readonly string[],
  version: string,
): PackageEdits {
  const notes: string[] = [];
  if (!centralPackages)
    return { csproj: itemEdits(csproj, 'PackageReference', packages, version, notes), notes };
  const csprojEdits = itemEdits(csproj, 'PackageReference', packages, undefined, notes);
  const propsEdits = itemEdits(centralPackages, 'PackageVersion', packages, version, notes);
  return {
    csproj: csprojEdits,
    centralPackagesText: propsEdits.length > 0 ? applyTextEdits(centralPackages.text, propsEdits) : undefined,
    notes,
  };
}
