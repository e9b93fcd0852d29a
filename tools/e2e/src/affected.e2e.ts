import { nxTestedVersions } from '@fundamental/sentry';
import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './harness/paths';
import { run } from './harness/run';
import { TestWorkspace } from './harness/test-workspace';

/** The newest supported Nx: what a workspace created today runs. */
const nxVersion = nxTestedVersions[nxTestedVersions.length - 1];

describe(`nx affected -t deploy on the generated stack (Nx ${nxVersion})`, () => {
  let workspace: TestWorkspace;
  const git = (...args: string[]) => run('git', args, workspace.root).stdout;
  /** Projects with a deploy target that the uncommitted change affects, as CI's nx affected would see them. */
  const affected = (...options: string[]): string[] =>
    JSON.parse(workspace.nx('show', 'projects', '--affected', '--base=HEAD', ...options, '--json').stdout);
  const touch = (path: string) => appendFileSync(join(workspace.root, path), '\n# touched by the e2e test\n');
  /** Projects of the stack whose project.json declares a dependency on `project`. */
  const dependentsOf = (project: string): string[] =>
    readdirSync(join(workspace.root, 'infra/sentry'), { recursive: true, encoding: 'utf-8' })
      .filter((path) => path.endsWith('project.json'))
      .map((path) =>
        workspace.readJson<{ name: string; implicitDependencies?: string[] }>(`infra/sentry/${path}`),
      )
      .filter(({ implicitDependencies }) => implicitDependencies?.includes(project))
      .map(({ name }) => name);

  beforeAll(() => {
    workspace = TestWorkspace.create('affected', { nxVersion });
    workspace.installPlugin();
    workspace.nx('g', '@fundamental/sentry:init');
    workspace.nx(
      'g',
      '@fundamental/sentry:infra',
      '--domain=sentry.academind.ir',
      '--adminEmail=admin@academind.ir',
      '--no-interactive',
    );
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'e2e');
    git('config', 'user.email', 'e2e@academind.ir');
    git('add', '--all');
    git('commit', '--quiet', '--message=Self-hosted Sentry stack');
  });
  afterEach(() => git('checkout', '--', '.'));
  afterAll(() => workspace.dispose());

  it('deploys nothing while nothing changed', () => {
    expect(affected('-t', 'deploy')).toEqual([]);
  });

  it('deploys exactly ClickHouse when its manifests change', () => {
    touch('infra/sentry/components/clickhouse/manifests.yaml');
    expect(affected('-t', 'deploy')).toEqual(['sentry-clickhouse']);
  });

  it('deploys exactly the projects that mount sentry.conf.py when it changes', () => {
    touch('infra/sentry/config/sentry/sentry.conf.py');
    const deployed = affected('-t', 'deploy');

    expect(deployed.sort()).toEqual(dependentsOf('sentry-config-sentry').sort());
    expect(deployed).toEqual(
      expect.arrayContaining([
        'sentry-web',
        'sentry-events-consumer',
        'sentry-taskworker',
        'sentry-taskscheduler',
      ]),
    );
    for (const untouched of ['sentry-clickhouse', 'sentry-relay', 'sentry-kafka', 'sentry-infra'])
      expect(deployed).not.toContain(untouched);
    // The configuration project itself is affected, but as a Kustomize Component it has nothing to deploy.
    expect(affected()).toContain('sentry-config-sentry');
    expect(deployed).not.toContain('sentry-config-sentry');
  });

  it('runs the workflow’s sentry-sourcemaps step without failing while no project has that target', () => {
    touch('infra/sentry/config/sentry/sentry.conf.py');
    expect(() => workspace.nx('affected', '-t', 'sentry-sourcemaps', '--base=HEAD')).not.toThrow();
  });

  it("lets dotnet-app register its Sentry project, with the origin's GitHub repository, in the stack's state", () => {
    // A team's API beside the stack; the workspace's origin is on GitHub.
    cpSync(join(repoRoot, 'tools', 'dotnet-fixtures', 'minimal-api'), join(workspace.root, 'apps', 'api'), {
      recursive: true,
    });
    workspace.write('apps/api/project.json', JSON.stringify({ name: 'api', root: 'apps/api' }));
    git('remote', 'add', 'origin', 'git@github.com:acme/shop.git');
    const state = () =>
      workspace.readJson<{
        organization: { slug: string };
        projects: { slug: string; platform: string }[];
        github: { repositories: string[]; codeMappings: { project: string; repository: string }[] };
      }>('infra/sentry/sentry-bootstrap.json');
    expect(state().projects).toEqual([]);

    workspace.nx('g', '@fundamental/sentry:dotnet-app', 'api', '--profiling=false', '--no-interactive');

    const { organization, projects, github } = state();
    // No team's values: the organization comes from the workspace, the project from the app.
    expect(organization.slug).not.toBe('fundamental');
    expect(projects).toEqual([{ slug: 'api', name: 'api', platform: 'dotnet-aspnetcore' }]);
    expect(github.repositories).toEqual(['acme/shop']);
    // The .NET SDK names frames from the project's folder: the mapping's source root is that folder.
    expect(github.codeMappings).toEqual([
      {
        project: 'api',
        repository: 'acme/shop',
        stackRoot: '',
        sourceRoot: 'apps/api/',
        defaultBranch: 'main',
      },
    ]);
  });
});
