import { addProjectConfiguration, logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dotnetAppGenerator } from './dotnet-app';

/**
 * Prettier cannot load inside Jest's VM (it imports its plugins dynamically), so formatFiles is replaced by
 * what prettier does to a JSON file with its defaults: two-space indentation. Real workspaces made with
 * create-nx-workspace have prettier, and `nx g` formats every file the generator changed.
 */
jest.mock('@nx/devkit', () => {
  const actual = jest.requireActual('@nx/devkit');
  return {
    ...actual,
    formatFiles: async (tree: Tree) => {
      for (const change of tree.listChanges())
        if (change.type !== 'DELETE' && change.path.endsWith('.json') && change.content)
          tree.write(
            change.path,
            `${JSON.stringify(JSON.parse(change.content.toString('utf-8')), null, 2)}\n`,
          );
    },
  };
});

const fixtures = join(__dirname, '..', '..', '..', '..', '..', 'tools', 'dotnet-fixtures');
const fixtureText = (path: string) => readFileSync(join(fixtures, path), 'utf-8');

// The generator loads its edits (and their parsers) on its first run: loaded here, outside the hooks' time limit.
beforeAll(() => import('./lib/wire-dotnet-app'), 30_000);

beforeAll(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));

describe('dotnet-app generator in a workspace that formats with prettier', () => {
  it('keeps the indentation of appsettings.json (3 spaces here) instead of prettier’s (#18 item 11)', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('Directory.Build.props', fixtureText('stylecop-serilog/Directory.Build.props'));
    for (const file of ['Api.csproj', 'Program.cs', 'appsettings.json'])
      tree.write(`src/Api/${file}`, fixtureText(`stylecop-serilog/Api/${file}`));
    addProjectConfiguration(tree, 'api', { root: 'src/Api', projectType: 'application' });
    await dotnetAppGenerator(tree, { project: 'api' });
    const settings = tree.read('src/Api/appsettings.json', 'utf-8') ?? '';
    expect(settings).toContain(
      '\n   "Serilog": {\n      "Using": [ "Serilog.Sinks.Console", "Sentry.Serilog" ],',
    );
    expect(settings).toContain('\n   "Sentry": {\n      "Dsn": ');
    expect(settings.endsWith('}\n')).toBe(true);
  });
});
