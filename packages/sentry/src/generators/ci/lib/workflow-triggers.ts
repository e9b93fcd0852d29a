import { Document, isMap, isScalar, isSeq, YAMLMap } from 'yaml';
import { insertBefore, plainValue } from './yaml-nodes';

/** The events the generated jobs need: pushes to the branches that deliver and pull requests into them. */
const neededEvents = ['push', 'pull_request'] as const;

/**
 * Makes the workflow run on pushes to the branches and on pull requests into them, keeping every trigger
 * the user has. An event without filters already covers every branch; a `branches` list gets the missing
 * branches added; `branches-ignore` and the like are the user's to keep.
 */
export function ensureTriggers(document: Document, root: YAMLMap, wanted: readonly string[]): void {
  const filtered = () => document.createNode({ branches: [...wanted] });
  const on = root.get('on', true);
  if (on === undefined) {
    insertBefore(
      document,
      root,
      'on',
      Object.fromEntries(neededEvents.map((event) => [event, filtered()])),
      'jobs',
    );
    return;
  }

  let events: YAMLMap;
  if (isMap(on)) events = on;
  else {
    // `on: push` or `on: [push, pull_request]`: the short forms name events without filters.
    const names = (isSeq(on) ? on.items : [on]).map(plainValue).filter((name) => typeof name === 'string');
    if (neededEvents.every((event) => names.includes(event))) return;
    events = document.createNode(Object.fromEntries(names.map((name) => [name, {}]))) as YAMLMap;
    root.set('on', events);
  }

  for (const event of neededEvents) {
    const filters = events.get(event, true);
    if (filters === undefined) events.set(event, filtered());
    else if (isMap(filters)) {
      const branches = filters.get('branches', true);
      if (!isSeq(branches)) continue;
      for (const wantedBranch of wanted)
        if (!branches.items.some((branch) => isScalar(branch) && branch.value === wantedBranch))
          branches.add(document.createNode(wantedBranch));
    }
  }
}
