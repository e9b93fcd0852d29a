import { type ExecutorContext, logger } from '@nx/devkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapExecutor } from './bootstrap/bootstrap';
import replayBundleExecutor from './replay-bundle/replay-bundle';
import sourcemapsExecutor from './sourcemaps/sourcemaps';

type Run = (context: ExecutorContext) => Promise<{ success: boolean }>;

/** Each executor with an input it refuses, the message that says so, and the file that throws it. */
const executors: [string, Run, string, string][] = [
  [
    'bootstrap',
    (context) => bootstrapExecutor({ adopt: true, prune: true }, context),
    '@fundamental/sentry:bootstrap failed: Invalid --prune true: expected false with --adopt',
    'normalize-options.ts',
  ],
  [
    'sourcemaps',
    (context) =>
      sourcemapsExecutor({ outputPath: 'dist/web/browser', releasePath: 'dist/release/web' }, context),
    'dist/web/browser does not exist: build the app in production first',
    'sourcemaps.ts',
  ],
  [
    'replay-bundle',
    (context) =>
      replayBundleExecutor({ entry: 'apps/web/src/sentry-replay.ts', outputPath: 'dist/replay' }, context),
    'entry apps/web/src/sentry-replay.ts does not exist',
    'replay-bundle.ts',
  ],
];

describe('what a failing executor prints', () => {
  let root: string;
  let errors: string[];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fundamental-sentry-executor-'));
    errors = [];
    jest.spyOn(logger, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(executors)('%s: the one-line message without --verbose', async (_, run, message) => {
    expect(await run({ root, isVerbose: false } as ExecutorContext)).toEqual({ success: false });
    expect(errors).toEqual([expect.stringContaining(message)]);
    expect(errors[0]).not.toContain('\n');
  });

  it.each(executors)(
    '%s: the message and its stack trace with --verbose',
    async (_, run, message, thrownIn) => {
      expect(await run({ root, isVerbose: true } as ExecutorContext)).toEqual({ success: false });
      expect(errors).toEqual([expect.stringContaining(message)]);
      expect(errors[0]).toMatch(new RegExp(`\\n +at .*${thrownIn.replace('.', '\\.')}:\\d+`));
    },
  );
});
