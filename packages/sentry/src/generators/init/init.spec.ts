import { readJson, readNxJson, Tree, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { pluginVersion } from '../../versions';
import { initGenerator } from './init';

const pluginEntries = (tree: Tree) =>
  (readNxJson(tree)?.plugins ?? []).filter(
    (entry) => (typeof entry === 'string' ? entry : entry.plugin) === '@fundamental/sentry',
  );

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => (tree = createTreeWithEmptyWorkspace()));

  it('registers the plugin in a fresh workspace and records it as a devDependency', async () => {
    await initGenerator(tree, {});
    expect(pluginEntries(tree)).toEqual([{ plugin: '@fundamental/sentry', options: {} }]);
    expect(readJson(tree, 'package.json').devDependencies['@fundamental/sentry']).toBe(pluginVersion);
  });

  it('changes nothing when run a second time', async () => {
    await initGenerator(tree, {});
    const nxJson = tree.read('nx.json', 'utf-8');
    const packageJson = tree.read('package.json', 'utf-8');
    await initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf-8')).toBe(nxJson);
    expect(tree.read('package.json', 'utf-8')).toBe(packageJson);
    expect(pluginEntries(tree)).toHaveLength(1);
  });

  it('keeps an existing string registration as it is', async () => {
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['@nx/js', '@fundamental/sentry'] });
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/js', '@fundamental/sentry']);
  });

  it('keeps an existing object registration and its options', async () => {
    const entry = { plugin: '@fundamental/sentry', options: { deployTargetName: 'ship' } };
    updateNxJson(tree, { ...readNxJson(tree), plugins: [entry] });
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual([entry]);
  });

  it('keeps a dependency that nx add wrote as a tarball path', async () => {
    tree.write('package.json', JSON.stringify({ devDependencies: { '@fundamental/sentry': 'file:x.tgz' } }));
    await initGenerator(tree, {});
    expect(readJson(tree, 'package.json').devDependencies['@fundamental/sentry']).toBe('file:x.tgz');
  });

  it('leaves package.json alone with skipPackageJson', async () => {
    const before = tree.read('package.json', 'utf-8');
    await initGenerator(tree, { skipPackageJson: true });
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });

  it('refuses a non-boolean option by name before writing anything', async () => {
    const before = tree.listChanges().map((change) => [change.path, change.content?.toString()]);
    await expect(initGenerator(tree, { skipFormat: 'yes' as unknown as boolean })).rejects.toThrow(
      'Invalid --skipFormat "yes": expected true or false.',
    );
    expect(tree.listChanges().map((change) => [change.path, change.content?.toString()])).toEqual(before);
  });
});

describe('init generator in the plugin’s own repository', () => {
  it('does not add itself as a dependency where its source is a workspace project', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('packages/sentry/project.json', JSON.stringify({ name: 'sentry', root: 'packages/sentry' }));
    tree.write('packages/sentry/package.json', JSON.stringify({ name: '@fundamental/sentry' }));
    await initGenerator(tree, {});
    expect(readJson(tree, 'package.json').devDependencies?.['@fundamental/sentry']).toBeUndefined();
    expect(pluginEntries(tree)).toHaveLength(1);
  });
});
