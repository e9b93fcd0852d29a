import type { CreateNodesContextV2 } from '@nx/devkit';
import { readdirSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resetWorkspaceContext } from 'nx/src/utils/workspace-context';
import { createNodes, createNodesV2, type SentryPluginOptions } from './plugin';

describe('createNodes (deploy and diff targets from kustomizations)', () => {
  let workspaceRoot: string;
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(workspaceRoot, path)), { recursive: true });
    writeFileSync(join(workspaceRoot, path), content);
  };
  const context = (): CreateNodesContextV2 => ({ workspaceRoot, nxJsonConfiguration: {} });
  const run = (files: string[], options: SentryPluginOptions = {}) =>
    createNodes[1](files, options, context());

  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), 'sentry-plugin-'));
    write('infra/web/project.json', '{"name":"web"}');
    write(
      'infra/web/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: sentry\nresources: [manifests.yaml]\n',
    );
    write(
      'infra/web/manifests.yaml',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: cache}\n',
    );
    write('infra/config/project.json', '{"name":"config"}');
    write(
      'infra/config/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
    );
    write('infra/loose/kustomization.yaml', 'kind: Kustomization\n');
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  it('exports one implementation under both names Nx calls', () => {
    expect(createNodesV2).toBe(createNodes);
    expect(createNodes[0]).toBe('**/kustomization.yaml');
  });

  it('gives a project folder deploy (apply, then wait for each rollout) and diff targets', async () => {
    const [[file, result]] = await run(['infra/web/kustomization.yaml']);
    expect(file).toBe('infra/web/kustomization.yaml');
    const targets = result.projects?.['infra/web']?.targets ?? {};
    expect(targets['deploy'].options).toEqual({
      cwd: 'infra/web',
      parallel: false,
      commands: [
        'kubectl apply -k .',
        'kubectl rollout status deployment/web --namespace sentry --timeout=15m',
        'kubectl rollout status statefulset/cache --namespace sentry --timeout=15m',
      ],
    });
    expect(targets['deploy'].cache).toBe(false);
    expect(targets['diff'].options.command).toBe('kubectl diff -k . || [ $? -eq 1 ]');
  });

  it('gives a folder of Jobs no deploy target (the operations scripts run them in order)', async () => {
    write('infra/bootstrap/project.json', '{"name":"bootstrap"}');
    write('infra/bootstrap/kustomization.yaml', 'kind: Kustomization\nresources: [manifests.yaml]\n');
    write('infra/bootstrap/manifests.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n');
    const [[, result]] = await run(['infra/bootstrap/kustomization.yaml']);
    expect(Object.keys(result.projects?.['infra/bootstrap']?.targets ?? {})).toEqual(['diff']);
  });

  it('skips Kustomize Components and folders that are not projects', async () => {
    const results = await run(['infra/config/kustomization.yaml', 'infra/loose/kustomization.yaml']);
    expect(results.map(([, result]) => result)).toEqual([{}, {}]);
  });

  it('honours custom target names and a kubectl command, quoting each word', async () => {
    const [[, result]] = await run(['infra/web/kustomization.yaml'], {
      deployTargetName: 'ship',
      diffTargetName: 'preview',
      kubectl: ['microk8s', 'kubectl', '--context=my cluster'],
    });
    const targets = result.projects?.['infra/web']?.targets ?? {};
    expect(Object.keys(targets)).toEqual(['ship', 'preview']);
    expect(targets['ship'].options.commands[0]).toBe("microk8s kubectl '--context=my cluster' apply -k .");
  });

  it('takes the targets of a folder whose files did not change from the workspace data cache', async () => {
    await run(['infra/web/kustomization.yaml']);
    const cacheFolder = join(workspaceRoot, '.nx', 'workspace-data');
    const [cacheFile] = readdirSync(cacheFolder).filter((name) => name.startsWith('fundamental-sentry-'));
    const cached = JSON.parse(readFileSync(join(cacheFolder, cacheFile), 'utf-8'));
    const [hash] = Object.keys(cached);
    writeFileSync(join(cacheFolder, cacheFile), JSON.stringify({ [hash]: { cached: { command: 'true' } } }));
    const [[, result]] = await run(['infra/web/kustomization.yaml']);
    expect(result.projects?.['infra/web']?.targets).toEqual({ cached: { command: 'true' } });
  });

  it('infers again when a manifest of the folder changed', async () => {
    await run(['infra/web/kustomization.yaml']);
    write('infra/web/manifests.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n');
    // A new nx process (or the daemon's file watcher) sees the change; in this one the context is renewed.
    resetWorkspaceContext();
    const [[, result]] = await run(['infra/web/kustomization.yaml']);
    expect(result.projects?.['infra/web']?.targets?.['deploy'].options.commands).toEqual([
      'kubectl apply -k .',
      'kubectl rollout status deployment/api --namespace sentry --timeout=15m',
    ]);
  });
});
