import { nxTestedVersions } from '@fundamental/sentry';
import { TestWorkspace } from './harness/test-workspace';

type NxJson = { plugins?: Array<string | { plugin: string }> };
/** The graph plugin's own light entry is what nx.json names (the package's main module loads the generators). */
const registrations = (nxJson: NxJson) =>
  (nxJson.plugins ?? []).filter(
    (entry) => (typeof entry === 'string' ? entry : entry.plugin) === '@fundamental/sentry/plugin',
  );

describe.each(nxTestedVersions)('init from the packed plugin in a fresh Nx %s workspace', (nxVersion) => {
  let workspace: TestWorkspace;
  beforeAll(() => {
    workspace = TestWorkspace.create('init', { nxVersion });
    workspace.installPlugin();
  });

  it('registers the plugin once, and a second run changes nothing', () => {
    workspace.nx('g', '@fundamental/sentry:init');
    expect(registrations(workspace.readJson<NxJson>('nx.json'))).toHaveLength(1);
    const nxJson = workspace.read('nx.json');
    const packageJson = workspace.read('package.json');

    workspace.nx('g', '@fundamental/sentry:init');
    expect(workspace.read('nx.json')).toBe(nxJson);
    expect(workspace.read('package.json')).toBe(packageJson);
  });

  it('keeps the installed tarball reference in package.json', () => {
    const { devDependencies } = workspace.readJson<{ devDependencies: Record<string, string> }>(
      'package.json',
    );
    expect(devDependencies['@fundamental/sentry']).toMatch(/^file:.*fundamental-sentry-.*\.tgz$/);
  });

  it('loads as a registered plugin when Nx builds the project graph', () => {
    expect(() => workspace.nx('show', 'projects')).not.toThrow();
  });

  it('refuses a bad option by name and writes nothing', () => {
    const nxJson = workspace.read('nx.json');
    expect(() => workspace.nx('g', '@fundamental/sentry:init', '--skipFormat=maybe')).toThrow(/skipFormat/);
    expect(workspace.read('nx.json')).toBe(nxJson);
  });

  afterAll(() => workspace.dispose());
});
