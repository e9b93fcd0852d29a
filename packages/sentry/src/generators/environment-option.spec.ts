import type { GeneratorCallback, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { angularAppGenerator } from './angular-app/angular-app';
import { ciGenerator } from './ci/ci';
import { dotnetAppGenerator } from './dotnet-app/dotnet-app';

/** Every generator with an --environment option, called with only what it needs besides that option. */
const generators: [string, (tree: Tree, environment: string) => Promise<GeneratorCallback>][] = [
  [
    'angular-app',
    (tree, environment) => angularAppGenerator(tree, { project: 'web', environment, skipFormat: true }),
  ],
  ['ci', (tree, environment) => ciGenerator(tree, { environment, skipFormat: true })],
  [
    'dotnet-app',
    (tree, environment) => dotnetAppGenerator(tree, { project: 'api', environment, skipFormat: true }),
  ],
];

/** Every file of the tree with its content: what a refused run must leave as it was. */
const contents = (tree: Tree) =>
  tree.listChanges().map((change) => [change.path, change.type, change.content?.toString('utf-8')]);

const expected =
  'expected an environment name such as production: letters, digits, ".", "_" and "-" from a letter or digit, at most 64 characters, not "none".';

describe('--environment: one rule in every generator', () => {
  // Sentry refuses "/" and line breaks, and longer than 64; "none" reads as the empty environment in its API
  // paths; the rest would need quoting in a workflow, YAML or TypeScript.
  const badNames = ['prod/eu', 'a'.repeat(65), 'none', 'prod eu', 'prod$(id)', '-prod', 'prod\n'];

  it.each(generators.flatMap(([name, run]) => badNames.map((bad) => [name, bad, run] as const)))(
    '%s refuses %j the same way, before writing anything',
    async (_, bad, run) => {
      const tree = createTreeWithEmptyWorkspace();
      const before = contents(tree);
      await expect(run(tree, bad)).rejects.toThrow(
        `Invalid --environment ${JSON.stringify(bad)}: ${expected}`,
      );
      expect(contents(tree)).toEqual(before);
    },
  );

  it.each(generators)('%s takes a name Sentry and every file format accept as they are', async (_, run) => {
    const tree = createTreeWithEmptyWorkspace();
    // Past the environment, a generator may stop at its next missing input (no such project here).
    const error = await run(tree, 'Staging_2.eu-west').then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(error ?? '').not.toContain('--environment');
  });
});
