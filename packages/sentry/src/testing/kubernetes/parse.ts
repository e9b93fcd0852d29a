import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from './kubernetes-object';

/**
 * Splits a multi-document manifest stream (such as `kubectl kustomize` output) into objects.
 * Empty documents are skipped; `kind: List` documents are flattened into their items, as
 * kubectl does. Anything that is not an object with `apiVersion` and `kind` is an error here,
 * because every later check would otherwise have to guess what it is looking at.
 */
export function parseManifests(yamlText: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  parseAllDocuments(yamlText).forEach((document, index) => {
    if (document.errors.length > 0) {
      const messages = document.errors.map((error) => error.message).join('; ');
      throw new Error(`YAML document ${index + 1}: ${messages}`);
    }
    const content: unknown = document.toJS();
    if (content === null || content === undefined) return;
    objects.push(...flattenLists(content, `YAML document ${index + 1}`));
  });
  return objects;
}

function flattenLists(content: unknown, where: string): KubernetesObject[] {
  if (!isKubernetesObject(content)) {
    throw new Error(`${where} is not a Kubernetes object (it needs string apiVersion and kind)`);
  }
  if (content.kind === 'List' || (content.kind.endsWith('List') && Array.isArray(content['items']))) {
    const items = Array.isArray(content['items']) ? content['items'] : [];
    return items.flatMap((item: unknown, index) => flattenLists(item, `${where} item ${index + 1}`));
  }
  return [content];
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  return typeof apiVersion === 'string' && typeof kind === 'string';
}
