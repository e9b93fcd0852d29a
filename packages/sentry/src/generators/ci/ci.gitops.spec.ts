import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { ciGenerator } from './ci';
import { imageTagsScriptPath } from './lib/gitops-steps';
import type { CiGeneratorSchema } from './schema';

const workflowPath = '.github/workflows/ci-cd.yaml';

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};
type Job = Record<string, unknown> & { steps: Step[]; env?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };

const gitops: CiGeneratorSchema = {
  deployVia: 'gitops',
  registry: 'registry.academind.ir/fundamental',
  gitopsRepository: 'fundamental/gitops',
};
const commit: CiGeneratorSchema = {
  ...gitops,
  gitopsBump: 'commit',
  gitopsValues: 'apps/{project}/values-{environment}.yaml',
};

const read = (tree: Tree, path = workflowPath) => tree.read(path, 'utf-8') ?? '';
const workflowOf = (tree: Tree) => parse(read(tree)) as Workflow;
const stepNames = (job: Job) => job.steps.map((step) => step.name);

async function generate(tree: Tree, options: CiGeneratorSchema): Promise<Workflow> {
  await ciGenerator(tree, { skipFormat: true, ...options });
  return workflowOf(tree);
}

describe('ci --deployVia=gitops', () => {
  let tree: Tree;
  beforeEach(() => (tree = createTreeWithEmptyWorkspace()));

  describe('with the defaults (repository dispatch, develop:dev and main:prod)', () => {
    let workflow: Workflow;
    let deploy: Job;
    beforeEach(async () => {
      workflow = await generate(tree, gitops);
      deploy = workflow.jobs['nx-deploy'];
    });

    it('runs on pushes to develop and main and on pull requests into them', () => {
      expect(workflow.on).toEqual({
        push: { branches: ['develop', 'main'] },
        pull_request: { branches: ['develop', 'main'] },
      });
    });

    it('delivers pushes of the mapped branches, each into its environment', () => {
      expect(deploy.if).toBe(
        "github.event_name == 'push' && (github.ref == 'refs/heads/develop' || github.ref == 'refs/heads/main')",
      );
      const environment =
        "${{ github.ref == 'refs/heads/develop' && 'dev' || github.ref == 'refs/heads/main' && 'prod' || '' }}";
      expect(deploy.environment).toBe(environment);
      expect(deploy.env).toEqual({
        SENTRY_URL: '${{ secrets.SENTRY_URL }}',
        SENTRY_ORG: '${{ secrets.SENTRY_ORG }}',
        DEPLOY_ENVIRONMENT: environment,
        IMAGE_REGISTRY: 'registry.academind.ir/fundamental',
        GITOPS_REPOSITORY: 'fundamental/gitops',
      });
      expect(deploy.concurrency).toEqual({ group: `deploy-${environment}`, 'cancel-in-progress': false });
    });

    it('compares a push with the last green run of its own branch, a pull request with its target', () => {
      for (const job of Object.values(workflow.jobs))
        expect(job.steps.find((step) => step.uses?.startsWith('nrwl/nx-set-shas'))?.with).toEqual({
          'main-branch-name':
            "${{ (github.base_ref || github.ref_name) == 'develop' && 'develop' || 'main' }}",
        });
    });

    it('has no cluster access and no nx affected -t deploy; images are built after the Sentry steps', () => {
      expect(stepNames(deploy).slice(4)).toEqual([
        'Name the Sentry release',
        'Create the Sentry release',
        'Build affected projects',
        'Upload source maps of affected apps',
        'Upload .NET symbols and sources',
        'Name the image tag',
        'List affected images',
        'Build and push affected images',
        'Bump the image tags through a repository dispatch',
        'Finalize the Sentry release and record the deploy',
      ]);
      const text = read(tree);
      expect(text).not.toMatch(/KUBECONFIG|MICROK8S|kubectl|nx affected -t deploy/);
    });

    it('gives each secret to the one step that needs it, through env', () => {
      const envOf = (name: string) => deploy.steps.find((step) => step.name === name)?.env;
      expect(envOf('Build and push affected images')).toEqual({
        REGISTRY_USERNAME: '${{ secrets.REGISTRY_USERNAME }}',
        REGISTRY_PASSWORD: '${{ secrets.REGISTRY_PASSWORD }}',
      });
      expect(envOf('Bump the image tags through a repository dispatch')).toEqual({
        GITOPS_TOKEN: '${{ secrets.GITOPS_TOKEN }}',
      });
      for (const step of deploy.steps) expect(step.run ?? '').not.toContain('${{');
    });

    it('records the Sentry deploy in the environment of the branch', () => {
      const finalize = deploy.steps.find((step) => step.name?.startsWith('Finalize'));
      expect(finalize?.env?.SENTRY_ENVIRONMENT).toBe('${{ env.DEPLOY_ENVIRONMENT }}');
    });

    it('writes the image-tags script, executable, and rewrites nothing when run again', async () => {
      expect(read(tree, imageTagsScriptPath)).toContain('function bump(');
      const mode = tree.listChanges().find((change) => change.path === imageTagsScriptPath)?.options?.mode;
      expect(mode).toBe('755');
      const before = read(tree);
      await generate(tree, gitops);
      expect(read(tree)).toBe(before);
    });
  });

  it('commit mode: checks out the GitOps repository with the token and commits the tags', async () => {
    const deploy = (await generate(tree, { ...commit, gitopsTagPath: 'app.image.tag' })).jobs['nx-deploy'];
    expect(stepNames(deploy).slice(-4)).toEqual([
      'Build and push affected images',
      'Check out the GitOps repository',
      'Commit the image tags to the GitOps repository',
      'Finalize the Sentry release and record the deploy',
    ]);
    expect(deploy.steps.find((step) => step.name === 'Check out the GitOps repository')?.with).toEqual({
      repository: 'fundamental/gitops',
      token: '${{ secrets.GITOPS_TOKEN }}',
      path: 'gitops-repository',
    });
    expect(deploy.env).toMatchObject({
      GITOPS_VALUES: 'apps/{project}/values-{environment}.yaml',
      GITOPS_TAG_PATH: 'app.image.tag',
    });
  });

  it('without the delivery steps, still records the Sentry deploy in the environment of the branch', async () => {
    const deploy = (await generate(tree, { ...gitops, deploy: false })).jobs['nx-deploy'];
    expect(stepNames(deploy)).not.toContain('List affected images');
    expect(deploy.env?.DEPLOY_ENVIRONMENT).toBe(deploy.environment);
    expect(deploy.steps.find((step) => step.name?.startsWith('Finalize'))?.env?.SENTRY_ENVIRONMENT).toBe(
      '${{ env.DEPLOY_ENVIRONMENT }}',
    );
    expect(tree.exists(imageTagsScriptPath)).toBe(false);
  });

  it('maps the branches given, three of them', async () => {
    const workflow = await generate(tree, {
      ...gitops,
      branches: 'develop:dev, release/2.0:staging,main:prod',
    });
    expect(workflow.on.push).toEqual({ branches: ['develop', 'release/2.0', 'main'] });
    expect(workflow.jobs['nx-deploy'].environment).toBe(
      "${{ github.ref == 'refs/heads/develop' && 'dev' || github.ref == 'refs/heads/release/2.0' && 'staging' || github.ref == 'refs/heads/main' && 'prod' || '' }}",
    );
  });

  it('switching from kubeconfig removes the cluster steps, and back removes the gitops ones', async () => {
    await generate(tree, {});
    let deploy = (await generate(tree, gitops)).jobs['nx-deploy'];
    expect(stepNames(deploy)).not.toContain('Connect to the cluster');
    expect(stepNames(deploy)).not.toContain('Deploy affected projects');
    deploy = (await generate(tree, {})).jobs['nx-deploy'];
    expect(stepNames(deploy)).toContain('Deploy affected projects');
    expect(stepNames(deploy)).not.toContain('List affected images');
    expect(deploy.env).toEqual({
      SENTRY_URL: '${{ secrets.SENTRY_URL }}',
      SENTRY_ORG: '${{ secrets.SENTRY_ORG }}',
    });
    expect(deploy.environment).toBe('production');
  });

  describe('--runsOn', () => {
    it('sets both jobs to one label, or to a list of labels', async () => {
      let workflow = await generate(tree, { ...gitops, runsOn: 'self-hosted' });
      expect(Object.values(workflow.jobs).map((job) => job['runs-on'])).toEqual([
        'self-hosted',
        'self-hosted',
      ]);
      workflow = await generate(tree, { ...gitops, runsOn: 'self-hosted,linux,x64' });
      expect(workflow.jobs['nx-deploy']['runs-on']).toEqual(['self-hosted', 'linux', 'x64']);
    });

    it('without it, a runner the user set stays', async () => {
      await generate(tree, gitops);
      tree.write(workflowPath, read(tree).replaceAll('runs-on: ubuntu-latest', 'runs-on: [self-hosted, ci]'));
      const workflow = await generate(tree, gitops);
      expect(workflow.jobs['nx-affected']['runs-on']).toEqual(['self-hosted', 'ci']);
    });
  });

  it.each<[string, CiGeneratorSchema, RegExp]>([
    [
      'no registry',
      { ...gitops, registry: undefined },
      /Invalid --registry undefined: expected a non-empty string/,
    ],
    [
      'a registry with a scheme',
      { ...gitops, registry: 'https://registry.academind.ir' },
      /--registry.*host\[:port\]\[\/path\]/,
    ],
    ['no GitOps repository', { ...gitops, gitopsRepository: undefined }, /--gitopsRepository/],
    [
      'a GitOps repository URL',
      { ...gitops, gitopsRepository: 'https://github.com/a/b' },
      /--gitopsRepository.*owner\/name/,
    ],
    ['a branch pattern', { ...gitops, branches: 'feature/*:dev' }, /--branches.*branch:environment pairs/],
    ['an environment with a quote', { ...gitops, branches: "main:prod'" }, /--branches/],
    ['a branch twice', { ...gitops, branches: 'main:dev,main:prod' }, /each branch once/],
    [
      'a bump mode',
      { ...gitops, gitopsBump: 'push' as 'commit' },
      /--gitopsBump "push": expected dispatch or commit/,
    ],
    ['commit without values', { ...commit, gitopsValues: undefined }, /--gitopsValues/],
    [
      'values without {project}',
      { ...commit, gitopsValues: 'apps/values-{environment}.yaml' },
      /--gitopsValues.*\{project\}/,
    ],
    ['values outside the repository', { ...commit, gitopsValues: '../{project}.yaml' }, /--gitopsValues/],
    ['an unknown placeholder', { ...commit, gitopsValues: '{project}/{branch}.yaml' }, /--gitopsValues/],
    ['a tag path with a space', { ...commit, gitopsTagPath: 'image. tag' }, /--gitopsTagPath/],
    [
      'values with dispatch',
      { ...gitops, gitopsValues: '{project}.yaml' },
      /--gitopsValues.*--gitopsBump=dispatch/,
    ],
    [
      'a registry without gitops',
      { registry: 'registry.academind.ir' },
      /--registry.*unless --deployVia=gitops/,
    ],
    ['a runner label with a space', { ...gitops, runsOn: 'self hosted' }, /--runsOn/],
  ])('refuses %s before writing anything', async (_, options, message) => {
    await expect(generate(tree, options)).rejects.toThrow(message);
    expect(tree.exists(workflowPath)).toBe(false);
    expect(tree.exists(imageTagsScriptPath)).toBe(false);
  });
});
