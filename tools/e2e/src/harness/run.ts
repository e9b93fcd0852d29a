import { spawn, spawnSync } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Environment for every command in a test workspace: no daemon, no Nx Cloud, no prompts. */
export const testEnv = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_INTERACTIVE: 'false',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** Runs a program (no shell) and throws with its whole output when it fails. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): RunResult {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...testEnv, ...env },
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = { stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  if (result.status !== 0) {
    throw new CommandError(`${command} ${args.join(' ')}`, cwd, result.status, output);
  }
  return output;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly cwd: string,
    readonly exitCode: number | null,
    readonly output: RunResult,
  ) {
    super(
      `\`${command}\` failed in ${cwd} (exit ${exitCode})\n--- stdout ---\n${output.stdout}\n--- stderr ---\n${output.stderr}`,
    );
    this.name = 'CommandError';
  }
}

/**
 * Like `run`, without blocking this process: needed when the program talks to a server the test itself runs
 * (a contract double), which a synchronous wait would starve.
 */
export function runAsync(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...testEnv, ...env } });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new CommandError(`${command} ${args.join(' ')}`, cwd, code, output)),
    );
  });
}
