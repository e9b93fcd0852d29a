import { listOf, mapOf } from './kubernetes-object';

/** metav1.LabelSelector (kubernetes-models keeps its type in a package of its own). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Service-style selector: a plain map, every pair must be present. */
export function mapSelectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(mapOf(selector)).every(([key, value]) => labels[key] === value);
}

/**
 * metav1.LabelSelector semantics: matchLabels and matchExpressions are ANDed; an empty
 * selector matches everything (which is what `podSelector: {}` in a NetworkPolicy means).
 */
export function labelSelectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  if (!mapSelectorMatches(mapOf(selector.matchLabels), labels)) return false;
  return listOf(selector.matchExpressions).every(({ key, operator, values }) => {
    const present = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        return present && listOf(values).includes(labels[key]);
      case 'NotIn':
        return !present || !listOf(values).includes(labels[key]);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
      default:
        return false;
    }
  });
}

/** `{app: web}` style rendering for messages. */
export function formatSelector(selector: LabelSelector | Record<string, string> | undefined): string {
  return JSON.stringify(selector ?? {});
}
