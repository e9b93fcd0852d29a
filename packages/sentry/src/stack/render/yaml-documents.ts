import { Document } from 'yaml';

/** Serialises objects as one multi-document YAML file; the serializer does all quoting. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map((object) => new Document(object).toString({ lineWidth: 0 })).join('---\n');
}
