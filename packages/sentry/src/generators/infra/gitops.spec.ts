import { getProjects, logger, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { materializeTree } from '../../testing/materialize-tree';
import { kustomizeBuild, parseManifests, podTemplatesOf, validateSchemas } from '../../testing/kubernetes';
// The stack's own object type: every rendered object has metadata.
import type { KubernetesObject } from '../../stack/render/kubernetes-object';
import { infraGenerator } from './infra';
import type { InfraGeneratorSchema } from './schema';

beforeAll(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));

const seed: InfraGeneratorSchema = {
  domain: 'sentry.academind.ir',
  adminEmail: 'admin@academind.ir',
  skipFormat: true,
};
const gitops: InfraGeneratorSchema = {
  ...seed,
  gitops: 'argocd',
  gitopsRepoUrl: 'https://github.com/acme/platform.git',
};

const annotation = (object: KubernetesObject, name: string) =>
  object.metadata.annotations?.[`argocd.argoproj.io/${name}`];
const waveOf = (object: KubernetesObject) => Number(annotation(object, 'sync-wave') ?? 0);
const named = (objects: KubernetesObject[], kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name) as KubernetesObject;

describe('infra --gitops=argocd', () => {
  let tree: Tree;
  let directory: string;
  let objects: KubernetesObject[];
  let application: KubernetesObject;

  beforeAll(async () => {
    tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, gitops);
    directory = materializeTree(tree, 'infra/sentry');
    objects = parseManifests(kustomizeBuild(directory)) as KubernetesObject[];
    [application] = parseManifests(
      tree.read('infra/sentry/argocd/application.yaml', 'utf-8') ?? '',
    ) as KubernetesObject[];
  });
  afterAll(() => rmSync(dirname(dirname(directory)), { recursive: true, force: true }));

  it('writes an Application valid against the Argo CD CRD schema, syncing the stack root with prune, self-heal and server-side apply', () => {
    expect(validateSchemas([application])).toEqual([]);
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'sentry', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://github.com/acme/platform.git',
          targetRevision: 'HEAD',
          path: 'infra/sentry',
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'sentry' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['ServerSideApply=true', 'CreateNamespace=true', 'PruneLast=true'],
        },
      },
    });
  });

  it('prunes what a sync replaced only once every wave is healthy, so running pods keep their old ConfigMaps', () => {
    // The generated ConfigMaps are in wave 0 and change name with their content (Kustomize's hash suffix); a prune
    // runs in the wave of what it deletes (argoproj/gitops-engine pkg/sync/sync_context.go@0186dfcd, getSyncTasks),
    // so without PruneLast the old ones would go before the install hooks and the rollout of the last wave, and
    // a pod started in between could not mount them (argoproj/argo-cd docs/user-guide/sync-options.md@v3.1.0).
    expect(
      objects.some(({ kind, metadata }) => kind === 'ConfigMap' && /-[a-z0-9]{10}$/.test(metadata.name)),
    ).toBe(true);
    expect(application.spec).toMatchObject({
      syncPolicy: { syncOptions: expect.arrayContaining(['PruneLast=true']) },
    });
  });

  it('leaves the Application out of what Argo CD syncs, which kubectl kustomize renders into valid objects', () => {
    expect(objects.filter(({ kind }) => kind === 'Application')).toEqual([]);
    expect(validateSchemas(objects)).toEqual([]);
    // The argocd folder is no Nx project: nothing deploys it but setup.sh or the user's app-of-apps.
    expect([...getProjects(tree).values()].some(({ root }) => root.includes('argocd'))).toBe(false);
  });

  it('orders the sync: every data service, then each install Job as a Sync hook in install order, then every workload', () => {
    const data = ['postgres', 'pgbouncer', 'kafka', 'clickhouse', 'redis', 'memcached', 'seaweedfs', 'smtp'];
    const longRunning = objects.filter(({ kind }) => ['Deployment', 'StatefulSet'].includes(kind));
    const dataWaves = longRunning.filter(({ metadata }) => data.includes(metadata.name)).map(waveOf);
    const workloadWaves = [
      ...longRunning.filter(({ metadata }) => !data.includes(metadata.name)),
      ...objects.filter(({ kind }) => ['CronJob', 'Ingress'].includes(kind)),
    ].map(waveOf);
    const jobs = objects.filter(({ kind }) => kind === 'Job').sort((a, b) => waveOf(a) - waveOf(b));
    expect(dataWaves).toHaveLength(data.length);
    // One wave per step, so each starts only once the one before completed.
    expect(jobs.map((job) => [job.metadata.labels?.['app.kubernetes.io/name'], waveOf(job)])).toEqual(
      ['sentry-packages', 's3-buckets', 'snuba-bootstrap', 'sentry-upgrade', 'sentry-createuser'].map(
        (step, index) => [step, waveOf(jobs[0]) + index],
      ),
    );
    const jobWaves = jobs.map(waveOf);
    expect(Math.max(...dataWaves)).toBeLessThan(Math.min(...jobWaves));
    expect(Math.max(...jobWaves)).toBeLessThan(Math.min(...workloadWaves));
    // Before all of them: what every pod needs (Namespace, generated ConfigMaps, the default-deny policy).
    for (const kind of ['Namespace', 'ConfigMap'])
      for (const object of objects.filter((candidate) => candidate.kind === kind))
        expect([kind, waveOf(object)]).toEqual([kind, 0]);
    for (const job of jobs)
      expect([annotation(job, 'hook'), annotation(job, 'hook-delete-policy')]).toEqual([
        'Sync',
        'BeforeHookCreation',
      ]);
  });

  it('never prunes or deletes a claim or the Namespace, and puts each claim in the wave of its first pod', () => {
    const claims = objects.filter(({ kind }) => kind === 'PersistentVolumeClaim');
    expect(claims.length).toBeGreaterThan(5);
    for (const kept of [...claims, named(objects, 'Namespace', 'sentry')])
      expect([kept.metadata.name, annotation(kept, 'sync-options')]).toEqual([
        kept.metadata.name,
        'Prune=false,Delete=false',
      ]);
    const templates = podTemplatesOf(objects);
    for (const claim of claims) {
      const users = templates
        .filter(({ spec }) =>
          (spec.volumes ?? []).some(
            (volume) => volume.persistentVolumeClaim?.claimName === claim.metadata.name,
          ),
        )
        .map(({ owner }) => waveOf(owner as unknown as KubernetesObject));
      expect([claim.metadata.name, waveOf(claim)]).toEqual([claim.metadata.name, Math.min(...users)]);
    }
  });

  it('rewrites nothing when run again, and removes the Application with --gitops=none', async () => {
    const snapshot = () =>
      tree.listChanges().map((change) => [change.path, change.content?.toString('utf-8')]);
    const first = snapshot();
    await infraGenerator(tree, { skipFormat: true });
    expect(snapshot()).toEqual(first);

    const plain = createTreeWithEmptyWorkspace();
    await infraGenerator(plain, seed);
    await infraGenerator(tree, { ...seed, gitops: 'none', gitopsRepoUrl: undefined });
    expect(tree.exists('infra/sentry/argocd/application.yaml')).toBe(false);
    // Without Argo CD the manifests are those of a stack that never had it.
    for (const path of [
      'kustomization.yaml',
      'namespace.yaml',
      'base/manifests.yaml',
      'bootstrap/manifests.yaml',
    ])
      expect(tree.read(`infra/sentry/${path}`, 'utf-8')).toBe(plain.read(`infra/sentry/${path}`, 'utf-8'));
    expect(plain.read('infra/sentry/bootstrap/manifests.yaml', 'utf-8')).not.toContain('argocd.argoproj.io');
  });

  it('takes the revision, path, Argo CD namespace and project given', async () => {
    const other = createTreeWithEmptyWorkspace();
    await infraGenerator(other, {
      ...gitops,
      gitopsRepoUrl: 'git@git.example.com:platform/deploy.git',
      gitopsRevision: 'release/2026.11',
      gitopsPath: 'clusters/prod/sentry',
      argocdNamespace: 'gitops',
      argocdProject: 'observability',
    });
    const [custom] = parseManifests(
      other.read('infra/sentry/argocd/application.yaml', 'utf-8') ?? '',
    ) as KubernetesObject[];
    expect(custom).toMatchObject({
      metadata: { namespace: 'gitops' },
      spec: {
        project: 'observability',
        source: {
          repoURL: 'git@git.example.com:platform/deploy.git',
          targetRevision: 'release/2026.11',
          path: 'clusters/prod/sentry',
        },
      },
    });
  });
});

describe('infra --gitops input validation', () => {
  const bad: [option: string, override: Partial<InfraGeneratorSchema>][] = [
    ['gitops', { gitops: 'flux' as never }],
    ['gitopsRepoUrl', { gitopsRepoUrl: undefined }],
    ['gitopsRepoUrl', { gitopsRepoUrl: 'github.com/acme/platform' }],
    ['gitopsRepoUrl', { gitopsRepoUrl: 'https://github.com/acme/platform.git; rm -rf /' }],
    ['gitopsRepoUrl', { gitopsRepoUrl: 'file:///srv/git/platform' }],
    ['gitopsRevision', { gitopsRevision: 'main..dev' }],
    ['gitopsRevision', { gitopsRevision: '$(reboot)' }],
    ['gitopsPath', { gitopsPath: '../elsewhere' }],
    ['gitopsPath', { gitopsPath: '/abs/path' }],
    ['argocdNamespace', { argocdNamespace: 'Argo CD' }],
    ['argocdProject', { argocdProject: 'my_project' }],
  ];
  it.each(bad)('refuses a bad --%s naming the option, before writing anything', async (option, override) => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(infraGenerator(tree, { ...gitops, ...override })).rejects.toThrow(`Invalid --${option} `);
    expect(tree.exists('infra/sentry')).toBe(false);
  });

  it('refuses Argo CD options without --gitops=argocd, as they would do nothing', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(
      infraGenerator(tree, { ...seed, gitopsRepoUrl: 'https://github.com/acme/platform.git' }),
    ).rejects.toThrow('Invalid --gitops "none": expected "argocd" when --gitopsRepoUrl is given');
    expect(tree.exists('infra/sentry')).toBe(false);
  });
});
