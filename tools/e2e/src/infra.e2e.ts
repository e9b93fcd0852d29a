import { nxTestedVersions } from '@fundamental/sentry';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { TestWorkspace } from './harness/test-workspace';

/** A digest of every file below a folder, to prove a re-run rewrote nothing. */
function digest(dir: string): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    for (const entry of readdirSync(path).sort()) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) visit(full);
      else hash.update(full).update(readFileSync(full));
    }
  };
  visit(dir);
  return hash.digest('hex');
}

describe.each(nxTestedVersions)('infra from the packed plugin in a fresh Nx %s workspace', (nxVersion) => {
  let workspace: TestWorkspace;
  const generate = () =>
    workspace.nx(
      'g',
      '@fundamental/sentry:infra',
      '--domain=sentry.academind.ir',
      '--adminEmail=admin@academind.ir',
      '--no-interactive',
    );

  beforeAll(() => {
    workspace = TestWorkspace.create('infra', { nxVersion });
    workspace.installPlugin();
    workspace.nx('g', '@fundamental/sentry:init');
    generate();
  });
  afterAll(() => workspace.dispose());

  it('writes a stack that kubectl kustomize renders completely', () => {
    const rendered = execFileSync('kubectl', ['kustomize', join(workspace.root, 'infra/sentry')], {
      encoding: 'utf-8',
    });
    expect(rendered.match(/^kind: (Deployment|StatefulSet|CronJob)$/gm)).toHaveLength(57);
  });

  it('makes every component an Nx project with inferred deploy and diff targets', () => {
    const projects: string[] = JSON.parse(workspace.nx('show', 'projects', '--json').stdout);
    expect(projects).toEqual(
      expect.arrayContaining(['sentry-infra', 'sentry-web', 'sentry-relay', 'sentry-config-sentry']),
    );
    const web = JSON.parse(workspace.nx('show', 'project', 'sentry-web', '--json').stdout);
    expect(web.targets.deploy.options.commands).toEqual([
      'kubectl apply -k .',
      'kubectl rollout status deployment/web --namespace sentry --timeout=15m',
    ]);
    expect(web.targets.diff).toBeDefined();
    expect(web.implicitDependencies).toEqual(['sentry-config-sentry']);
    const config = JSON.parse(workspace.nx('show', 'project', 'sentry-config-sentry', '--json').stdout);
    expect(config.targets.deploy).toBeUndefined();
  });

  it('rewrites nothing when run again', () => {
    const before = digest(join(workspace.root, 'infra/sentry'));
    generate();
    expect(digest(join(workspace.root, 'infra/sentry'))).toBe(before);
  });

  it('with --gitops=argocd writes an Application the Argo CD schema accepts, outside what it syncs, with the install order in waves', () => {
    workspace.nx(
      'g',
      '@fundamental/sentry:infra',
      '--domain=sentry.academind.ir',
      '--adminEmail=admin@academind.ir',
      '--directory=infra/sentry-gitops',
      '--name=sentry-gitops',
      '--gitops=argocd',
      '--gitopsRepoUrl=https://github.com/acme/platform.git',
      '--no-interactive',
    );
    const stack = join(workspace.root, 'infra/sentry-gitops');
    const application = parse(readFileSync(join(stack, 'argocd/application.yaml'), 'utf-8'));
    expect(() => new Application(application).validate()).not.toThrow();
    expect(application.spec.source.path).toBe('infra/sentry-gitops');
    const objects = parseAllDocuments(
      execFileSync('kubectl', ['kustomize', stack], { encoding: 'utf-8' }),
    ).map((document) => document.toJS());
    expect(objects.some(({ kind }) => kind === 'Application')).toBe(false);
    const wave = (kind: string, name: string) =>
      Number(
        objects.find((object) => object.kind === kind && object.metadata.name === name)?.metadata
          .annotations?.['argocd.argoproj.io/sync-wave'],
      );
    const jobs = objects.filter(({ kind }) => kind === 'Job');
    expect(jobs.map(({ metadata }) => metadata.annotations['argocd.argoproj.io/hook'])).toEqual(
      jobs.map(() => 'Sync'),
    );
    const jobWaves = jobs.map(({ metadata }) => Number(metadata.annotations['argocd.argoproj.io/sync-wave']));
    expect(wave('StatefulSet', 'postgres')).toBeLessThan(Math.min(...jobWaves));
    expect(Math.max(...jobWaves)).toBeLessThan(wave('Deployment', 'web'));
  });

  it('refuses a hostile domain by name and writes nothing', () => {
    const before = digest(join(workspace.root, 'infra'));
    expect(() =>
      workspace.nx(
        'g',
        '@fundamental/sentry:infra',
        '--domain=x.example.com;reboot',
        '--adminEmail=a@example.com',
        '--directory=infra/other',
      ),
    ).toThrow(/Invalid --domain/);
    expect(digest(join(workspace.root, 'infra'))).toBe(before);
  });
});
