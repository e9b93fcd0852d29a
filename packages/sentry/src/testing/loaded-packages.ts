import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The workspace root, where `@swc-node/register` and the packages resolve. */
const workspaceRoot = join(__dirname, '..', '..', '..', '..');

/** The files a fresh Node process has loaded after requiring `entry` (through the TypeScript register hook). */
export function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: workspaceRoot,
    encoding: 'utf-8',
  });
  return JSON.parse(output) as string[];
}

/** The packages of `names` among the modules a fresh process loads with `entry`, sorted. */
export function packagesLoadedBy(entry: string, names: readonly string[]): string[] {
  const loaded = new Set(
    modulesLoadedBy(entry).map(
      (path) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path.replaceAll('\\', '/'))?.[1],
    ),
  );
  return names.filter((name) => loaded.has(name)).sort();
}
