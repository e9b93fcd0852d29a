import { Document } from 'yaml';

/**
 * Serialises objects as one multi-document YAML file; the serializer does all quoting. Shared objects
 * (the same labels in metadata and pod template) are written out in full: anchors and aliases are valid
 * YAML, but people and some tools read manifests more easily without them. YAML 1.1 rules, because
 * kubectl reads 1.1: a string such as `yes` or `on` must be quoted or it arrives as a boolean.
 */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects
    .map((object) =>
      new Document(object, { aliasDuplicateObjects: false, version: '1.1' }).toString({ lineWidth: 0 }),
    )
    .join('---\n');
}
