import { addProjectConfiguration, type GeneratorCallback, logger, type Tree } from '@nx/devkit';
import childProcess from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { addAngularApp } from '../testing/angular-workspace';
import { angularAppGenerator } from './angular-app/angular-app';
import { ciGenerator } from './ci/ci';
import { dotnetAppGenerator } from './dotnet-app/dotnet-app';
import { infraGenerator } from './infra/infra';
import { initGenerator } from './init/init';

const dsn = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/2';
const angularMain =
  "import { bootstrapApplication } from '@angular/platform-browser';\nimport { App } from './app/app';\n\nbootstrapApplication(App, {}).catch((err) => console.error(err));\n";
const dotnetFixture = join(__dirname, '..', '..', '..', '..', 'tools', 'dotnet-fixtures', 'minimal-api');

function dotnetApp(tree: Tree): void {
  for (const file of readdirSync(dotnetFixture))
    tree.write(`apps/api/${file}`, readFileSync(join(dotnetFixture, file)));
  addProjectConfiguration(tree, 'api', { root: 'apps/api', projectType: 'application' });
}

/** Each generator with the workspace it needs and the installs its callback must run. */
const generators: [string, (tree: Tree) => Promise<GeneratorCallback>, string[]][] = [
  ['init', (tree) => initGenerator(tree, { skipFormat: true }), ['npm install']],
  [
    'infra',
    (tree) =>
      infraGenerator(tree, {
        domain: 'sentry.example.com',
        adminEmail: 'admin@example.com',
        skipFormat: true,
      }),
    ['npm install'],
  ],
  ['ci', (tree) => ciGenerator(tree, { skipFormat: true }), ['npm install']],
  [
    'angular-app',
    (tree) => (
      addAngularApp(tree, { 'main.ts': angularMain }),
      angularAppGenerator(tree, { project: 'web', dsn, skipFormat: true })
    ),
    ['npm install'],
  ],
  // The NuGet references are in the .csproj: dotnet restores them, nothing for npm to install.
  [
    'dotnet-app',
    (tree) => (dotnetApp(tree), dotnetAppGenerator(tree, { project: 'api', dsn, skipFormat: true })),
    [],
  ],
];

describe('the callback every generator returns', () => {
  let workspace: string;
  let commands: string[];

  beforeAll(() => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });

  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'fundamental-sentry-tasks-'));
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name: '@acme/source', private: true }));
    writeFileSync(join(workspace, 'nx.json'), '{}');
    // The install task runs the package manager in the workspace: recorded here, never sent to a registry.
    commands = [];
    jest.spyOn(childProcess, 'execSync').mockImplementation((command, options) => {
      commands.push(`${command} in ${options?.cwd === workspace ? 'the workspace' : options?.cwd}`);
      return Buffer.from('');
    });
    // Nx skips an install for a package.json it installed already in this process.
    delete (globalThis as Record<string, unknown>)['__packageJsonInstallCache__'];
  });

  afterEach(() => {
    jest.mocked(childProcess.execSync).mockRestore();
    rmSync(workspace, { recursive: true, force: true });
  });

  it.each(generators)(
    '%s: one runTasksInSerial callback that runs its tasks when awaited, and only then',
    async (_, run, installs) => {
      const callback = await run(new FsTree(workspace, false));
      expect(commands).toEqual([]);

      await expect(callback()).resolves.toBeUndefined();
      expect(commands).toEqual(installs.map((command) => `${command} in the workspace`));
    },
    60_000,
  );
});
