import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from './paths';
import { run } from './run';
import { angularAppName, templateKey, WorkspaceSpec } from './workspace-spec';

const readyMarker = '.template-ready';

/**
 * Returns the folder of a ready-made workspace for the spec, creating it on first use: a plain npm
 * workspace with `nx` and `@nx/devkit` from the registry, plus an Angular app through `@nx/angular`
 * when asked. It is built in a scratch folder and renamed into place, so a failed build leaves no
 * half-made template behind.
 */
export function ensureTemplate(spec: WorkspaceSpec): string {
  const dir = join(templatesDir, templateKey(spec));
  if (existsSync(join(dir, readyMarker))) return dir;

  const scratch = `${dir}.building-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
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
  run('npm', ['install'], scratch);
  if (spec.angularApp) generateAngularApp(scratch);
  writeFileSync(join(scratch, readyMarker), templateKey(spec));

  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
  return dir;
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
