import { readJson, readNxJson, Tree, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { pluginVersion } from '../../versions';
import { initGenerator } from './init';

const pluginEntries = (tree: Tree) =>
  (readNxJson(tree)?.plugins ?? []).filter((entry) =>
    (typeof entry === 'string' ? entry : entry.plugin).startsWith('@fundamental/sentry'),
  );
const defaultEntry = {
  plugin: '@fundamental/sentry/plugin',
  options: { deployTargetName: 'deploy', diffTargetName: 'diff' },
};

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => (tree = createTreeWithEmptyWorkspace()));

  it('registers the graph entry in a fresh workspace and records the package as a devDependency', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(pluginEntries(tree)).toEqual([defaultEntry]);
    expect(readJson(tree, 'package.json').devDependencies['@fundamental/sentry']).toBe(pluginVersion);
  });

  it('changes nothing when run a second time', async () => {
    await initGenerator(tree, { skipFormat: true });
    const nxJson = tree.read('nx.json', 'utf-8');
    const packageJson = tree.read('package.json', 'utf-8');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('nx.json', 'utf-8')).toBe(nxJson);
    expect(tree.read('package.json', 'utf-8')).toBe(packageJson);
    expect(pluginEntries(tree)).toHaveLength(1);
  });

  it('moves a string registration of the package to the graph entry, in its place', async () => {
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['@fundamental/sentry', '@nx/js'] });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(['@fundamental/sentry/plugin', '@nx/js']);
  });

  it('moves an object registration of the package to the graph entry with its options', async () => {
    const options = { deployTargetName: 'ship', kubectl: ['microk8s', 'kubectl'] };
    updateNxJson(tree, { ...readNxJson(tree), plugins: [{ plugin: '@fundamental/sentry', options }] });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: '@fundamental/sentry/plugin', options }]);
  });

  it('keeps a registration of the graph entry and its options', async () => {
    const entry = { plugin: '@fundamental/sentry/plugin', options: { deployTargetName: 'ship' } };
    updateNxJson(tree, { ...readNxJson(tree), plugins: [entry] });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([entry]);
  });

  it('adds no inference plugin where nx.json sets useInferencePlugins to false', async () => {
    updateNxJson(tree, { ...readNxJson(tree), useInferencePlugins: false });
    await initGenerator(tree, { skipFormat: true });
    expect(pluginEntries(tree)).toEqual([]);
  });

  describe('with NX_ADD_PLUGINS=false', () => {
    beforeEach(() => (process.env['NX_ADD_PLUGINS'] = 'false'));
    afterEach(() => delete process.env['NX_ADD_PLUGINS']);

    it('adds no inference plugin', async () => {
      await initGenerator(tree, { skipFormat: true });
      expect(pluginEntries(tree)).toEqual([]);
    });

    it('adds it when asked with --addPlugin', async () => {
      await initGenerator(tree, { addPlugin: true, skipFormat: true });
      expect(pluginEntries(tree)).toEqual([defaultEntry]);
    });
  });

  it('keeps a dependency that nx add wrote as a tarball path', async () => {
    tree.write('package.json', JSON.stringify({ devDependencies: { '@fundamental/sentry': 'file:x.tgz' } }));
    await initGenerator(tree, { skipFormat: true });
    expect(readJson(tree, 'package.json').devDependencies['@fundamental/sentry']).toBe('file:x.tgz');
  });

  it('leaves package.json alone with skipPackageJson', async () => {
    const before = tree.read('package.json', 'utf-8');
    await initGenerator(tree, { skipFormat: true, skipPackageJson: true });
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

describe('init generator in a workspace whose Kubernetes folders have deploy targets already', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write(
      'k8s/project.json',
      JSON.stringify({ name: 'k8s', targets: { deploy: { command: 'helm upgrade' } } }),
    );
    tree.write('k8s/kustomization.yaml', 'kind: Kustomization\nresources: []\n');
    tree.write(
      'ops/project.json',
      JSON.stringify({ name: 'ops', targets: { diff: { command: 'git diff' } } }),
    );
    tree.write('ops/kustomization.yaml', 'kind: Kustomization\nresources: []\n');
  });

  it('registers the plugin with target names that leave the existing ones alone', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(pluginEntries(tree)).toEqual([
      {
        plugin: '@fundamental/sentry/plugin',
        options: { deployTargetName: 'k8s-deploy', diffTargetName: 'k8s-diff' },
      },
    ]);
  });
});

describe('init generator in the plugin’s own repository', () => {
  it('does not add itself as a dependency where its source is a workspace project', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('packages/sentry/project.json', JSON.stringify({ name: 'sentry', root: 'packages/sentry' }));
    tree.write('packages/sentry/package.json', JSON.stringify({ name: '@fundamental/sentry' }));
    await initGenerator(tree, { skipFormat: true });
    expect(readJson(tree, 'package.json').devDependencies?.['@fundamental/sentry']).toBeUndefined();
    expect(pluginEntries(tree)).toHaveLength(1);
  });
});
