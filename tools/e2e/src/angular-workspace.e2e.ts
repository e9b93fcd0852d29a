import { nxTestedVersions } from '@fundamental/sentry';
import { TestWorkspace } from './harness/test-workspace';
import { angularAppName } from './harness/workspace-spec';

const currentNx = nxTestedVersions[nxTestedVersions.length - 1];

describe(`the harness's Angular workspace (Nx ${currentNx})`, () => {
  let workspace: TestWorkspace;
  beforeAll(() => {
    workspace = TestWorkspace.create('angular', { nxVersion: currentNx, angularApp: true });
    workspace.installPlugin();
  });

  it('holds an Angular app that still builds for production once the plugin is registered', () => {
    workspace.nx('g', '@fundamental/sentry:init');
    const project = JSON.parse(workspace.nx('show', 'project', angularAppName, '--json').stdout);
    expect(project.targets.build.executor).toMatch(/^@angular|^@nx\/angular/);

    workspace.nx('build', angularAppName, '--configuration=production');
    expect(workspace.read(`dist/apps/${angularAppName}/browser/index.html`)).toContain('<app-root');
  });

  afterAll(() => workspace.dispose());
});
