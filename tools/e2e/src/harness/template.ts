import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from './paths';
import { run } from './run';
import { angularAppName, fixtureDir, templateKey, WorkspaceSpec } from './workspace-spec';

const readyMarker = '.template-ready';

/**
 * Returns the folder of a ready-made workspace for the spec, creating it on first use: a plain npm
 * workspace with `nx` and `@nx/devkit` from the registry, plus an Angular app through `@nx/angular`
 * when asked, or an Angular CLI workspace from a fixture. It is built in a scratch folder and renamed into place, so a failed build leaves no
 * half-made template behind.
 */
export function ensureTemplate(spec: WorkspaceSpec): string {
  const dir = join(templatesDir, templateKey(spec));
  if (existsSync(join(dir, readyMarker))) return dir;

  const scratch = `${dir}.building-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  if (spec.fixture) fromFixture(scratch, spec.fixture, spec.nxVersion);
  else writeNxWorkspace(scratch, spec);
  run('npm', ['install'], scratch);
  if (spec.angularApp) generateAngularApp(scratch);
  writeFileSync(join(scratch, readyMarker), templateKey(spec));

  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
  return dir;
}

function writeNxWorkspace(scratch: string, spec: WorkspaceSpec): void {
  writeJson(join(scratch, 'package.json'), {
    name: 'e2e-workspace',
    version: '0.0.0',
    private: true,
    devDependencies: {
      nx: spec.nxVersion,
      '@nx/devkit': spec.nxVersion,
      '@nx/js': spec.nxVersion,
      ...(spec.angularApp ? { '@nx/angular': spec.nxVersion } : {}),
    },
  });
  writeJson(join(scratch, 'nx.json'), { $schema: './node_modules/nx/schemas/nx-schema.json', plugins: [] });
  writeFileSync(join(scratch, '.gitignore'), 'node_modules\ndist\n.nx\n');
}

/**
 * An Angular CLI workspace from tools/angular-fixtures, with Nx added as `nx init` adds it: `nx`, `@nx/angular`
 * and `@nx/workspace` at the Nx version, and `@angular-devkit/core`, `@angular-devkit/schematics` and
 * `@schematics/angular` at the workspace's Angular CLI version (nrwl/nx 20.1.4,
 * packages/nx/src/command-line/init/implementation/angular/index.ts, installDependencies). Without those three,
 * npm takes them as peers of @nx/angular, and the first install a generator runs (Nx sets legacy-peer-deps for
 * npm) removes them again.
 */
function fromFixture(scratch: string, fixture: string, nxVersion: string): void {
  cpSync(fixtureDir(fixture), scratch, { recursive: true });
  const packageJson = JSON.parse(readFileSync(join(scratch, 'package.json'), 'utf-8')) as {
    devDependencies: Record<string, string>;
  };
  const cli = packageJson.devDependencies['@angular/cli'];
  packageJson.devDependencies = {
    ...packageJson.devDependencies,
    '@angular-devkit/core': cli,
    '@angular-devkit/schematics': cli,
    '@schematics/angular': cli,
    '@nx/angular': nxVersion,
    '@nx/workspace': nxVersion,
    nx: nxVersion,
  };
  writeJson(join(scratch, 'package.json'), packageJson);
  writeFileSync(join(scratch, '.gitignore'), 'node_modules\ndist\n.nx\n.angular\n');
}

function generateAngularApp(root: string): void {
  run(
    join(root, 'node_modules', '.bin', 'nx'),
    [
      'g',
      '@nx/angular:application',
      `--directory=apps/${angularAppName}`,
      `--name=${angularAppName}`,
      '--bundler=esbuild',
      '--style=css',
      '--e2eTestRunner=none',
      '--unitTestRunner=none',
      '--linter=none',
      '--ssr=false',
      '--no-interactive',
    ],
    root,
  );
  // The generator adds Angular to package.json; its install task may be skipped in CI mode.
  run('npm', ['install'], root);
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
