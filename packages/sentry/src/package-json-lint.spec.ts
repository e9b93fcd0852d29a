import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const packageRoot = join(__dirname, '..');
const workspaceRoot = join(packageRoot, '..', '..');

/**
 * The package's ESLint config (the one `nx lint sentry` uses) run on each text as packages/sentry/package.json,
 * in a fresh process: the config is an ES module, and @nx/dependency-checks reads the project graph, computed
 * first so the check never skips itself for want of a cached graph.
 */
function lintPackageJson(texts: string[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    import devkit from '@nx/devkit';
    await devkit.createProjectGraphAsync({ exitOnError: false });
    const eslint = new ESLint({ overrideConfigFile: 'packages/sentry/eslint.config.mjs' });
    const results = [];
    for (const text of JSON.parse(process.argv[1])) {
      const [result] = await eslint.lintText(text, { filePath: 'packages/sentry/package.json' });
      results.push(result.messages.map((message) => message.ruleId + ': ' + message.message));
    }
    console.log(JSON.stringify(results));`;
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(texts)],
    { cwd: workspaceRoot, encoding: 'utf-8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  return JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as string[][];
}

const packageJson = () =>
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf-8')) as {
    dependencies: Record<string, string>;
  };
const asText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('package.json lint (@nx/dependency-checks)', () => {
  it('accepts the declared dependencies, and fails on an import of an undeclared package or an unused one', () => {
    const withoutSemver = packageJson();
    delete withoutSemver.dependencies['semver'];
    const withUnused = packageJson();
    withUnused.dependencies['left-pad'] = '^1.3.0';

    const [current, missing, unused] = lintPackageJson([
      asText(packageJson()),
      asText(withoutSemver),
      asText(withUnused),
    ]);

    expect(current).toEqual([]);
    // semver is imported by the angular-app generator: the import once shipped undeclared.
    expect(missing).toEqual([expect.stringMatching(/^@nx\/dependency-checks: .*missing[\s\S]*- semver/)]);
    expect(unused).toEqual([
      expect.stringMatching(/^@nx\/dependency-checks: The "left-pad" package is not used/),
    ]);
  }, 120_000);
});
