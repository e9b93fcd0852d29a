/**
 * The Kubernetes OpenAPI schemas do not forbid extra properties, so kubernetes-models accepts
 * `readinessProbes:` or `imagePullPolicey:` silently — and so would `kubectl apply` with
 * client-side validation off, dropping the field. The generated validators read every property
 * the schema declares, and enumerate the keys of free-form maps (labels, ConfigMap data,
 * resource limits). So any own key of a plain object that the validator neither read nor
 * enumerated is a field the schema does not know. This wraps the data in proxies that record
 * those reads; it is a heuristic over the validator's behaviour, checked by the specs.
 */
export interface FieldReadTracking<T> {
  /** Hand this to the validator instead of the data. */
  tracked: T;
  /** JSON-pointer paths (like ajv's instancePath) of fields the validator never looked at. */
  unreadFieldPaths(): string[];
}

interface TrackedObject {
  path: string;
  value: Record<string, unknown>;
  readKeys: Set<string>;
  enumerated: boolean;
}

export function trackFieldReads<T extends object>(data: T): FieldReadTracking<T> {
  const trackedObjects: TrackedObject[] = [];
  const tracked = wrap(data, '', trackedObjects) as T;
  return {
    tracked,
    unreadFieldPaths: () =>
      trackedObjects.flatMap(({ path, value, readKeys, enumerated }) =>
        // Arrays are addressed by index, which says nothing about field names.
        enumerated || Array.isArray(value)
          ? []
          : Object.keys(value)
              .filter((key) => !readKeys.has(key))
              .map((key) => `${path}/${escapePointerSegment(key)}`),
      ),
  };
}

function wrap(value: unknown, path: string, trackedObjects: TrackedObject[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const entry: TrackedObject = {
    path,
    value: value as Record<string, unknown>,
    readKeys: new Set(),
    enumerated: false,
  };
  trackedObjects.push(entry);
  // Wrap each child once, lazily: only the parts the validator visits get tracked.
  const wrappedChildren = new Map<string, unknown>();
  const noteRead = (key: string | symbol) => {
    if (typeof key === 'string') entry.readKeys.add(key);
  };
  return new Proxy(value, {
    get(target, key, receiver) {
      noteRead(key);
      if (typeof key !== 'string' || !Object.hasOwn(target, key)) {
        return Reflect.get(target, key, receiver);
      }
      if (!wrappedChildren.has(key)) {
        const child = (target as Record<string, unknown>)[key];
        wrappedChildren.set(key, wrap(child, `${path}/${escapePointerSegment(key)}`, trackedObjects));
      }
      return wrappedChildren.get(key);
    },
    has(target, key) {
      noteRead(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      noteRead(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      entry.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/** RFC 6901 escaping, as ajv uses in instancePath (label keys contain `/`). */
function escapePointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
