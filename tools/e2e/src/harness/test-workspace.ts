import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tarballPointer, workspacesDir } from './paths';
import { run, runAsync, RunResult } from './run';
import { ensureTemplate } from './template';
import { WorkspaceSpec } from './workspace-spec';

/**
 * One fresh Nx workspace for one test: a copy of the cached template in its own temp folder.
 * node_modules is copied as hard links (seconds instead of minutes for an Angular workspace);
 * npm replaces files rather than writing into them, so installs here leave the template intact —
 * except its hidden lockfile, which is therefore copied for real.
 */
export class TestWorkspace {
  private constructor(readonly root: string) {}

  static create(name: string, spec: WorkspaceSpec): TestWorkspace {
    const template = ensureTemplate(spec);
    mkdirSync(workspacesDir, { recursive: true });
    const root = mkdtempSync(join(workspacesDir, `${name}-`));
    execFileSync('cp', ['-a', '--link', join(template, 'node_modules'), join(root, 'node_modules')]);
    execFileSync('bash', [
      '-c',
      'shopt -s dotglob; for f in "$1"/*; do [ "$(basename "$f")" = node_modules ] || cp -a "$f" "$2"/; done',
      '_',
      template,
      root,
    ]);
    const hiddenLock = join(root, 'node_modules', '.package-lock.json');
    rmSync(hiddenLock, { force: true });
    execFileSync('cp', [join(template, 'node_modules', '.package-lock.json'), hiddenLock]);
    return new TestWorkspace(root);
  }

  /** Installs the plugin tarball that the global setup packed, as a user would install a release. */
  installPlugin(): RunResult {
    const tarball = readFileSync(tarballPointer, 'utf-8').trim();
    return run('npm', ['install', '--save-dev', tarball], this.root);
  }

  nx(...args: string[]): RunResult {
    return run(join(this.root, 'node_modules', '.bin', 'nx'), args, this.root);
  }

  /** `nx` with extra environment variables, without blocking the test's own servers (contract doubles). */
  nxAsync(env: Record<string, string>, ...args: string[]): Promise<RunResult> {
    return runAsync(join(this.root, 'node_modules', '.bin', 'nx'), args, this.root, env);
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), 'utf-8');
  }

  readJson<T = Record<string, unknown>>(path: string): T {
    return JSON.parse(this.read(path)) as T;
  }

  write(path: string, content: string): void {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), content);
  }

  /** Removed after a passing test; a failing test's workspace stays for a look (path in the error). */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
