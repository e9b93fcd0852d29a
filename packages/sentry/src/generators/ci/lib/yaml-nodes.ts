import { Document, isMap, isNode, isScalar, Pair, YAMLMap, YAMLSeq } from 'yaml';

/** How every workflow is printed: no folding of long lines, flow collections as the user wrote them. */
export const workflowToStringOptions = { lineWidth: 0, flowCollectionPadding: false } as const;

/** A comment's text as `yaml` stores it: each line after the `#`, with one space for readability. */
export const asComment = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line ? ` ${line}` : ''))
    .join('\n');

const keyOf = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : pair.key);

/** The pair of a block map under a plain key, e.g. a job under `jobs:`. */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyOf(pair) === key);
}

/** Adds `key: value` in front of `beforeKey` (at the end without it), so new keys sit where a reader expects them. */
export function insertBefore(
  document: Document,
  map: YAMLMap,
  key: string,
  value: unknown,
  beforeKey: string,
): void {
  const pair = new Pair(document.createNode(key), isNode(value) ? value : document.createNode(value));
  const index = map.items.findIndex((item) => keyOf(item) === beforeKey);
  map.items.splice(index < 0 ? map.items.length : index, 0, pair);
}

/** The plain value of a node (or of a value that is no node), for comparing it with what we would write. */
export const plainValue = (node: unknown): unknown => (isNode(node) ? node.toJSON() : node);

/**
 * `yaml` keeps a comment above the first entry of a block collection on the collection itself; moved onto
 * the entry it prints in the same place, and it moves along when the entry is replaced or removed.
 */
export function moveLeadingComment(collection: YAMLMap | YAMLSeq): void {
  const [first] = collection.items;
  if (!collection.commentBefore || !first) return;
  const holder = isMap(collection) ? (first as Pair).key : first;
  if (!isNode(holder)) return;
  holder.commentBefore = holder.commentBefore
    ? `${collection.commentBefore}\n${holder.commentBefore}`
    : collection.commentBefore;
  collection.commentBefore = undefined;
}

/** The map at `key` of `parent`, created when absent; anything else there is the user's mistake to fix. */
export function requireMap(document: Document, parent: YAMLMap, key: string, where: string): YAMLMap {
  const value = parent.get(key, true);
  if (value === undefined || (isScalar(value) && value.value === null)) {
    const created = document.createNode({}) as YAMLMap;
    parent.set(key, created);
    return created;
  }
  if (!isMap(value)) throw new Error(`${where}: \`${key}\` must be a mapping.`);
  return value;
}
