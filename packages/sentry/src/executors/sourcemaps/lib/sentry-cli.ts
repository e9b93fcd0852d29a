import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The sentry-cli binary of the workspace's @sentry/cli (a devDependency the angular-app generator adds). */
export function sentryCliPath(workspaceRoot: string): string {
  try {
    return require.resolve('@sentry/cli/bin/sentry-cli', { paths: [workspaceRoot] });
  } catch {
    throw new Error('@sentry/cli is not installed in this workspace: npm install --save-dev @sentry/cli');
  }
}

/** Runs sentry-cli (no shell); its output goes to the terminal, a failure throws with its exit code. */
export function runSentryCli(cli: string, args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: 'inherit', env: process.env });
  if (result.status !== 0)
    throw new Error(`sentry-cli ${args.slice(0, 2).join(' ')} failed (exit ${result.status}).`);
}

/** Removes every .map below a folder; returns how many. */
export function deleteSourceMaps(folder: string): number {
  let count = 0;
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) count += deleteSourceMaps(path);
    else if (entry.endsWith('.map')) {
      rmSync(path);
      count++;
    }
  }
  return count;
}
