import { join } from 'node:path';
import * as entry from '../plugin';
import { modulesLoadedBy } from './testing/loaded-packages';

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
