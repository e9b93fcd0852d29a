import { joinPathFragments, readJson, Tree, writeJson } from '@nx/devkit';
import { OptionError } from '../../../utils/option-error';
import type { InfraGeneratorSchema } from '../schema';

/** Beside the stack: the options of the last run, so a re-run (e.g. an upgrade) names only what changes. */
export const storedOptionsFile = 'sentry-stack.json';

/** Options that describe one run rather than the stack. */
const perRunOptions: (keyof InfraGeneratorSchema)[] = ['skipFormat', 'directory'];

export function withStoredOptions(
  tree: Tree,
  options: InfraGeneratorSchema,
  directory: string,
): InfraGeneratorSchema {
  const path = joinPathFragments(directory, storedOptionsFile);
  if (!tree.exists(path)) return options;
  const stored = readJson<InfraGeneratorSchema>(tree, path);
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored))
    throw new OptionError(
      'directory',
      directory,
      `a stack whose ${storedOptionsFile} holds an object of generator options`,
    );
  return { ...stored, ...options };
}

export function storeOptions(tree: Tree, options: InfraGeneratorSchema, directory: string): void {
  const kept = Object.fromEntries(
    Object.entries(options)
      .filter(
        ([name, value]) => value !== undefined && !perRunOptions.includes(name as keyof InfraGeneratorSchema),
      )
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  writeJson(tree, joinPathFragments(directory, storedOptionsFile), kept);
}
