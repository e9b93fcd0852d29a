import { type ExecutorContext, logger } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import replayBundleExecutor from './replay-bundle';

/**
 * A workspace with the repository's real esbuild and a stand-in SDK package shaped like @sentry/browser:
 * development/production builds behind export conditions, debug code behind `__SENTRY_DEBUG__`, and an
 * index that also re-exports code the replay module does not use.
 */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'sentry-replay-bundle-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'acme', private: true, type: 'module' }),
    'node_modules/fake-sdk/package.json': JSON.stringify({
      name: 'fake-sdk',
      sideEffects: false,
      exports: { '.': { production: './prod.js', development: './dev.js', default: './dev.js' } },
    }),
    'node_modules/fake-sdk/prod.js':
      "export { replayIntegration } from './replay.js';\nexport function tracing() { return 'TRACING_CODE'; }\n",
    'node_modules/fake-sdk/dev.js': "export const replayIntegration = () => 'DEVELOPMENT_BUILD';\n",
    'node_modules/fake-sdk/replay.js':
      "export function replayIntegration() {\n  if (typeof __SENTRY_DEBUG__ === 'undefined' || __SENTRY_DEBUG__) console.log('DEBUG_LOGGING');\n  return { name: 'Replay' };\n}\n",
    'apps/web/src/sentry-replay.ts': "export { replayIntegration } from 'fake-sdk';\n",
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  symlinkSync(dirname(require.resolve('esbuild/package.json')), join(root, 'node_modules/esbuild'));
  return root;
}

const context = (root: string) => ({ root }) as ExecutorContext;
const options = { entry: 'apps/web/src/sentry-replay.ts', outputPath: 'dist/sentry-replay/apps/web' };

describe('replay-bundle executor', () => {
  let root: string;
  let errors: string[];
  beforeEach(() => {
    root = workspace();
    errors = [];
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    jest.spyOn(logger, 'error').mockImplementation((message) => errors.push(String(message)));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  const output = () => join(root, options.outputPath, 'sentry-replay.js');

  it('writes one ES module exporting replayIntegration, built from the production condition', async () => {
    expect(await replayBundleExecutor(options, context(root))).toEqual({ success: true });
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(output())}); console.log(JSON.stringify(m.replayIntegration()));`,
      ],
      { encoding: 'utf-8' },
    );
    expect(JSON.parse(loaded)).toEqual({ name: 'Replay' });
  });

  it('applies the tree-shaking flags and keeps unused exports of the SDK out', async () => {
    await replayBundleExecutor(options, context(root));
    const code = readFileSync(output(), 'utf-8');
    expect(code).not.toContain('DEBUG_LOGGING');
    expect(code).not.toContain('TRACING_CODE');
    expect(code).not.toContain('DEVELOPMENT_BUILD');
  });

  it('writes a hidden source map: the map exists, the bundle does not point at it', async () => {
    await replayBundleExecutor(options, context(root));
    expect(existsSync(`${output()}.map`)).toBe(true);
    expect(readFileSync(output(), 'utf-8')).not.toContain('sourceMappingURL');
  });

  it('fails with the entry named when the replay module is missing', async () => {
    rmSync(join(root, options.entry));
    expect(await replayBundleExecutor(options, context(root))).toEqual({ success: false });
    expect(errors.join('\n')).toContain('entry apps/web/src/sentry-replay.ts does not exist');
    expect(existsSync(output())).toBe(false);
  });

  it('says how to get esbuild when the workspace has none', async () => {
    rmSync(join(root, 'node_modules/esbuild'));
    expect(await replayBundleExecutor(options, context(root))).toEqual({ success: false });
    expect(errors.join('\n')).toContain('esbuild is not installed in this workspace');
  });
});
