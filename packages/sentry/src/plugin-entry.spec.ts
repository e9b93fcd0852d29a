import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as entry from '../plugin';

/** The packages a fresh Node process has loaded after requiring `entry` (through the TypeScript register hook). */
function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: join(__dirname, '..', '..', '..'),
    encoding: 'utf-8',
  });
  return JSON.parse(output) as string[];
}

describe('the graph plugin entry (@fundamental/sentry/plugin)', () => {
  it('loads none of the heavy dependencies of the generators and executors', () => {
    const loaded = modulesLoadedBy(join(__dirname, '..', 'plugin.ts'));
    expect(
      loaded.filter((path) => /node_modules[\\/](ts-morph|web-tree-sitter|saxes)[\\/]/.test(path)),
    ).toEqual([]);
    expect(loaded.filter((path) => path.includes(`${join('sentry', 'src', 'generators')}`))).toEqual([]);
  });

  it('exports the inference under both names Nx calls', () => {
    expect(entry.createNodesV2).toBe(entry.createNodes);
    expect(entry.createNodes[0]).toBe('**/kustomization.yaml');
  });
});
