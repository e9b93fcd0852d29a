import { type ExecutorContext, logger } from '@nx/devkit';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bootstrapExecutor } from '../../executors/bootstrap/bootstrap';
import { seedBootstrapState } from './seed-state';
import type { BootstrapExecutorSchema } from '../../executors/bootstrap/schema';
import {
  bootstrapTokenScopes,
  type SentryApiDouble,
  startSentryApiDouble,
  type SentryApiDoubleOptions,
} from './index';

export const adminToken = 'sntryu_bootstrap';
export const infraRoot = 'infra/sentry';

export interface BootstrapRun {
  success: boolean;
  /** Everything logged with logger.info, one string. */
  output: string;
  /** Everything logged with logger.error. */
  errors: string;
}

export interface BootstrapHarness {
  sentry: SentryApiDouble;
  /** A temporary workspace root holding `infra/sentry/sentry-bootstrap.json` with the seed's state. */
  root: string;
  writeState(state: unknown): void;
  read(pathFromRoot: string): string;
  /** The requests other than GET from the `from`-th on, as `METHOD path status`. */
  writesSince(from: number): string[];
  /** Runs the executor with SENTRY_URL and SENTRY_AUTH_TOKEN of the double unless `env` says otherwise. */
  run(options?: BootstrapExecutorSchema, env?: Record<string, string | undefined>): Promise<BootstrapRun>;
  dispose(): Promise<void>;
}

const context = (root: string): ExecutorContext => ({
  root,
  cwd: root,
  isVerbose: false,
  projectName: 'sentry-infra',
  targetName: 'bootstrap',
  projectsConfigurations: { version: 2, projects: { 'sentry-infra': { root: infraRoot } } },
  nxJsonConfiguration: {},
  projectGraph: { nodes: {}, dependencies: {} },
});

/** A workspace on disk, a double with the bootstrap token setup.sh creates, and a way to run the executor. */
export async function bootstrapHarness(options: SentryApiDoubleOptions = {}): Promise<BootstrapHarness> {
  const sentry = await startSentryApiDouble({ tokens: { [adminToken]: bootstrapTokenScopes }, ...options });
  const root = mkdtempSync(join(tmpdir(), 'sentry-bootstrap-'));
  const writeState = (state: unknown) => {
    const path = join(root, infraRoot, 'sentry-bootstrap.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(state, null, 2));
  };
  writeState(seedBootstrapState);

  async function run(
    executorOptions: BootstrapExecutorSchema = {},
    env: Record<string, string | undefined> = { SENTRY_URL: sentry.url, SENTRY_AUTH_TOKEN: adminToken },
  ): Promise<BootstrapRun> {
    const saved = {
      SENTRY_URL: process.env['SENTRY_URL'],
      SENTRY_AUTH_TOKEN: process.env['SENTRY_AUTH_TOKEN'],
    };
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    for (const [name, value] of Object.entries({ ...saved, ...env }))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    try {
      const { success } = await bootstrapExecutor(executorOptions, context(root));
      return {
        success,
        output: info.mock.calls.map((call) => call.join(' ')).join('\n'),
        errors: error.mock.calls.map((call) => call.join(' ')).join('\n'),
      };
    } finally {
      info.mockRestore();
      error.mockRestore();
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  }

  return {
    sentry,
    root,
    writeState,
    read: (pathFromRoot) => readFileSync(join(root, pathFromRoot), 'utf-8'),
    writesSince: (from) =>
      sentry.requests
        .slice(from)
        .filter(({ method }) => method !== 'GET')
        .map(({ method, path, status }) => `${method} ${path} ${status}`),
    run,
    dispose: async () => {
      await sentry.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
