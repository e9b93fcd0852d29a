import { getProjects, logger, readJson, readNxJson, Tree, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { materializeTree } from '../../testing/materialize-tree';
import { releases } from '../../stack/releases';
import { configMounts } from '../../stack/render/config-mounts';
import { secretEnv } from '../../stack/secret-env';
import {
  crossReferenceProblems,
  kustomizeBuild,
  parseManifests,
  referencedSecrets,
  unresolvedHostnames,
  podTemplatesOf,
  validateSchemas,
  type KubernetesObject,
} from '../../testing/kubernetes';
import type { IContainer } from 'kubernetes-models/v1';
import type { IIngressSpec } from 'kubernetes-models/networking.k8s.io/v1';
import { infraGenerator } from './infra';
import { mebibytes } from './lib/sizing';
import type { InfraGeneratorSchema } from './schema';

// The generator prints its sizing table; keep test output readable.
beforeAll(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));

const seed: InfraGeneratorSchema = {
  domain: 'sentry.academind.ir',
  adminEmail: 'admin@academind.ir',
  skipFormat: true,
};
const release = releases['26.8.0'];

const workloads = (objects: KubernetesObject[]) =>
  objects.filter(({ kind }) => ['Deployment', 'StatefulSet', 'CronJob'].includes(kind));

/** Containers of every pod template, with the workload they belong to. */
const containersOf = (objects: KubernetesObject[]) =>
  podTemplatesOf(objects).flatMap(({ owner, spec }) =>
    spec.containers.map((container) => ({ object: owner, container })),
  );

const envOf = (container: IContainer) => container.env ?? [];

describe('infra generator, --sentryVersion=26.7.2 (a release older than the pinned one)', () => {
  let objects: KubernetesObject[];
  let directory: string;

  beforeAll(async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, { ...seed, sentryVersion: '26.7.2' });
    directory = materializeTree(tree, 'infra/sentry');
    objects = parseManifests(kustomizeBuild(directory)) as KubernetesObject[];
  });
  afterAll(() => rmSync(dirname(dirname(directory)), { recursive: true, force: true }));

  it('renders with kubectl kustomize into valid, consistent objects', () => {
    expect(validateSchemas(objects)).toEqual([]);
    expect(
      crossReferenceProblems(objects).filter(
        (problem) => !/has no (livenessProbe|readinessProbe)/.test(problem),
      ),
    ).toEqual([]);
  });

  it("runs 26.7.2's Redis 6.2 with its own client as probe, and the services 26.8.0 removed", () => {
    const redis = containersOf(objects).find(({ object }) => object.metadata?.name === 'redis')?.container;
    expect(redis?.image).toBe('redis:6.2.20-alpine');
    expect(redis?.command).toEqual(['redis-server', '/usr/local/etc/redis/redis.conf']);
    expect(redis?.livenessProbe?.exec?.command).toEqual(['redis-cli', 'ping']);
    const names = objects.map(({ metadata }) => metadata?.name);
    expect(names).toEqual(
      expect.arrayContaining(['billing-metrics-consumer', 'snuba-generic-metrics-sets-consumer']),
    );
  });
});

describe.each(['feature-complete', 'errors-only'] as const)('infra generator, %s profile', (profile) => {
  let tree: Tree;
  let objects: KubernetesObject[];
  let rendered: string;
  let directory: string;

  beforeAll(async () => {
    tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, { ...seed, profile, namespace: 'observability' });
    directory = materializeTree(tree, 'infra/sentry');
    rendered = kustomizeBuild(directory);
    objects = parseManifests(rendered) as KubernetesObject[];
  });
  afterAll(() => rmSync(dirname(dirname(directory)), { recursive: true, force: true }));

  it('renders with kubectl kustomize into objects valid against the Kubernetes API schemas', () => {
    expect(validateSchemas(objects)).toEqual([]);
  });

  it('renders objects that reference each other consistently', () => {
    expect(
      crossReferenceProblems(objects).filter(
        (problem) => !/has no (livenessProbe|readinessProbe)/.test(problem),
      ),
    ).toEqual([]);
  });

  it('gives every long-running container probes unless the catalogue says upstream has no health signal', () => {
    const unprobed = ['taskscheduler', 'uptime-checker', 'snuba-outcomes-accepted-consumer'];
    for (const { object, container } of containersOf(
      objects.filter(({ kind }) => ['Deployment', 'StatefulSet'].includes(kind)),
    )) {
      if (unprobed.includes(object.metadata?.name ?? '')) continue;
      expect([object.metadata?.name, !!container.livenessProbe, !!container.readinessProbe]).toEqual([
        object.metadata?.name,
        true,
        true,
      ]);
    }
  });

  it('resolves every hostname in env, args and config to a Service of the stack', () => {
    // `s3://profiles?endpoint=seaweedfs:8333` names a bucket, not a host; its endpoint is checked.
    expect(unresolvedHostnames(objects, { ignore: ['profiles'] })).toEqual([]);
  });

  it('puts everything in the namespace given', () => {
    const namespaced = objects.filter(({ kind }) => kind !== 'Namespace');
    expect(new Set(namespaced.map(({ metadata }) => (metadata as { namespace?: string }).namespace))).toEqual(
      new Set(['observability']),
    );
    expect(objects.find(({ kind }) => kind === 'Namespace')?.metadata?.name).toBe('observability');
  });

  it('runs every upstream service of the profile (nginx becomes Ingresses), plus the backup CronJob', () => {
    const expected = Object.entries(release.composeServices)
      .filter(([, serviceProfile]) => serviceProfile === 'always' || profile === 'feature-complete')
      .map(([name]) => name)
      .filter((name) => name !== 'nginx');
    expect(
      workloads(objects)
        .map(({ metadata }) => metadata?.name)
        .sort(),
    ).toEqual([...expected, 'postgres-backup'].sort());
    expect(expected).toHaveLength(profile === 'feature-complete' ? 56 : 27);
    // nginx's routes: one Ingress, and one more for the path it rewrites (/_assets/).
    expect(objects.filter(({ kind }) => kind === 'Ingress').map(({ metadata }) => metadata?.name)).toEqual([
      'sentry',
      'sentry-assets',
    ]);
  });

  it('keeps no Zookeeper and no Celery worker or cron', () => {
    expect(rendered).not.toMatch(/zookeeper/i);
    const args = containersOf(objects).map(({ container }) => (container.args ?? []).join(' '));
    expect(args.filter((line) => /^run (worker|cron)\b/.test(line))).toEqual([]);
    expect(args).toContain('run taskworker-scheduler');
  });

  it('keeps upstream consumer flags', () => {
    const consumerCommand =
      /^(run consumer|rust-consumer|replacer|subscriptions-scheduler-executor|accepted-outcomes-consumer) /;
    const consumers = containersOf(objects).filter(({ container }) =>
      consumerCommand.test((container.args ?? []).join(' ')),
    );
    expect(consumers).toHaveLength(profile === 'feature-complete' ? 36 : 10);
    for (const { container } of consumers) expect(container.args).toContain('--no-strict-offset-reset');
  });

  it('pins every getsentry image to the one release', () => {
    const images = containersOf(objects).map(({ container }) => container.image as string);
    const getsentry = images.filter((image) => image.startsWith('ghcr.io/getsentry/'));
    expect(getsentry.length).toBeGreaterThan(20);
    expect(new Set(getsentry.map((image) => image.split(':')[1]))).toEqual(new Set(['26.8.0']));
  });

  it('fits the memory budget of the profile and prints it into the README', () => {
    const requests = workloads(objects)
      .flatMap((object) =>
        containersOf([object]).map(({ container }) => String(container.resources?.requests?.memory)),
      )
      .reduce((total, quantity) => total + mebibytes(quantity), 0);
    expect(requests).toBeLessThanOrEqual(profile === 'feature-complete' ? 14 * 1024 : 7 * 1024);
    const readme = tree.read('infra/sentry/README.md', 'utf-8') ?? '';
    expect(readme).toContain('| **total** |');
    expect(readme).toContain(`| web | Deployment |`);
  });

  it('never renders a Secret and only references keys of the documented contract', () => {
    expect(objects.filter(({ kind }) => kind === 'Secret')).toEqual([]);
    const keys = new Set([...Object.values(secretEnv), 'admin-password']);
    for (const reference of referencedSecrets(objects))
      if (reference.key) expect([reference.name, keys.has(reference.key)]).toEqual([reference.name, true]);
  });

  it('really enables the profile in every Sentry process (COMPOSE_PROFILES)', () => {
    const sentryContainers = containersOf(objects).filter(({ container }) =>
      envOf(container).some(({ name }) => name === 'SENTRY_CONF'),
    );
    expect(sentryContainers.length).toBeGreaterThan(profile === 'feature-complete' ? 20 : 7);
    for (const { container } of sentryContainers)
      expect(container.env).toContainEqual({ name: 'COMPOSE_PROFILES', value: profile });
  });
});

describe('infra generator output', () => {
  it('routes ingestion to Relay and the rest to web, with TLS for the domain', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, { ...seed, tls: 'cert-manager', certManagerIssuer: 'letsencrypt-prod' });
    const [ingress] = parseManifests(
      tree.read('infra/sentry/edge/manifests.yaml', 'utf-8') ?? '',
    ) as KubernetesObject[];
    const spec = ingress.spec as IIngressSpec;
    const rule = spec.rules?.[0];
    const routes = rule?.http?.paths.map((path) => [path.path, path.backend.service?.name]);
    expect(routes).toEqual([
      ['/api/store/', 'relay'],
      ['/api/[1-9][0-9]*/', 'relay'],
      ['/api/0/relays/', 'relay'],
      ['/', 'web'],
    ]);
    expect(rule?.host).toBe('sentry.academind.ir');
    expect(spec.tls).toEqual([{ hosts: ['sentry.academind.ir'], secretName: 'sentry-tls' }]);
    expect(ingress.metadata?.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
  });

  it('admits SDK clients of the namespaces --clientNamespaces names to Relay, and only to Relay', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, { ...seed, clientNamespaces: 'fundamental-dev,fundamental-prod' });
    const admitted = (component: string) => {
      const [policy] = parseManifests(
        tree.read(`infra/sentry/components/${component}/manifests.yaml`, 'utf-8') ?? '',
      ).filter((object) => object.kind === 'NetworkPolicy') as KubernetesObject[];
      const spec = policy.spec as {
        ingress: { from: { namespaceSelector?: { matchLabels: Record<string, string> } }[] }[];
      };
      return spec.ingress[0].from.flatMap(
        (peer) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? [],
      );
    };
    expect(admitted('relay')).toEqual(['ingress', 'fundamental-dev', 'fundamental-prod']);
    expect(admitted('web')).toEqual(['ingress']);
    expect(tree.read('infra/sentry/README.md', 'utf-8')).toContain(
      'http://relay.sentry.svc.cluster.local:3000',
    );
  });

  it('makes each folder an Nx project; components depend on the config they mount', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, seed);
    const project = (path: string) => readJson(tree, `infra/sentry/${path}/project.json`);
    expect(project('components/web').implicitDependencies).toEqual(['sentry-config-sentry']);
    expect(project('components/events-consumer').implicitDependencies).toEqual(['sentry-config-sentry']);
    expect(project('components/relay').implicitDependencies).toEqual(['sentry-config-relay']);
    expect(project('components/clickhouse').implicitDependencies).toEqual(['sentry-config-clickhouse']);
    expect(project('components/kafka').implicitDependencies).toBeUndefined();
    expect(project('config/sentry').name).toBe('sentry-config-sentry');
  });

  it('rewrites nothing when run again with the same options', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, seed);
    const snapshot = () =>
      tree.listChanges().map((change) => [change.path, change.content?.toString('utf-8')]);
    const first = snapshot();
    await infraGenerator(tree, seed);
    expect(snapshot()).toEqual(first);
  });

  it("writes the desired state for the organization and team given, else the workspace's scope, no seed value", async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('package.json', JSON.stringify({ name: '@acme/source' }));
    await infraGenerator(tree, seed);
    const state = readJson(tree, 'infra/sentry/sentry-bootstrap.json');
    expect([state.organization.slug, state.team.slug, state.projects]).toEqual(['acme', 'acme', []]);
    expect(tree.read('infra/sentry/sentry-bootstrap.json', 'utf-8')).not.toMatch(/fundamental|PeSahm/i);

    const named = createTreeWithEmptyWorkspace();
    await infraGenerator(named, { ...seed, organization: 'shop', team: 'platform' });
    const given = readJson(named, 'infra/sentry/sentry-bootstrap.json');
    expect([given.organization.slug, given.team.slug]).toEqual(['shop', 'platform']);
    await expect(
      infraGenerator(createTreeWithEmptyWorkspace(), { ...seed, organization: 'Shop_EU' }),
    ).rejects.toThrow('Invalid --organization "Shop_EU": expected an organization slug such as acme');
  });

  it('keeps the options of the last run, so a re-run names only what changes', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, { ...seed, namespace: 'observability', profile: 'errors-only' });
    await infraGenerator(tree, { retentionDays: 30, skipFormat: true });
    expect(readJson(tree, 'infra/sentry/sentry-stack.json')).toEqual({
      adminEmail: 'admin@academind.ir',
      domain: 'sentry.academind.ir',
      namespace: 'observability',
      profile: 'errors-only',
      retentionDays: 30,
    });
    expect(tree.read('infra/sentry/kustomization.yaml', 'utf-8')).toContain('namespace: observability');
    expect(tree.exists('infra/sentry/components/vroom')).toBe(false);
    await expect(infraGenerator(createTreeWithEmptyWorkspace(), { skipFormat: true })).rejects.toThrow(
      'Invalid --domain',
    );
  });

  it('removes the components a profile switch leaves out, and nothing of the user', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, seed);
    tree.write('infra/sentry/components/my-notes/README.md', 'mine');
    await infraGenerator(tree, { ...seed, profile: 'errors-only' });
    expect(tree.exists('infra/sentry/components/vroom')).toBe(false);
    expect(tree.exists('infra/sentry/components/web/manifests.yaml')).toBe(true);
    expect(tree.read('infra/sentry/components/my-notes/README.md', 'utf-8')).toBe('mine');
  });

  it('drops in-cluster data services replaced by external endpoints', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, {
      ...seed,
      postgresHost: 'db.internal',
      kafkaBootstrapServers: 'kafka-0.internal:9092',
    });
    expect(tree.exists('infra/sentry/components/postgres')).toBe(false);
    expect(tree.exists('infra/sentry/components/pgbouncer')).toBe(false);
    expect(tree.exists('infra/sentry/components/kafka')).toBe(false);
    expect(tree.read('infra/sentry/components/snuba-api/manifests.yaml', 'utf-8')).toContain(
      'kafka-0.internal:9092',
    );
  });

  it('scales stateless components and refuses replicas for stateful ones', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, { ...seed, replicas: { web: 2 } });
    const deployment = (
      parseManifests(
        tree.read('infra/sentry/components/web/manifests.yaml', 'utf-8') ?? '',
      ) as KubernetesObject[]
    ).find(({ kind }) => kind === 'Deployment') as KubernetesObject;
    expect((deployment.spec as { replicas: number }).replicas).toBe(2);
    await expect(
      infraGenerator(createTreeWithEmptyWorkspace(), { ...seed, replicas: { kafka: 2 } }),
    ).rejects.toThrow(/--replicas\.kafka/);
  });
});

describe('one node on purpose (--nodeSelector)', () => {
  it('pins every pod template, Jobs and CronJobs included, to the labelled node, and the README says why', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, { ...seed, nodeSelector: 'kubernetes.io/hostname=vps-2, disktype=ssd' });
    const directory = materializeTree(tree, 'infra/sentry');
    const objects = parseManifests(kustomizeBuild(directory)) as KubernetesObject[];
    rmSync(dirname(dirname(directory)), { recursive: true, force: true });
    expect(validateSchemas(objects)).toEqual([]);
    const templates = podTemplatesOf(objects);
    expect(new Set(templates.map(({ owner }) => owner.kind))).toEqual(
      new Set(['Deployment', 'StatefulSet', 'CronJob', 'Job']),
    );
    for (const { owner, spec } of templates)
      expect([owner.metadata?.name, spec.nodeSelector]).toEqual([
        owner.metadata?.name,
        { 'kubernetes.io/hostname': 'vps-2', disktype: 'ssd' },
      ]);
    const readme = tree.read('infra/sentry/README.md', 'utf-8') ?? '';
    expect(readme).toMatch(
      /kept on one node on purpose: 24 of its workloads and install Jobs \(every Sentry pod\)\s+mount the ReadWriteOnce `sentry-data` volume/,
    );
    expect(readme).toContain('runs on the node labelled `kubernetes.io/hostname=vps-2,disktype=ssd`');
    expect(tree.read('infra/sentry/scripts/stack.env.sh', 'utf-8')).toContain(
      'NODE_SELECTOR=kubernetes.io/hostname=vps-2,disktype=ssd\n',
    );
    // Kept as given in sentry-stack.json; a re-run with it changes nothing, and an object there works too.
    const snapshot = () =>
      tree.listChanges().map((change) => [change.path, change.content?.toString('utf-8')]);
    const first = snapshot();
    await infraGenerator(tree, { skipFormat: true });
    expect(snapshot()).toEqual(first);
    await infraGenerator(tree, {
      skipFormat: true,
      nodeSelector: { 'kubernetes.io/hostname': 'vps-2', disktype: 'ssd' },
    });
    expect(tree.read('infra/sentry/components/web/manifests.yaml', 'utf-8')).toBe(
      first.find(([path]) => path === 'infra/sentry/components/web/manifests.yaml')?.[1],
    );
  });

  it('renders no nodeSelector without the option, and the README says how to pin the stack', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, seed);
    expect(tree.read('infra/sentry/components/web/manifests.yaml', 'utf-8')).not.toContain('nodeSelector');
    expect(tree.read('infra/sentry/README.md', 'utf-8')).toContain(
      'pin it with `--nodeSelector kubernetes.io/hostname=NODE`',
    );
  });
});

describe('images from a mirror (--imageRegistry, --nodestorePackageUrl)', () => {
  const registry = 'registry.example.com:5000/sentry-mirror';
  const wheel = 'https://files.example.com/wheels/sentry_nodestore_s3-1.0.0-py3-none-any.whl';
  const mirrored = { ...seed, imageRegistry: registry, nodestorePackageUrl: wheel };
  let tree: Tree;
  let directory: string;
  let objects: KubernetesObject[];
  let rendered: string;

  beforeAll(async () => {
    tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, mirrored);
    directory = materializeTree(tree, 'infra/sentry');
    rendered = kustomizeBuild(directory);
    objects = parseManifests(rendered) as KubernetesObject[];
  });
  afterAll(() => rmSync(dirname(dirname(directory)), { recursive: true, force: true }));

  const imagesOf = (objects: KubernetesObject[]) =>
    podTemplatesOf(objects).flatMap(({ spec }) =>
      [...(spec.initContainers ?? []), ...spec.containers].map(({ image }) => image ?? ''),
    );

  it('pulls every container and init container of every pod template from the mirror, and nothing from github.com', () => {
    const images = imagesOf(objects);
    expect(images.length).toBeGreaterThan(50);
    expect(images.filter((image) => !image.startsWith(`${registry}/`))).toEqual([]);
    expect(rendered).not.toContain('github.com');
    const env = tree.read('infra/sentry/scripts/stack.env.sh', 'utf-8') ?? '';
    expect(env).toContain(`RELAY_IMAGE=${registry}/getsentry/relay:26.8.0\n`);
    expect(env).not.toContain('ghcr.io');
    const packages = podTemplatesOf(objects)
      .flatMap(({ spec }) => spec.initContainers ?? [])
      .filter(({ name }) => name === 'install-sentry-packages');
    expect(packages.length).toBeGreaterThan(10);
    for (const container of packages)
      expect(container.env).toContainEqual({ name: 'NODESTORE_S3_ARCHIVE', value: wheel });
  });

  it('keeps each image path under the mirror: Docker Hub official images under library/, the registry dropped', () => {
    const images = new Set(imagesOf(objects));
    for (const image of [
      `${registry}/library/postgres:14.23-bookworm`,
      `${registry}/edoburu/pgbouncer:v1.25.2-p0`,
      `${registry}/getsentry/sentry:26.8.0`,
      `${registry}/egos-tech/smtp:1.2.2`,
      `${registry}/chrislusf/seaweedfs:4.40_large_disk@sha256:d07aa1dae03c687e0737b86130ded1b18474211a09e85d737fbe5508b8805139`,
    ])
      expect(images).toContain(image);
  });

  it('lists in images.txt exactly the images the manifests and setup.sh pull, each with where it comes from', () => {
    const lines = (tree.read('infra/sentry/images.txt', 'utf-8') ?? '')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(' '));
    expect(new Set(lines.map(([, image]) => image))).toEqual(new Set(imagesOf(objects)));
    expect(lines).toContainEqual([
      'docker.io/library/postgres:14.23-bookworm',
      `${registry}/library/postgres:14.23-bookworm`,
    ]);
    expect(lines).toContainEqual(['ghcr.io/getsentry/relay:26.8.0', `${registry}/getsentry/relay:26.8.0`]);
    expect(lines).toContainEqual([
      'registry.gitlab.com/egos-tech/smtp:1.2.2',
      `${registry}/egos-tech/smtp:1.2.2`,
    ]);
  });

  it('keeps the mirror on a re-run with the stored options, changing nothing', async () => {
    const snapshot = () =>
      tree.listChanges().map((change) => [change.path, change.content?.toString('utf-8')]);
    const first = snapshot();
    await infraGenerator(tree, { skipFormat: true });
    expect(snapshot()).toEqual(first);
    expect(readJson(tree, 'infra/sentry/sentry-stack.json')).toMatchObject({
      imageRegistry: registry,
      nodestorePackageUrl: wheel,
    });
  });

  it('without --imageRegistry lists the images as published, pulled from there', async () => {
    const plain = createTreeWithEmptyWorkspace();
    await infraGenerator(plain, seed);
    expect(plain.read('infra/sentry/images.txt', 'utf-8')).toContain(
      '\ndocker.io/library/postgres:14.23-bookworm postgres:14.23-bookworm\n',
    );
  });

  it('refuses --imageRegistry without the wheel, since pods would still fetch the package from github.com', async () => {
    const bare = createTreeWithEmptyWorkspace();
    await expect(infraGenerator(bare, { ...seed, imageRegistry: registry })).rejects.toThrow(
      /^Invalid --nodestorePackageUrl undefined: expected with --imageRegistry, .*github\.com.*pip wheel --no-deps/,
    );
    expect(bare.exists('infra/sentry')).toBe(false);
  });
});

describe('infra generator and the plugin registration', () => {
  it('registers the plugin and leaves deploy and diff to it', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, seed);
    expect(readNxJson(tree)?.plugins).toContainEqual(
      expect.objectContaining({ plugin: '@fundamental/sentry/plugin' }),
    );
    expect(readJson(tree, 'infra/sentry/components/web/project.json').targets).toBeUndefined();
  });

  it.each([
    ['nx.json sets useInferencePlugins to false', { useInferencePlugins: false }, {}],
    ['NX_ADD_PLUGINS is false', {}, { NX_ADD_PLUGINS: 'false' }],
  ])('writes deploy and diff into project.json where %s', async (_, nxJson, env) => {
    const tree = createTreeWithEmptyWorkspace();
    updateNxJson(tree, { ...readNxJson(tree), ...nxJson });
    Object.assign(process.env, env);
    try {
      await infraGenerator(tree, seed);
    } finally {
      delete process.env['NX_ADD_PLUGINS'];
    }
    expect(readNxJson(tree)?.plugins ?? []).toEqual([]);
    const web = readJson(tree, 'infra/sentry/components/web/project.json').targets;
    expect(Object.keys(web)).toEqual(['deploy', 'diff']);
    expect(web.deploy.options.commands[0]).toBe('kubectl apply -k .');
    expect(web.diff.options.cwd).toBe('infra/sentry/components/web');
    expect(Object.keys(readJson(tree, 'infra/sentry/project.json').targets)).toContain('diff');
  });
});

describe('infra generator input validation', () => {
  const hostile = [
    'sentry.example.com"',
    'sentry.example.com\nx: y',
    '$(reboot).example.com',
    'a.example.com;rm -rf /',
    "it's.example.com",
  ];

  type BadInput = [option: string, override: Partial<InfraGeneratorSchema>];
  const badInputs: BadInput[] = [
    ...hostile.map((domain): BadInput => ['domain', { domain }]),
    ...hostile.map((namespace): BadInput => ['namespace', { namespace }]),
    ...['admin"@example.com', 'admin@example.com\n', 'root@$(hostname).com', 'a;b@example.com'].map(
      (adminEmail): BadInput => ['adminEmail', { adminEmail }],
    ),
    ['sentryVersion', { sentryVersion: '99.1.0' }],
    ['profile', { profile: 'everything' as never }],
    ['retentionDays', { retentionDays: 0 }],
    ['directory', { directory: '../outside' }],
    ['storageClass', { storageClass: 'Fast SSD' }],
    ['kafkaBootstrapServers', { kafkaBootstrapServers: 'kafka:9092;x' }],
    ['mailPort', { mailHost: 'smtp.example.com', mailPort: 70000 }],
    ['clientNamespaces', { clientNamespaces: 'fundamental-dev,Prod Apps' }],
    ...[
      'kubernetes.io/hostname',
      '=vps-1',
      'Bad Key=x',
      'disktype=ssd fast',
      'kubernetes.io/hostname=vps-1;reboot',
      'example.com/-x=y',
      '',
    ].map((nodeSelector): BadInput => ['nodeSelector', { nodeSelector }]),
    ...[
      'https://registry.example.com',
      'mirror',
      'registry.example.com/',
      'Registry.example.com',
      'registry.example.com:99999',
      'registry.example.com/Sentry',
      'registry.example.com;rm -rf /',
    ].map((imageRegistry): BadInput => [
      'imageRegistry',
      { imageRegistry, nodestorePackageUrl: 'https://files.example.com/a-1.0-py3-none-any.whl' },
    ]),
    ...[
      'https://github.com/getsentry/sentry-nodestore-s3/archive/main.zip',
      'file:///tmp/a-1.0-py3-none-any.whl',
      'https://files.example.com/a b-1.0-py3-none-any.whl',
      "https://files.example.com/$(reboot)'-1.0-py3-none-any.whl",
    ].map((nodestorePackageUrl): BadInput => ['nodestorePackageUrl', { nodestorePackageUrl }]),
  ];

  it.each(badInputs)(
    'refuses a bad --%s naming the option, before writing anything',
    async (option, override) => {
      const tree = createTreeWithEmptyWorkspace();
      const before = tree.listChanges().length;
      await expect(infraGenerator(tree, { ...seed, ...override })).rejects.toThrow(`Invalid --${option} `);
      expect(tree.listChanges()).toHaveLength(before);
      expect(tree.exists('infra/sentry')).toBe(false);
    },
  );

  it('asks for the cert-manager issuer with --tls=cert-manager instead of assuming one, saying how to list them', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(infraGenerator(tree, { ...seed, tls: 'cert-manager' })).rejects.toThrow(
      /^Invalid --certManagerIssuer undefined: expected .*kubectl get clusterissuers/,
    );
    await expect(
      infraGenerator(tree, { ...seed, tls: 'cert-manager', certManagerIssuerKind: 'Issuer' }),
    ).rejects.toThrow('kubectl -n sentry get issuers');
    expect(tree.exists('infra/sentry')).toBe(false);
  });
});

describe('a second stack in the same workspace', () => {
  const staging: InfraGeneratorSchema = {
    ...seed,
    domain: 'sentry-staging.academind.ir',
    directory: 'infra/sentry-staging',
    namespace: 'sentry-staging',
  };
  const snapshot = (tree: Tree) =>
    tree.listChanges().map((change) => [change.path, change.type, change.content?.toString('utf-8')]);

  it('is refused before anything is written when its project names would clash, naming --name', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, seed);
    const before = snapshot(tree);
    await expect(infraGenerator(tree, staging)).rejects.toThrow(
      /project "sentry-infra" .*infra\/sentry.*--name=sentry-staging/s,
    );
    expect(snapshot(tree)).toEqual(before);
    expect(tree.exists('infra/sentry-staging')).toBe(false);
  });

  it('gets its own project names with --name, and both stacks re-run in place', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, seed);
    await infraGenerator(tree, { ...staging, name: 'sentry-staging' });
    const projects = getProjects(tree);
    expect(projects.get('sentry-staging-infra')?.root).toBe('infra/sentry-staging');
    expect(projects.get('sentry-staging-web')?.root).toBe('infra/sentry-staging/components/web');
    expect(projects.get('sentry-web')?.root).toBe('infra/sentry/components/web');
    const names = [...projects.keys()];
    expect(new Set(names).size).toBe(names.length);
    // The stored options keep the prefix: a re-run of either directory names neither again.
    const first = snapshot(tree);
    await infraGenerator(tree, { directory: 'infra/sentry-staging', skipFormat: true });
    await infraGenerator(tree, { skipFormat: true });
    expect(snapshot(tree)).toEqual(first);
  });
});

describe('install Jobs', () => {
  /** Each Job of bootstrap/ with its spec and the files of the configuration it mounts. */
  async function jobsOf(options: InfraGeneratorSchema) {
    const tree = createTreeWithEmptyWorkspace();
    await infraGenerator(tree, options);
    const jobs = (
      parseManifests(tree.read('infra/sentry/bootstrap/manifests.yaml', 'utf-8') ?? '') as KubernetesObject[]
    ).filter(({ kind }) => kind === 'Job');
    return new Map(
      jobs.map((job) => {
        const spec = JSON.stringify(job.spec);
        const config = (Object.keys(configMounts) as (keyof typeof configMounts)[])
          .filter((bundle) => spec.includes(`"configMap":{"name":"${configMounts[bundle].configMap}"}`))
          .map((bundle) =>
            tree
              .children(`infra/sentry/config/${bundle}`)
              .map((file) => tree.read(`infra/sentry/config/${bundle}/${file}`, 'utf-8')),
          );
        return [job.metadata?.name as string, { spec: job.spec, config }];
      }),
    );
  }

  it('keep their name only while spec and configuration stay the same, so re-applying one never fails', async () => {
    const seedJobs = await jobsOf(seed);
    for (const variant of [
      { retentionDays: 30 },
      { mailHost: 'smtp.example.com', mailUser: 'sentry' },
      { replicas: { web: 2 } },
    ]) {
      const jobs = await jobsOf({ ...seed, ...variant });
      for (const [name, job] of jobs)
        if (seedJobs.has(name)) expect([name, job]).toEqual([name, seedJobs.get(name)]);
    }
    const retention = await jobsOf({ ...seed, retentionDays: 30 });
    expect([...retention.keys()].filter((name) => !seedJobs.has(name)).length).toBeGreaterThan(0);
  });

  it('are removed a while after they finish (ttlSecondsAfterFinished) and fail after their deadline', async () => {
    for (const [name, { spec }] of await jobsOf(seed)) {
      expect([name, spec]).toEqual([
        name,
        expect.objectContaining({ ttlSecondsAfterFinished: expect.any(Number), activeDeadlineSeconds: 3600 }),
      ]);
      expect((spec as { ttlSecondsAfterFinished: number }).ttlSecondsAfterFinished).toBeGreaterThanOrEqual(
        86400,
      );
    }
  });
});
