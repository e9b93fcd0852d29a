import { readNxJson, Tree, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { satisfies } from 'semver';
import { parse } from 'yaml';
import { ciSentryCliVersion, sentryCliVersion } from '../../versions';
import { ciGenerator } from './ci';
import type { CiGeneratorSchema } from './schema';

const workflowPath = '.github/workflows/ci-cd.yaml';

type Step = {
  name?: string;
  'continue-on-error'?: boolean;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};
type Job = Record<string, unknown> & { steps: Step[] };
type Workflow = { name?: string; on: Record<string, unknown>; jobs: Record<string, Job> };

/** A workflow as a user of the seed might have it: their own job, their comments, their quoting. */
const userWorkflow = `# Our pipeline. Keep this comment.
name: Fundamental CI

on:
  push:
    branches: [main, release]
  workflow_dispatch: {}

jobs:
  # Backend tests, ours.
  backend:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4 # pinned by us
      - name: Test the backend
        run: dotnet test Fundamental.Backend.sln
      # Publish step kept for the ops team.
      - name: "Publish"
        run: echo "publish"
`;

const read = (tree: Tree, path = workflowPath) => tree.read(path, 'utf-8') ?? '';
const workflowOf = (tree: Tree, path = workflowPath) => parse(read(tree, path)) as Workflow;
const stepNames = (job: Job) => job.steps.map((step) => step.name);
const runLines = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => step.run ?? []));

/** Prettier cannot load inside jest (an ES module); the e2e suite runs the generator with it. */
async function generate(tree: Tree, options: CiGeneratorSchema = {}): Promise<string> {
  await ciGenerator(tree, { skipFormat: true, ...options });
  return read(tree);
}

describe('ci generator', () => {
  let tree: Tree;
  beforeEach(() => (tree = createTreeWithEmptyWorkspace()));

  describe('in a workspace without a workflow', () => {
    let workflow: Workflow;
    beforeEach(async () => {
      await generate(tree);
      workflow = workflowOf(tree);
    });

    it('runs on pushes to main and on pull requests into it', () => {
      expect(workflow.on).toEqual({ push: { branches: ['main'] }, pull_request: { branches: ['main'] } });
    });

    it('lints, tests and builds what changed, with the full history and the affected range', () => {
      const job = workflow.jobs['nx-affected'];
      expect(job.steps.slice(0, 4)).toEqual([
        { name: 'Check out the repository', uses: 'actions/checkout@v6', with: { 'fetch-depth': 0 } },
        // Node 22: Node 20 reached its end of life on 2026-04-30.
        { name: 'Set up Node', uses: 'actions/setup-node@v6', with: { 'node-version': '22', cache: 'npm' } },
        { name: 'Install dependencies', run: 'npm ci' },
        {
          name: 'Find the commits nx affected compares',
          uses: 'nrwl/nx-set-shas@v5',
          with: { 'main-branch-name': 'main' },
        },
      ]);
      expect(job.steps[4].run).toBe('npx nx affected -t lint test build');
      expect(job.permissions).toEqual({ contents: 'read', actions: 'read' });
    });

    it('deploys and releases on pushes to main only, in order, one run at a time', () => {
      const job = workflow.jobs['nx-deploy'];
      expect(job).toMatchObject({
        needs: 'nx-affected',
        if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
        environment: 'production',
        concurrency: { group: 'deploy-production', 'cancel-in-progress': false },
      });
      expect(stepNames(job).slice(4)).toEqual([
        'Name the Sentry release',
        'Create the Sentry release',
        'Build affected projects',
        'Upload source maps of affected apps',
        'Upload .NET symbols and sources',
        'Connect to the cluster',
        'Deploy affected projects',
        'Finalize the Sentry release and record the deploy',
      ]);
      const script = job.steps.map((step) => step.run ?? '').join('\n');
      for (const command of [
        'releases new "$SENTRY_RELEASE"',
        'releases set-commits "$SENTRY_RELEASE" --auto',
        'npx nx affected -t sentry-sourcemaps',
        'debug-files upload --include-sources',
        'npx nx affected -t deploy',
        'releases finalize "$SENTRY_RELEASE"',
        'deploys new --release "$SENTRY_RELEASE" --env "$SENTRY_ENVIRONMENT"',
      ])
        expect(script).toContain(command);
      expect(script).toContain(`npx --yes @sentry/cli@${ciSentryCliVersion} `);
    });

    it('passes secrets only through env, never into a script', () => {
      expect(runLines(workflow).join('\n')).not.toContain('${{');
      const deploy = workflow.jobs['nx-deploy'];
      expect(deploy.env).toEqual({
        SENTRY_URL: '${{ secrets.SENTRY_URL }}',
        SENTRY_ORG: '${{ secrets.SENTRY_ORG }}',
      });
      const tokens = deploy.steps.filter((step) => step.env?.SENTRY_AUTH_TOKEN).map((step) => step.name);
      expect(tokens).toEqual([
        'Create the Sentry release',
        'Upload source maps of affected apps',
        'Upload .NET symbols and sources',
        'Finalize the Sentry release and record the deploy',
      ]);
      expect(deploy.steps.find((step) => step.name === 'Connect to the cluster')?.env).toEqual({
        KUBECONFIG_B64: '${{ secrets.KUBECONFIG_B64 }}',
      });
      expect(read(tree)).toContain('# - KUBECONFIG_B64: the kubeconfig of the cluster');
    });
  });

  it('is byte-identical when run again, fresh or on an edited workflow', async () => {
    const fresh = await generate(tree);
    expect(await generate(tree)).toBe(fresh);

    tree.write(workflowPath, userWorkflow);
    const merged = await generate(tree, { deployVia: 'ssh' });
    expect(merged).not.toBe(userWorkflow);
    expect(await generate(tree, { deployVia: 'ssh' })).toBe(merged);
  });

  it('brings the comment above an unchanged step of ours up to date', async () => {
    const fresh = await generate(tree);
    tree.write(
      workflowPath,
      fresh.replace(
        '# Full history: nx affected',
        '# An older explanation.\n      # Full history: nx affected',
      ),
    );
    expect(await generate(tree)).toBe(fresh);
  });

  it('keeps the user’s job, steps, triggers and comments when it updates their workflow', async () => {
    tree.write(workflowPath, userWorkflow);
    const text = await generate(tree);
    for (const kept of [
      '# Our pipeline. Keep this comment.',
      '# Backend tests, ours.',
      '- uses: actions/checkout@v4 # pinned by us',
      '# Publish step kept for the ops team.',
      '- name: "Publish"',
      'branches: [main, release]',
      'workflow_dispatch: {}',
    ])
      expect(text).toContain(kept);
    const workflow = parse(text) as Workflow;
    expect(workflow.name).toBe('Fundamental CI');
    expect(Object.keys(workflow.jobs)).toEqual(['backend', 'nx-affected', 'nx-deploy']);
    expect(stepNames(workflow.jobs.backend)).toEqual([undefined, 'Test the backend', 'Publish']);
    expect(workflow.on).toEqual({
      push: { branches: ['main', 'release'] },
      workflow_dispatch: {},
      pull_request: { branches: ['main'] },
    });
  });

  it('keeps steps the user added to its jobs, in place, and their runner', async () => {
    await generate(tree);
    const added = `      - name: Notify the team\n        run: ./notify.sh\n`;
    const edited = read(tree)
      .replace('runs-on: ubuntu-latest', 'runs-on: [self-hosted, microk8s]')
      .replace(/( {6}- name: Deploy affected projects\n.*\n)/, `$1${added}`);
    tree.write(workflowPath, edited);
    await generate(tree, { nodeVersion: 22 });
    const job = workflowOf(tree).jobs['nx-affected'];
    expect(job['runs-on']).toEqual(['self-hosted', 'microk8s']);
    expect(job.steps[1].with?.['node-version']).toBe('22');
    expect(stepNames(workflowOf(tree).jobs['nx-deploy']).slice(-3)).toEqual([
      'Deploy affected projects',
      'Notify the team',
      'Finalize the Sentry release and record the deploy',
    ]);
  });

  it('follows another main branch and environment everywhere they appear', async () => {
    await generate(tree);
    await generate(tree, { mainBranch: 'master', environment: 'staging' });
    const workflow = workflowOf(tree);
    const deploy = workflow.jobs['nx-deploy'];
    expect(workflow.on).toEqual({
      push: { branches: ['main', 'master'] },
      pull_request: { branches: ['main', 'master'] },
    });
    expect(deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/master'");
    expect(deploy.environment).toBe('staging');
    expect(deploy.steps[3].with?.['main-branch-name']).toBe('master');
    expect(deploy.steps.at(-1)?.env?.SENTRY_ENVIRONMENT).toBe('staging');
  });

  it('reaches the cluster over SSH with the host key checked', async () => {
    await generate(tree, { deployVia: 'ssh' });
    const connect = workflowOf(tree).jobs['nx-deploy'].steps.find(
      (step) => step.name === 'Connect to the cluster',
    );
    expect(Object.keys(connect?.env ?? {})).toEqual([
      'MICROK8S_SSH_HOST',
      'MICROK8S_SSH_USER',
      'MICROK8S_SSH_KEY',
      'MICROK8S_SSH_KNOWN_HOSTS',
    ]);
    expect(connect?.run).toContain('StrictHostKeyChecking=yes');
    expect(connect?.run).toContain('-L 16443:127.0.0.1:16443 -- "$target"');
    expect(connect?.run).toContain('microk8s config');
  });

  describe('parts turned off', () => {
    it.each<[keyof CiGeneratorSchema, string[]]>([
      ['deploy', ['Connect to the cluster', 'Deploy affected projects']],
      ['release', ['Create the Sentry release', 'Finalize the Sentry release and record the deploy']],
      ['sourcemaps', ['Upload source maps of affected apps']],
      ['symbols', ['Upload .NET symbols and sources']],
    ])('--no-%s leaves out its steps, also from an earlier run', async (part, steps) => {
      await generate(tree);
      await generate(tree, { [part]: false });
      const names = stepNames(workflowOf(tree).jobs['nx-deploy']);
      for (const step of steps) expect(names).not.toContain(step);
      expect(names).toContain('Check out the repository');
    });

    it('leaves out Sentry entirely when only deploying', async () => {
      const text = await generate(tree, { release: false, sourcemaps: false, symbols: false });
      expect(text).not.toMatch(/sentry-cli|sentry-sourcemaps|SENTRY_/);
      expect(stepNames(workflowOf(tree).jobs['nx-deploy']).slice(4)).toEqual([
        'Connect to the cluster',
        'Deploy affected projects',
      ]);
    });

    it('has no deploy job when every part is off, and removes the one of an earlier run', async () => {
      await generate(tree);
      const off = { deploy: false, release: false, sourcemaps: false, symbols: false };
      await generate(tree, off);
      expect(Object.keys(workflowOf(tree).jobs)).toEqual(['nx-affected']);
    });
  });

  describe('bad options', () => {
    it.each<[string, CiGeneratorSchema]>([
      ['workflowFile', { workflowFile: '../../evil.yaml' }],
      ['workflowFile', { workflowFile: 'ci.json' }],
      ['workflowDirectory', { workflowDirectory: '../elsewhere' }],
      ['mainBranch', { mainBranch: "main' || true" }],
      ['mainBranch', { mainBranch: 'feature/*' }],
      ['mainBranch', { mainBranch: 'a..b' }],
      ['environment', { environment: 'prod$(id)' }],
      ['environment', { environment: 'prod/eu' }],
      ['nodeVersion', { nodeVersion: '18' }],
      ['nodeVersion', { nodeVersion: '20; curl x' }],
      ['nodeVersion', { nodeVersion: 20.1 }],
      ['deployVia', { deployVia: 'ftp' as 'ssh' }],
      ['symbols', { symbols: 'yes' as unknown as boolean }],
    ])('refuses a bad --%s by name and writes nothing', async (option, options) => {
      tree.write(workflowPath, userWorkflow);
      const before = tree.listChanges().map((change) => [change.path, change.content?.toString()]);
      await expect(ciGenerator(tree, { skipFormat: true, ...options })).rejects.toThrow(
        `Invalid --${option} `,
      );
      expect(tree.listChanges().map((change) => [change.path, change.content?.toString()])).toEqual(before);
    });

    it('leaves a workflow that is not valid YAML alone', async () => {
      tree.write(workflowPath, 'jobs: [unclosed\n');
      await expect(ciGenerator(tree, { skipFormat: true })).rejects.toThrow(
        `${workflowPath} is not valid YAML`,
      );
      expect(read(tree)).toBe('jobs: [unclosed\n');
    });
  });

  it('registers the plugin and deploys with the target name nx.json gives it', async () => {
    updateNxJson(tree, {
      ...readNxJson(tree),
      plugins: [{ plugin: '@fundamental/sentry/plugin', options: { deployTargetName: 'k8s-deploy' } }],
    });
    const workflow = await generate(tree);
    expect(workflow).toContain('npx nx affected -t k8s-deploy');
    expect(workflow).not.toMatch(/-t deploy\b/);
  });

  it('registers the plugin where nx.json lists none, so the deploy step has targets to run', async () => {
    await generate(tree);
    expect(readNxJson(tree)?.plugins).toContainEqual({
      plugin: '@fundamental/sentry/plugin',
      options: { deployTargetName: 'deploy', diffTargetName: 'diff' },
    });
  });

  it('writes the workflow file the option names, and only there', async () => {
    await generate(tree, { workflowFile: 'deploy.yml' });
    expect(tree.exists('.github/workflows/deploy.yml')).toBe(true);
    expect(tree.exists(workflowPath)).toBe(false);
  });

  it("writes into the folder --workflowDirectory names (an example kept out of GitHub's reach)", async () => {
    await generate(tree, { workflowDirectory: 'examples/.github/workflows' });
    expect(workflowOf(tree, 'examples/.github/workflows/ci-cd.yaml').jobs).toHaveProperty('nx-affected');
    expect(tree.exists(workflowPath)).toBe(false);
  });

  it('sets up the .NET SDK the projects target in both jobs, or the one global.json names', async () => {
    tree.write(
      'apps/api/Api.csproj',
      '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
    );
    tree.write(
      'Directory.Build.props',
      '<Project><PropertyGroup><TargetFrameworks>net8.0;net9.0</TargetFrameworks></PropertyGroup></Project>',
    );
    await generate(tree);
    for (const job of Object.values(workflowOf(tree).jobs))
      expect(job.steps.slice(1, 3)).toEqual([
        expect.objectContaining({ name: 'Set up Node' }),
        { name: 'Set up .NET', uses: 'actions/setup-dotnet@v5', with: { 'dotnet-version': '9.0.x' } },
      ]);
    tree.write('global.json', JSON.stringify({ sdk: { version: '10.0.100' } }));
    await generate(tree);
    expect(workflowOf(tree).jobs['nx-affected'].steps[2]).toEqual({
      name: 'Set up .NET',
      uses: 'actions/setup-dotnet@v5',
      with: { 'global-json-file': 'global.json' },
    });
  });

  it('reads the frameworks as MSBuild does: the project over its Directory.Build.props, unimported props ignored', async () => {
    tree.write(
      'apps/api/Api.csproj',
      '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFrameworks>net8.0</TargetFrameworks></PropertyGroup></Project>',
    );
    tree.write(
      'apps/Directory.Build.props',
      '<Project><PropertyGroup><TargetFrameworks>net9.0</TargetFrameworks></PropertyGroup></Project>',
    );
    tree.write(
      'tools/Directory.Build.props',
      '<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
    );
    tree.write('apps/worker/Worker.csproj', '<Project Sdk="Microsoft.NET.Sdk"></Project>');
    await generate(tree);
    expect(workflowOf(tree).jobs['nx-affected'].steps[2].with).toEqual({ 'dotnet-version': '9.0.x' });
    tree.write(
      'apps/worker/Worker.csproj',
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFrameworks></TargetFrameworks><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
    );
    await generate(tree);
    expect(workflowOf(tree).jobs['nx-affected'].steps[2].with).toEqual({ 'dotnet-version': '8.0.x' });
  });

  it('sets up no .NET where the workspace has no .NET project', async () => {
    await generate(tree);
    expect(stepNames(workflowOf(tree).jobs['nx-affected'])).not.toContain('Set up .NET');
  });

  it("installs with the flags the repository's own jobs pass to npm ci, and only safe ones", async () => {
    tree.write(
      '.github/workflows/frontend.yml',
      'jobs:\n  build:\n    runs-on: self-hosted\n    steps:\n      - run: |\n          npm ci --legacy-peer-deps --no-audit\n          npx nx build web\n',
    );
    await generate(tree);
    const installs = (job: Job) => job.steps.filter(({ name }) => name === 'Install dependencies');
    for (const job of Object.values(workflowOf(tree).jobs))
      expect(installs(job).map(({ run }) => run)).toEqual(['npm ci --legacy-peer-deps --no-audit']);

    const other = createTreeWithEmptyWorkspace();
    other.write(
      '.github/workflows/x.yml',
      'jobs:\n  a:\n    steps:\n      - run: npm ci --foo=$(curl evil)\n',
    );
    await generate(other);
    expect(installs(workflowOf(other).jobs['nx-affected']).map(({ run }) => run)).toEqual(['npm ci']);
  });

  it('keeps the build going when Sentry is down: release and symbol steps report and continue', async () => {
    await generate(tree);
    const steps = workflowOf(tree).jobs['nx-deploy'].steps;
    const continuing = steps.filter((step) => step['continue-on-error'] === true).map((step) => step.name);
    expect(continuing).toEqual([
      'Create the Sentry release',
      'Upload .NET symbols and sources',
      'Finalize the Sentry release and record the deploy',
    ]);
  });

  describe('records a Sentry deploy only when something was deployed', () => {
    let folder: string;
    beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'ci-deploy-'))));
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    /** Runs one step's script with bash, a recording npx on PATH that prints `affected` for project lists. */
    function runStep(
      step: Step,
      env: Record<string, string>,
      affected: string,
    ): { calls: string[]; githubEnv: string } {
      const bin = join(folder, 'bin');
      mkdirSync(bin, { recursive: true });
      writeFileSync(
        join(bin, 'npx'),
        `#!/bin/bash\necho "$*" >> "${join(folder, 'calls')}"\nif [[ "$*" == *"show projects"* ]]; then printf '%s\\n' "$AFFECTED"; fi\n`,
        { mode: 0o755 },
      );
      const githubEnv = join(folder, 'github-env');
      writeFileSync(githubEnv, '');
      rmSync(join(folder, 'calls'), { force: true });
      const result = spawnSync('bash', ['--norc', '--noprofile', '-eo', 'pipefail', '-c', step.run ?? ''], {
        env: {
          PATH: `${bin}:${process.env['PATH']}`,
          GITHUB_ENV: githubEnv,
          AFFECTED: affected,
          SENTRY_RELEASE: 'web@1.0.0+0123456789ab',
          SENTRY_ENVIRONMENT: 'production',
          ...env,
        },
        encoding: 'utf-8',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const calls = existsSync(join(folder, 'calls'))
        ? readFileSync(join(folder, 'calls'), 'utf-8').trim().split('\n')
        : [];
      return { calls, githubEnv: readFileSync(githubEnv, 'utf-8') };
    }

    const stepNamed = async (name: string) => {
      await generate(tree);
      const step = workflowOf(tree).jobs['nx-deploy'].steps.find((each) => each.name === name);
      if (!step) throw new Error(`no step ${name}`);
      return step;
    };

    it('the deploy step notes whether any affected project has a deploy target', async () => {
      const deploy = await stepNamed('Deploy affected projects');
      expect(runStep(deploy, {}, 'sentry-web').githubEnv).toBe('SENTRY_DEPLOYED=true\n');
      expect(runStep(deploy, {}, '').githubEnv).toBe('');
    });

    it('the release step records the deploy only then, and finalizes the release either way', async () => {
      const finish = await stepNamed('Finalize the Sentry release and record the deploy');
      const deployed = runStep(finish, { SENTRY_DEPLOYED: 'true' }, '').calls;
      expect(deployed.some((call) => call.includes('deploys new'))).toBe(true);
      const nothing = runStep(finish, {}, '').calls;
      expect(nothing.some((call) => call.includes('releases finalize'))).toBe(true);
      expect(nothing.some((call) => call.includes('deploys new'))).toBe(false);
    });
  });

  it('runs a sentry-cli inside the range the plugin pins for apps', () => {
    expect(satisfies(ciSentryCliVersion, sentryCliVersion)).toBe(true);
  });
});
