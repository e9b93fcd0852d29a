/**
 * One parsed manifest document. Only `apiVersion` and `kind` are trusted: everything else is
 * whatever the YAML said, which is exactly what these helpers exist to check.
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMetadata;
  [field: string]: unknown;
}

/** The parts of ObjectMeta the checks read. */
export interface ObjectMetadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** `Kind/name`, the prefix of every problem these helpers report. */
export function describeObject(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata?.name ?? '<unnamed>'}`;
}

/**
 * Parsed YAML can hold anything where the API expects a list; the checks below must report
 * problems, not crash on a malformed object (the schema check reports the malformation).
 */
export function listOf<T>(value: T[] | undefined | null): T[] {
  // A bare `-` in YAML is a null item: skip it rather than crash on its fields.
  return Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined) : [];
}

/** Same idea as {@link listOf} for string maps such as labels or ConfigMap data. */
export function mapOf<T>(value: Record<string, T> | undefined | null): Record<string, T> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/**
 * A nested object such as a spec, typed as the API describes it, or `{}` when the YAML has
 * something else there (every field of the result may be missing: check before use).
 */
export function objectOf<T extends object>(value: unknown): Partial<T> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<T>) : {};
}
