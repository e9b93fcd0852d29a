import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { bareRepository, git } from '../../../testing/git-repository';
import { ciGenerator } from '../ci';
import { imageTagsScriptPath } from './gitops-steps';

/**
 * The commit mode end to end on real git repositories: a bare "GitOps repository" with values files of
 * three projects in two environments, and a workspace holding what the generator wrote (the workflow and
 * tools/gitops/image-tags.mjs). The workflow's own commit step runs there as GitHub would run it.
 */

type Workflow = { jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }> };

const repoNodeModules = join(__dirname, '../../../../../../node_modules');

/** Values files as a team writes them: comments, quoting, other keys, a tag at image.tag. */
const values: Record<string, string> = {
  'apps/web/values-dev.yaml': `# web, dev
image:
  repository: registry.academind.ir/fundamental/web # mirrored
  tag: dev-000000000000 # bumped by CI
replicas: 1
env:
  - name: SENTRY_ENVIRONMENT
    value: dev
`,
  'apps/web/values-prod.yaml': `image:\n  repository: registry.academind.ir/fundamental/web\n  tag: "prod-000000000000"\n`,
  'apps/api/values-dev.yaml': `image:\n  tag: 'dev-000000000000'\n  pullPolicy: IfNotPresent\n\nresources: {limits: {memory: 512Mi}}\n`,
  'apps/api/values-prod.yaml': `image:\n  tag: prod-000000000000\n`,
  'apps/admin/values-dev.yaml': `image:\n  tag:\n`,
  'apps/admin/values-prod.yaml': `image:\n  tag: prod-000000000000\n`,
};

describe('tools/gitops/image-tags.mjs and the commit step on a GitOps test repository', () => {
  let root: string;
  let remote: string;
  let workspace: string;
  let commitStep: string;

  /** The remote's files at its newest commit. */
  const remoteFile = (path: string) => git(remote, 'show', `HEAD:${path}`) + '\n';

  /** Runs the workflow's commit step for `projects` (the affected ones with a Dockerfile). */
  function runCommitStep(projects: string[], tag = 'dev-3f2a9c41d07e', afterCheckout?: () => void) {
    const runnerTemp = mkdtempSync(join(root, 'runner-'));
    const imagesFile = join(runnerTemp, 'images.tsv');
    writeFileSync(imagesFile, projects.map((project) => `${project}\tapps/${project}\n`).join(''));
    const githubEnv = join(runnerTemp, 'github-env');
    writeFileSync(githubEnv, '');
    rmSync(join(workspace, 'gitops-repository'), { recursive: true, force: true });
    git(workspace, 'clone', '--quiet', remote, 'gitops-repository');
    afterCheckout?.();
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', commitStep], {
      cwd: workspace,
      encoding: 'utf-8',
      env: {
        PATH: process.env.PATH,
        HOME: root,
        // Where a workspace has it: yaml is a dependency of the plugin (and of nx).
        NODE_PATH: repoNodeModules,
        RUNNER_TEMP: runnerTemp,
        GITHUB_ENV: githubEnv,
        IMAGES_FILE: imagesFile,
        IMAGE_REGISTRY: 'registry.academind.ir/fundamental',
        IMAGE_TAG: tag,
        DEPLOY_ENVIRONMENT: 'dev',
        GITHUB_REPOSITORY: 'fundamental/shop',
        GITHUB_SHA: '3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091',
        GITOPS_VALUES: 'apps/{project}/values-{environment}.yaml',
        GITOPS_TAG_PATH: 'image.tag',
      },
    });
    return { ...result, githubEnv: readFileSync(githubEnv, 'utf-8') };
  }

  beforeAll(async () => {
    const tree = createTreeWithEmptyWorkspace();
    await ciGenerator(tree, {
      skipFormat: true,
      deployVia: 'gitops',
      registry: 'registry.academind.ir/fundamental',
      gitopsRepository: 'fundamental/gitops',
      gitopsBump: 'commit',
      gitopsValues: 'apps/{project}/values-{environment}.yaml',
    });
    const workflow = parse(tree.read('.github/workflows/ci-cd.yaml', 'utf-8') ?? '') as Workflow;
    commitStep =
      workflow.jobs['nx-deploy'].steps.find(
        (step) => step.name === 'Commit the image tags to the GitOps repository',
      )?.run ?? '';

    root = mkdtempSync(join(tmpdir(), 'gitops-'));
    workspace = join(root, 'workspace');
    mkdirSync(join(workspace, dirname(imageTagsScriptPath)), { recursive: true });
    writeFileSync(join(workspace, imageTagsScriptPath), tree.read(imageTagsScriptPath) as Buffer);

    remote = bareRepository(join(root, 'gitops'), values);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('commits exactly the affected projects’ tags for the environment; every other byte stays', () => {
    const before = git(remote, 'rev-parse', 'HEAD');
    const result = runCommitStep(['web', 'admin']);
    expect(result.stderr).toContain('web: dev-3f2a9c41d07e');
    expect(result.status).toBe(0);

    expect(git(remote, 'rev-parse', 'HEAD~1')).toBe(before);
    expect(git(remote, 'diff', '--name-only', 'HEAD~1', 'HEAD').split('\n').sort()).toEqual([
      'apps/admin/values-dev.yaml',
      'apps/web/values-dev.yaml',
    ]);
    expect(remoteFile('apps/web/values-dev.yaml')).toBe(
      values['apps/web/values-dev.yaml'].replace('tag: dev-000000000000', 'tag: dev-3f2a9c41d07e'),
    );
    expect(remoteFile('apps/admin/values-dev.yaml')).toBe('image:\n  tag: dev-3f2a9c41d07e\n');
    for (const path of Object.keys(values).filter((path) => !/(web|admin)\/values-dev/.test(path)))
      expect(remoteFile(path)).toBe(values[path]);
    expect(git(remote, 'log', '-1', '--format=%s')).toBe(
      'dev: images dev-3f2a9c41d07e from fundamental/shop@3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091',
    );
    expect(result.githubEnv).toBe('SENTRY_DEPLOYED=true\n');
  });

  it('keeps the quoting a tag had, and quotes a tag YAML would read as a number', () => {
    expect(runCommitStep(['api']).status).toBe(0);
    expect(remoteFile('apps/api/values-dev.yaml')).toBe(
      values['apps/api/values-dev.yaml'].replace("'dev-000000000000'", "'dev-3f2a9c41d07e'"),
    );
    expect(runCommitStep(['web'], '1234').status).toBe(0);
    expect(remoteFile('apps/web/values-dev.yaml')).toContain('  tag: "1234" # bumped by CI\n');
  });

  it('commits nothing when the tags are already current', () => {
    expect(runCommitStep(['web'], '1234').status).toBe(0);
    const head = git(remote, 'rev-parse', 'HEAD');
    const again = runCommitStep(['web'], '1234');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('The tags are already 1234.');
    expect(git(remote, 'rev-parse', 'HEAD')).toBe(head);
  });

  /** Another pipeline's push of `text` to `file`, between this step's checkout and its push. */
  const pushFirst = (file: string, text: string) => () => {
    const other = mkdtempSync(join(root, 'other-pipeline-'));
    git(other, 'clone', '--quiet', remote, '.');
    writeFileSync(join(other, file), text);
    git(other, '-c', 'user.name=ci', '-c', 'user.email=ci@academind.ir', 'commit', '--quiet', '-am', 'prod');
    git(other, 'push', '--quiet');
  };

  it('pushes again when another pipeline pushed to the GitOps repository first, keeping both commits', () => {
    const result = runCommitStep(
      ['web'],
      'dev-cccccccccccc',
      pushFirst('apps/api/values-prod.yaml', 'image:\n  tag: prod-bbbbbbbbbbbb\n'),
    );
    expect(result.status).toBe(0);
    expect(git(remote, 'log', '--format=%s', '-2').split('\n')).toEqual([
      'dev: images dev-cccccccccccc from fundamental/shop@3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091',
      'prod',
    ]);
    // Double-quoted since the test before quoted 1234.
    expect(remoteFile('apps/web/values-dev.yaml')).toContain('tag: "dev-cccccccccccc" # bumped by CI');
    expect(remoteFile('apps/api/values-prod.yaml')).toBe('image:\n  tag: prod-bbbbbbbbbbbb\n');
  });

  it('sets its tag again on top of a push that changed the same values file first, keeping that change', () => {
    // A rebase would stop on the conflicting line; the step bumps the newer commit instead.
    const theirs = 'image:\n  tag: dev-dddddddddddd # bumped by hand\nreplicas: 2\n';
    const result = runCommitStep(['web'], 'dev-eeeeeeeeeeee', pushFirst('apps/web/values-dev.yaml', theirs));
    expect(result.stderr).not.toContain('CONFLICT');
    expect(result.status).toBe(0);
    expect(remoteFile('apps/web/values-dev.yaml')).toBe(
      theirs.replace('dev-dddddddddddd', 'dev-eeeeeeeeeeee'),
    );
    expect(git(join(workspace, 'gitops-repository'), 'status', '--porcelain')).toBe('');
  });

  it.each([
    [['web', 'shop'], 'apps/shop/values-dev.yaml: no values file for shop in dev'],
    [['web', 'prod-only'], 'no values file for prod-only'],
  ])('refuses %j without a values file, and changes no file', (projects, message) => {
    const head = git(remote, 'rev-parse', 'HEAD');
    const result = runCommitStep(projects, 'dev-aaaaaaaaaaaa');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(git(remote, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(join(workspace, 'gitops-repository'), 'status', '--porcelain')).toBe('');
  });

  /** The script's bump on one image, as the GitOps repository's own workflow would run it. */
  function bump(image: object, repository: string, tagPath: string) {
    writeFileSync(join(root, 'payload.json'), JSON.stringify({ images: [image] }));
    return spawnSync(
      'node',
      [
        imageTagsScriptPath,
        'bump',
        repository,
        join(root, 'payload.json'),
        'apps/{project}/values-{environment}.yaml',
        tagPath,
      ],
      { cwd: workspace, encoding: 'utf-8', env: { PATH: process.env.PATH, NODE_PATH: repoNodeModules } },
    );
  }

  it('refuses a values file without the tag path, naming file and path', () => {
    git(workspace, 'clone', '--quiet', remote, 'fresh');
    const result = bump({ project: 'web', tag: 'dev-1', environment: 'prod' }, 'fresh', 'image.digest');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apps/web/values-prod.yaml has no image.digest');
  });

  it.each([
    ['a path outside the repository', { project: '../../etc', tag: 'dev-1', environment: 'dev' }],
    ['a tag with a newline', { project: 'web', tag: 'dev-1\nreplicas: 0', environment: 'dev' }],
  ])('refuses a payload entry with %s', (_, image) => {
    const result = bump(image, 'gitops-repository', 'image.tag');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/image-tags: (project|tag) .* is not valid/);
  });

  describe('on values files as editors leave them', () => {
    const valuesFile = (folder: string) => join(workspace, folder, 'apps/web/values-dev.yaml');
    const bumpText = (folder: string, text: string) => {
      mkdirSync(dirname(valuesFile(folder)), { recursive: true });
      writeFileSync(valuesFile(folder), text);
      return bump({ project: 'web', tag: 'dev-3f2a9c41d07e', environment: 'dev' }, folder, 'image.tag');
    };

    it('keeps Windows line endings and replaces a numeric tag', () => {
      const result = bumpText(
        'crlf',
        'image:\r\n  repository: web\r\n  tag: 1.2\r\n  pullPolicy: Always\r\n',
      );
      expect(result.status).toBe(0);
      expect(readFileSync(valuesFile('crlf'), 'utf-8')).toBe(
        'image:\r\n  repository: web\r\n  tag: dev-3f2a9c41d07e\r\n  pullPolicy: Always\r\n',
      );
    });

    it('refuses a file of several YAML documents and leaves it as it was', () => {
      const text = 'image:\n  tag: 1.2\n---\nimage:\n  tag: 1.3\n';
      const result = bumpText('documents', text);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('apps/web/values-dev.yaml: not valid YAML');
      expect(readFileSync(valuesFile('documents'), 'utf-8')).toBe(text);
    });
  });
});
