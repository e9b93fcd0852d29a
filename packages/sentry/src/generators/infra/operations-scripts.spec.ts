import { logger } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { dirname, join, resolve } from 'node:path';
import { parseManifests, type KubernetesObject } from '../../testing/kubernetes';
import { materializeTree } from '../../testing/materialize-tree';
import { startPostgres, type PostgresServer } from '../../testing/postgres-server';
import { infraGenerator } from './infra';
import { runnableScripts } from './lib/write-operations';
import type { InfraGeneratorSchema } from './schema';

const kubectlDouble = resolve(__dirname, '../../testing/kubectl-double/kubectl.js');
const mutatingVerbs = ['create', 'patch', 'apply', 'run', 'scale', 'delete', 'exec'];

interface ClusterState {
  reachable: boolean;
  storageClasses: string[];
  ingressClasses: string[];
  dns: boolean;
  clusterIssuers?: string[];
  issuers?: string[];
  /** Allocatable memory and CPU of each node; `capacity` (what the machine has) defaults to the same. */
  nodes: {
    name?: string;
    labels?: Record<string, string>;
    memory: string;
    cpu: string;
    capacity?: { memory: string; cpu: string };
  }[];
  /** Pods the scheduler placed on the nodes (any namespace), with their containers' requests. */
  scheduledPods?: {
    name: string;
    namespace: string;
    node: string;
    phase?: string;
    containers: { memory?: string; cpu?: string }[];
    /** Run in order before the containers; `restartPolicy: 'Always'` makes one a sidecar that keeps running. */
    initContainers?: { memory?: string; cpu?: string; restartPolicy?: 'Always' }[];
    overhead?: { memory?: string; cpu?: string };
  }[];
  namespaces?: string[];
  secrets?: Record<string, Record<string, string>>;
  deployments?: Record<string, { replicas: number; version: string }>;
  statefulsets?: Record<string, { image: string }>;
  applied?: { folder: string; selector: string | null }[];
  relayCredentials: string;
  token: string;
  pods?: string[][];
  logs?: Record<string, string>;
  execOutput?: Record<string, string>;
  postgres?: { host: string; port: number };
  /** How a Job of a step (its app.kubernetes.io/name) created from now on ends. */
  jobOutcomes?: Record<string, { status: 'complete' | 'failed'; logs?: string; seconds?: number }>;
  /** Jobs by name: their final condition holds from `finishesAt` (on `clock`) on. */
  jobs?: Record<
    string,
    { labels: Record<string, string>; status: string; logs: string; template?: unknown; finishesAt?: number }
  >;
  /** Seconds `kubectl wait` spent blocking on conditions that did not hold. */
  clock?: number;
  /** Makes `create secret` fail as RBAC or an admission webhook would: always, or past a server dry run. */
  refuseSecretCreate?: 'always' | 'after-dry-run';
  failReads?: { resource: string; key?: string; times: number }[];
  cronJobs?: Record<string, { suspend: boolean }>;
  /** Argo CD is installed; how the sync of an Application applied from now on ends. */
  argocd?: { outcome?: { sync: string; health: string; phase: string; message: string } };
  applications?: Record<string, { spec: { syncPolicy: Record<string, unknown> } }>;
}

const healthyCluster = (): ClusterState => ({
  reachable: true,
  storageClasses: ['microk8s-hostpath'],
  ingressClasses: ['public'],
  dns: true,
  nodes: [{ memory: '16320744Ki', cpu: '4' }],
  relayCredentials: '{"secret_key":"relay-secret-key-1","public_key":"relay-public-key-1","id":"0f1e2d3c"}',
  token: 'sntryu_first_token',
});

let stackDir: string;
let workDir: string;

/** Generates a stack (the seed's options plus `options`) and writes it to a temp directory. */
async function generateStack(options: Partial<InfraGeneratorSchema> = {}): Promise<string> {
  const tree = createTreeWithEmptyWorkspace();
  await infraGenerator(tree, {
    domain: 'sentry.academind.ir',
    adminEmail: 'admin@academind.ir',
    organization: 'fundamental',
    skipFormat: true,
    ansible: true,
    ...options,
  });
  return materializeTree(tree, 'infra/sentry');
}

beforeAll(async () => {
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  stackDir = await generateStack();
  workDir = mkdtempSync(join(tmpdir(), 'fundamental-ops-'));
  // The stand-ins: kubectl, microk8s (`microk8s kubectl …`) and ssh (runs the remote command here).
  const bin = join(workDir, 'bin');
  const remoteBin = join(workDir, 'remote-bin');
  mkdirSync(bin);
  mkdirSync(remoteBin);
  const script = (path: string, body: string) => {
    writeFileSync(path, `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path, 0o755);
  };
  script(join(bin, 'kubectl'), `exec node ${JSON.stringify(kubectlDouble)} "$@"`);
  script(
    join(remoteBin, 'microk8s'),
    `[ "$1" = kubectl ] && shift\nKUBECTL_DOUBLE_VIA=ssh+microk8s exec node ${JSON.stringify(kubectlDouble)} "$@"`,
  );
  // ssh and curl record their argv too (ARGV_LOG), for the test that no secret shows in a process list.
  const record = (program: string) =>
    `node -e 'require("fs").appendFileSync(process.env.ARGV_LOG, JSON.stringify({ program: "${program}", argv: process.argv.slice(1) }) + "\\n")' -- "$@"`;
  script(
    join(bin, 'ssh'),
    `${record('ssh')}\nwhile [ "$1" = -o ]; do shift 2; done\nshift\nPATH=${JSON.stringify(remoteBin)}:"$PATH" exec bash -c "$*"`,
  );
  // curl: every request answers 200 (the doctor's event and API checks); a --config on stdin is consumed.
  script(join(bin, 'curl'), `${record('curl')}\ncat >/dev/null\nprintf 200`);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: string[][];
  via: string[];
  /** argv of every kubectl, ssh and curl the run started, unfiltered. */
  argvs: string[][];
  state: ClusterState;
}

function run(
  script: string,
  args: string[],
  state: ClusterState,
  input?: Buffer,
  env: Record<string, string> = {},
  stack = stackDir,
): Run {
  const statePath = join(workDir, 'state.json');
  const logPath = join(workDir, 'calls.log');
  const argvLog = join(workDir, 'argv.log');
  writeFileSync(statePath, JSON.stringify(state));
  writeFileSync(logPath, '');
  writeFileSync(argvLog, '');
  const result = spawnSync('bash', [join(stack, 'scripts', script), ...args], {
    cwd: workDir,
    input,
    encoding: 'utf-8',
    env: {
      ...process.env,
      ...env,
      PATH: `${join(workDir, 'bin')}:${process.env.PATH}`,
      KUBECTL_DOUBLE_STATE: statePath,
      KUBECTL_DOUBLE_LOG: logPath,
      ARGV_LOG: argvLog,
      SENTRY_OPS_STATE_DIR: join(workDir, 'ops-state'),
    },
  });
  const programs = readFileSync(argvLog, 'utf-8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
  const entries = readFileSync(logPath, 'utf-8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { argv: string[]; via: string });
  const withoutGlobals = (argv: string[]) =>
    argv.filter((word, index) => word !== '--namespace' && argv[index - 1] !== '--namespace');
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: entries.map(({ argv }) => withoutGlobals(argv)),
    via: entries.map(({ via }) => via),
    argvs: [...entries.map(({ argv }) => argv), ...programs],
    state: JSON.parse(readFileSync(statePath, 'utf-8')),
  };
}

const mutations = (calls: string[][]) => calls.filter(([verb]) => mutatingVerbs.includes(verb));
const credentialsPath = () => join(workDir, 'sentry-credentials');

describe('generated operations scripts', () => {
  it('are executable, pass shellcheck, and answer --help', () => {
    const scripts = join(stackDir, 'scripts');
    for (const script of runnableScripts) expect(statSync(join(scripts, script)).mode & 0o111).toBeTruthy();
    const shellcheck = spawnSync('shellcheck', ['--external-sources', ...readdirSync(scripts)], {
      cwd: scripts,
      encoding: 'utf-8',
    });
    expect(shellcheck.error).toBeUndefined();
    expect(shellcheck.stdout + shellcheck.stderr).toBe('');
    expect(shellcheck.status).toBe(0);
    for (const script of runnableScripts) {
      const help = run(script, ['--help'], healthyCluster());
      expect([script, help.status, help.stdout]).toEqual([script, 0, expect.stringContaining('Usage:')]);
      expect(help.calls).toEqual([]);
    }
  });
});

describe('lib.sh', () => {
  it('stops on a bash older than 4.4 (macOS ships 3.2) with a clear message', () => {
    const lib = join(stackDir, 'scripts', 'lib.sh');
    const old = spawnSync(
      'bash',
      ['-c', `source ${JSON.stringify(lib)} && require_bash_4_4 3 2 && echo went-on`],
      {
        encoding: 'utf-8',
      },
    );
    expect(old.status).toBe(64);
    expect(old.stderr).toContain('these scripts need bash 4.4 or newer; this is bash 3.2');
    expect(old.stderr).toContain('brew install bash');
    expect(old.stdout).toBe('');
    const current = spawnSync(
      'bash',
      ['-c', `source ${JSON.stringify(lib)} && require_bash_4_4 4 4 && echo went-on`],
      {
        encoding: 'utf-8',
      },
    );
    expect(current.stdout).toBe('went-on\n');
  });
});

describe('setup.sh', () => {
  it('writes the credentials into the home folder of the user running it by default, not /root', () => {
    const home = join(workDir, 'home');
    mkdirSync(home, { recursive: true });
    const local = run('setup.sh', ['--check', '--context', 'vps'], healthyCluster(), undefined, {
      HOME: home,
    });
    expect(local.status).toBe(0);
    expect(local.stdout).toContain(`[check] would write ${home}/.sentry-credentials (mode 0600)`);
    const remote = run('setup.sh', ['--check', '--ssh', 'deploy@203.0.113.10'], healthyCluster());
    expect(remote.stdout).toContain('[check] would write .sentry-credentials (mode 0600)');
  });

  it('stops at preflight when the cluster does not answer, changing nothing', () => {
    const result = run('setup.sh', [], { ...healthyCluster(), reachable: false });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the Kubernetes API does not answer');
    expect(result.stderr).toContain('Nothing was changed');
    expect(mutations(result.calls)).toEqual([]);
  });

  it('names the MicroK8s addons to enable', () => {
    const result = run('setup.sh', [], { ...healthyCluster(), ingressClasses: [], dns: false });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('microk8s enable ingress');
    expect(result.stderr).toContain('microk8s enable dns');
    expect(result.stderr).not.toContain('hostpath-storage');
    expect(mutations(result.calls)).toEqual([]);
  });

  it('checks that the cert-manager issuer the stack names exists, saying how to list them', async () => {
    const certManager = await generateStack({ tls: 'cert-manager', certManagerIssuer: 'letsencrypt-prod' });
    const missing = run('setup.sh', [], healthyCluster(), undefined, {}, certManager);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('ClusterIssuer letsencrypt-prod');
    expect(missing.stderr).toContain('kubectl get clusterissuers');
    expect(mutations(missing.calls)).toEqual([]);
    const present = run(
      'setup.sh',
      ['--check'],
      { ...healthyCluster(), clusterIssuers: ['letsencrypt-prod'] },
      undefined,
      {},
      certManager,
    );
    expect(present.stdout).toContain('cert-manager: ClusterIssuer letsencrypt-prod is there');
    expect(present.status).toBe(0);
    // A stack with its own TLS Secret asks nothing of cert-manager.
    const secret = run('setup.sh', ['--check'], healthyCluster());
    expect(secret.calls.some((call) => call.includes('clusterissuer'))).toBe(false);
  });

  it('refuses a node too small for the profile, with the numbers', () => {
    const result = run('setup.sh', [], {
      ...healthyCluster(),
      nodes: [{ memory: '8Gi', cpu: '4', capacity: { memory: '16Gi', cpu: '4' } }],
    });
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(
      /node node-1 offers 8192 MiB memory and 4000m CPU \(allocatable, less what runs there: the 0 pods of other namespaces there request 0 MiB \/ 0m\); the feature-complete profile requests \d+ MiB/,
    );
    expect(result.stderr).toContain('--profile=errors-only');
    expect(mutations(result.calls)).toEqual([]);
  });

  it('counts what already runs on the node: the requests of its pods in other namespaces, running or pending', () => {
    const busy: ClusterState = {
      ...healthyCluster(),
      nodes: [{ memory: '32Gi', cpu: '8' }],
      scheduledPods: [
        // The team's dev and prod apps, Argo CD and the registry: 20 GiB and 3.5 CPUs requested.
        ...['fundamental-dev', 'fundamental-prod'].map((namespace) => ({
          name: 'api-1',
          namespace,
          node: 'node-1',
          containers: [
            { memory: '8Gi', cpu: '1' },
            { memory: '512Mi', cpu: '250m' },
          ],
        })),
        {
          name: 'argocd-server-1',
          namespace: 'argocd',
          node: 'node-1',
          containers: [{ memory: '2G', cpu: '0.5' }, {}],
        },
        {
          name: 'registry-1',
          namespace: 'container-registry',
          node: 'node-1',
          phase: 'Pending',
          containers: [{ memory: '1Gi', cpu: '500m' }],
        },
        // Not counted: a finished pod, Sentry's own pods (a re-run), and a pod on another node.
        {
          name: 'job-1',
          namespace: 'fundamental-dev',
          node: 'node-1',
          phase: 'Succeeded',
          containers: [{ memory: '30Gi' }],
        },
        { name: 'web-1', namespace: 'sentry', node: 'node-1', containers: [{ memory: '30Gi' }] },
        { name: 'other-1', namespace: 'fundamental-dev', node: 'node-2', containers: [{ memory: '30Gi' }] },
      ],
    };
    const result = run('setup.sh', [], busy);
    expect(result.status).toBe(4);
    // 32768 - 2 * (8192 + 512) - 1907 (2 G) - 1024 = 12429 MiB; 8000 - 2 * 1250 - 500 - 500 = 4500m.
    expect(result.stderr).toMatch(
      /node node-1 offers 12429 MiB memory and 4500m CPU \(allocatable, less what runs there: the 4 pods of other namespaces there request 20339 MiB \/ 3500m\); the feature-complete profile requests \d+ MiB/,
    );
    expect(mutations(result.calls)).toEqual([]);
    const idle = run('setup.sh', ['--check'], { ...busy, scheduledPods: [] });
    expect(idle.status).toBe(0);
    expect(idle.stdout).toContain('capacity: node node-1 offers 32768 MiB / 8000m');
  });

  it("counts a pod's effective request as the scheduler does: its heaviest init container, sidecars and overhead included", () => {
    // kubernetes/kubernetes staging/src/k8s.io/component-helpers/resource/helpers.go@v1.33.0 (PodRequests): the
    // larger of the containers plus sidecars and of each init container plus the sidecars started before it,
    // plus the pod's overhead.
    const result = run('setup.sh', [], {
      ...healthyCluster(),
      nodes: [{ memory: '32Gi', cpu: '8' }],
      scheduledPods: [
        {
          name: 'seed-1',
          namespace: 'fundamental-dev',
          node: 'node-1',
          initContainers: [{ memory: '20Gi', cpu: '2' }],
          containers: [{ memory: '1Gi', cpu: '100m' }],
        },
        {
          name: 'meshed-1',
          namespace: 'fundamental-prod',
          node: 'node-1',
          initContainers: [
            { memory: '1Gi', cpu: '500m', restartPolicy: 'Always' },
            { memory: '2Gi', cpu: '100m' },
          ],
          containers: [{ memory: '1Gi', cpu: '250m' }],
        },
        {
          name: 'sandboxed-1',
          namespace: 'argocd',
          node: 'node-1',
          containers: [{ memory: '1Gi', cpu: '1' }],
          overhead: { memory: '128Mi', cpu: '250m' },
        },
      ],
    });
    expect(result.status).toBe(4);
    // Memory: 20480 (the init container) + 3072 (2 GiB init after a 1 GiB sidecar) + 1024 + 128 = 24704 MiB;
    // CPU: 2000 (init) + 750 (container and sidecar) + 1000 + 250 = 4000m.
    expect(result.stderr).toContain(
      'node node-1 offers 8064 MiB memory and 4000m CPU (allocatable, less what runs there: the 3 pods of other namespaces there request 24704 MiB / 4000m)',
    );
    expect(mutations(result.calls)).toEqual([]);
  });

  it("with --nodeSelector runs the pod that generates Relay's credentials on that node too", async () => {
    const pinned = await generateStack({ nodeSelector: 'kubernetes.io/hostname=vps-2' });
    const result = run(
      'setup.sh',
      // A file of its own: the --check test below asserts the default one was never written.
      ['--credentials-file', join(workDir, 'pinned-credentials')],
      {
        ...healthyCluster(),
        nodes: [{ name: 'vps-2', labels: { 'kubernetes.io/hostname': 'vps-2' }, memory: '32Gi', cpu: '8' }],
      },
      undefined,
      {},
      pinned,
    );
    expect(result.status).toBe(0);
    const [relay] = result.calls.filter(([verb]) => verb === 'run');
    const overrides = relay[relay.indexOf('--overrides') + 1];
    expect(JSON.parse(overrides)).toEqual({ spec: { nodeSelector: { 'kubernetes.io/hostname': 'vps-2' } } });
    expect(relay.indexOf('--overrides')).toBeLessThan(relay.indexOf('--'));
  });

  it('with --nodeSelector checks the node it selects, and names the selector when no node has its labels', async () => {
    const pinned = await generateStack({ nodeSelector: 'kubernetes.io/hostname=vps-2' });
    const nodes = [
      { name: 'vps-1', labels: { 'kubernetes.io/hostname': 'vps-1' }, memory: '64Gi', cpu: '16' },
      { name: 'vps-2', labels: { 'kubernetes.io/hostname': 'vps-2' }, memory: '16Gi', cpu: '4' },
    ];
    const small = run(
      'setup.sh',
      [],
      {
        ...healthyCluster(),
        nodes: [nodes[0], { ...nodes[1], memory: '8Gi', capacity: { memory: '16Gi', cpu: '4' } }],
      },
      undefined,
      {},
      pinned,
    );
    expect(small.status).toBe(4);
    expect(small.stderr).toContain('node vps-2 offers 8192 MiB memory');
    const fits = run('setup.sh', ['--check'], { ...healthyCluster(), nodes }, undefined, {}, pinned);
    expect(fits.status).toBe(0);
    expect(fits.stdout).toContain('capacity: node vps-2 offers 16384 MiB');
    const none = run('setup.sh', [], { ...healthyCluster(), nodes: [nodes[0]] }, undefined, {}, pinned);
    expect(none.status).toBe(3);
    expect(none.stderr).toContain('no node has the labels kubernetes.io/hostname=vps-2 (--nodeSelector)');
    expect(mutations(none.calls)).toEqual([]);
    // Without a selector, the node with the most memory free is the one checked.
    const roomiest = run('setup.sh', ['--check'], { ...healthyCluster(), nodes });
    expect(roomiest.stdout).toContain('capacity: node vps-1 offers 65536 MiB');
  });

  // getsentry/self-hosted 26.8.0 install/_min-requirements.sh: 14000 MB and 4 CPUs (errors-only: 7000 MB, 2).
  it("refuses a machine below upstream's minimum for the profile even where the requests fit", () => {
    const small = { memory: '13Gi', cpu: '4' };
    const result = run('setup.sh', [], { ...healthyCluster(), nodes: [small] });
    expect(result.status).toBe(4);
    expect(result.stderr).toContain(
      "node node-1 has 13312 MiB memory and 4 CPUs; upstream's minimum for the feature-complete profile is 14000 MB and 4 CPUs",
    );
    expect(result.stderr).toContain('--skip-min-requirements');
    expect(mutations(result.calls)).toEqual([]);
    const fewCpus = run('setup.sh', [], { ...healthyCluster(), nodes: [{ memory: '16Gi', cpu: '2' }] });
    expect(fewCpus.status).toBe(4);
    expect(fewCpus.stderr).toContain('node node-1 has 16384 MiB memory and 2 CPUs');
    // The minimum is about the machine (capacity, as upstream counts with `free -m`), not what is allocatable.
    const reserved = run('setup.sh', ['--check'], {
      ...healthyCluster(),
      nodes: [{ memory: '13900Mi', cpu: '3800m', capacity: { memory: '16Gi', cpu: '4' } }],
    });
    expect(reserved.status).toBe(0);
    const skipped = run('setup.sh', ['--check', '--skip-min-requirements'], {
      ...healthyCluster(),
      nodes: [small],
    });
    expect(skipped.stderr).toBe('');
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toContain("warning: below upstream's minimum (14000 MB and 4 CPUs)");
  });

  it("holds the errors-only profile to upstream's smaller minimum", async () => {
    const errorsOnly = await generateStack({ profile: 'errors-only' });
    const fits = run(
      'setup.sh',
      ['--check'],
      { ...healthyCluster(), nodes: [{ memory: '7Gi', cpu: '2' }] },
      undefined,
      {},
      errorsOnly,
    );
    expect(fits.status).toBe(0);
    expect(fits.stdout).toContain("upstream's minimum for errors-only: 7000 MB and 2 CPUs");
    const small = run(
      'setup.sh',
      [],
      { ...healthyCluster(), nodes: [{ memory: '6700Mi', cpu: '2' }] },
      undefined,
      {},
      errorsOnly,
    );
    expect(small.status).toBe(4);
    expect(small.stderr).toContain("upstream's minimum for the errors-only profile is 7000 MB and 2 CPUs");
  });

  it('with --check prints the plan and calls no mutating verb', () => {
    const result = run('setup.sh', ['--check', '--credentials-file', credentialsPath()], healthyCluster());
    expect(result.status).toBe(0);
    expect(mutations(result.calls)).toEqual([]);
    expect(result.stdout).toContain('[check] would run: kc create namespace sentry');
    expect(result.stdout).toContain('[check] would apply bootstrap (app.kubernetes.io/name=sentry-upgrade)');
    expect(existsSync(credentialsPath())).toBe(false);
  });

  it('installs in order, stores credentials 0600, and a second run creates and overwrites nothing', () => {
    const first = run('setup.sh', ['--credentials-file', credentialsPath()], healthyCluster());
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const applied = (first.state.applied ?? []).map(({ folder, selector }) =>
      selector ? `${folder} ${selector}` : folder,
    );
    expect(applied).toEqual([
      'base',
      ...['postgres', 'pgbouncer', 'kafka', 'clickhouse', 'redis', 'memcached', 'seaweedfs', 'smtp'].map(
        (name) => `components/${name}`,
      ),
      'bootstrap !app.kubernetes.io/name',
      ...['sentry-packages', 's3-buckets', 'snuba-bootstrap', 'sentry-upgrade', 'sentry-createuser'].map(
        (name) => `bootstrap app.kubernetes.io/name=${name}`,
      ),
      '.',
    ]);
    const order = first.calls.map((call) => call.slice(0, 2).join(' '));
    expect(order.indexOf('create secret')).toBeLessThan(order.indexOf('apply -k'));
    expect(order.lastIndexOf('wait --for=condition=complete')).toBeLessThan(
      order.lastIndexOf('rollout status'),
    );
    const secrets = first.state.secrets ?? {};
    expect(Object.keys(secrets['sentry-secrets']).sort()).toEqual(
      [
        'admin-password',
        'clickhouse-password',
        'launchpad-rpc-shared-secret',
        'postgres-password',
        'relay-public-key',
        's3-access-key',
        's3-secret-key',
        'system-secret-key',
      ].sort(),
    );
    expect(Buffer.from(secrets['sentry-secrets']['system-secret-key'], 'base64').toString()).toMatch(
      /^[A-Za-z0-9]{50}$/,
    );
    expect(Buffer.from(secrets['sentry-secrets']['relay-public-key'], 'base64').toString()).toBe(
      'relay-public-key-1',
    );
    expect(Buffer.from(secrets['sentry-bootstrap-token'].token, 'base64').toString()).toBe(
      'sntryu_first_token',
    );
    expect(statSync(credentialsPath()).mode & 0o777).toBe(0o600);
    const credentials = readFileSync(credentialsPath(), 'utf-8');
    expect(credentials).toContain('SENTRY_URL=https://sentry.academind.ir\n');
    expect(credentials).toContain('SENTRY_AUTH_TOKEN=sntryu_first_token\n');
    expect(credentials).toMatch(/SENTRY_ADMIN_PASSWORD=[A-Za-z0-9]{40}\n/);

    const second = run('setup.sh', ['--credentials-file', credentialsPath()], first.state);
    expect(second.status).toBe(0);
    expect(second.calls.filter(([verb]) => ['create', 'patch', 'run'].includes(verb))).toEqual([]);
    expect(second.state.jobs).toEqual(first.state.jobs);
    expect(second.state.secrets).toEqual(first.state.secrets);
    expect(readFileSync(credentialsPath(), 'utf-8')).toBe(credentials);
  });

  it('reports a failed install step at once with its logs, and a re-run after the fix runs it again', () => {
    const failed = run('setup.sh', ['--credentials-file', credentialsPath()], {
      ...healthyCluster(),
      jobOutcomes: { 'sentry-upgrade': { status: 'failed', logs: 'django.db.utils.OperationalError' } },
    });
    expect(failed.status).toBe(6);
    expect(failed.stderr).toContain('OperationalError');
    expect(failed.stderr).toMatch(/job\/sentry-upgrade-26-8-0-[0-9a-f]{8} failed/);
    expect(failed.stderr).toContain('run setup.sh again');
    // At once: not after the 60-minute deadline (kubectl wait blocks for its --timeout while nothing holds).
    expect(failed.state.clock ?? 0).toBeLessThanOrEqual(60);
    expect(failed.state.applied?.map(({ folder }) => folder)).not.toContain('.');
    const [failedJob] = Object.entries(failed.state.jobs ?? {})
      .filter(([, job]) => job.status === 'failed')
      .map(([name]) => name);

    // The cause fixed (the step's next Job succeeds); the failed Job is still there, and setup runs again.
    const fixed = { ...failed.state, jobOutcomes: {} };
    const rerun = run('setup.sh', ['--credentials-file', credentialsPath()], fixed);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    const deletedByName = rerun.calls
      .filter(([verb, kind, name]) => verb === 'delete' && kind === 'job' && !name.startsWith('-'))
      .map(([, , name]) => name);
    expect(deletedByName).toEqual([failedJob]);
    expect(rerun.state.jobs?.[failedJob]?.status).toBe('complete');
    // The steps that had completed kept their Jobs; the rest ran now, one Job per step.
    const jobs = rerun.state.jobs ?? {};
    expect(Object.keys(jobs)).toEqual(expect.arrayContaining(Object.keys(failed.state.jobs ?? {})));
    expect(Object.values(jobs).map(({ status }) => status)).toEqual(Array(5).fill('complete'));
    expect(rerun.state.applied?.map(({ folder }) => folder)).toContain('.');
  });

  it('picks up an interrupted install: a running Job is awaited, not run again; an outdated one goes first', () => {
    const [job] = (
      parseManifests(
        readFileSync(join(stackDir, 'bootstrap', 'manifests.yaml'), 'utf-8'),
      ) as KubernetesObject[]
    ).filter(
      ({ kind, metadata }) =>
        kind === 'Job' && metadata?.labels?.['app.kubernetes.io/name'] === 'sentry-upgrade',
    );
    const name = job.metadata?.name as string;
    const labels = job.metadata?.labels as Record<string, string>;
    const template = (job.spec as { template: unknown }).template;
    // The earlier setup was stopped while this Job ran (90 s to go), and an older configuration's Job runs too.
    const result = run('setup.sh', ['--credentials-file', credentialsPath()], {
      ...healthyCluster(),
      clock: 0,
      jobs: {
        [name]: { labels, template, status: 'complete', finishesAt: 90, logs: 'earlier run' },
        'sentry-upgrade-26-8-0-0badc0de': {
          labels,
          template: {},
          status: 'complete',
          finishesAt: 900,
          logs: '',
        },
      },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.state.jobs?.[name]).toEqual(expect.objectContaining({ logs: 'earlier run' }));
    expect(result.state.jobs).not.toHaveProperty(['sentry-upgrade-26-8-0-0badc0de']);
    expect(result.state.clock).toBeGreaterThanOrEqual(90);
    const deletes = result.calls.filter(([verb]) => verb === 'delete');
    expect(deletes.filter((call) => call.includes(name))).toEqual([]);
    expect(deletes.map((call) => call.join(' ')).join('\n')).toContain(
      `--selector app.kubernetes.io/name=sentry-upgrade --field-selector metadata.name!=${name}`,
    );
  });

  it('re-runs after a configuration change: changed steps run again as new Jobs, the old ones go', async () => {
    const changed = await generateStack({ retentionDays: 30 });
    const first = run('setup.sh', ['--credentials-file', credentialsPath()], healthyCluster());
    expect(first.status).toBe(0);
    const second = run(
      'setup.sh',
      ['--credentials-file', credentialsPath()],
      first.state,
      undefined,
      {},
      changed,
    );
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    const before = Object.keys(first.state.jobs ?? {});
    const after = Object.keys(second.state.jobs ?? {});
    const step = (name: string) => name.replace(/-26-8-0-[0-9a-f]{8}$/, '');
    // One Job per step; the retention reaches s3-buckets, the others kept theirs and did not run again.
    expect(after.map(step).sort()).toEqual(before.map(step).sort());
    expect(after.filter((name) => !before.includes(name)).map(step)).toContain('s3-buckets');
    expect(after.filter((name) => before.includes(name)).map(step)).toContain('sentry-packages');
  });

  it('drives MicroK8s over SSH, quoting every word for the remote shell', () => {
    const result = run(
      'setup.sh',
      ['--ssh', 'root@203.0.113.10', '--credentials-file', credentialsPath()],
      healthyCluster(),
    );
    expect(result.status).toBe(0);
    expect(new Set(result.via)).toEqual(new Set(['ssh+microk8s']));
    // The ORM program has quotes, newlines and brackets: it must arrive as one intact argument.
    const tokenCall = result.calls.find(([verb, target]) => verb === 'exec' && target === 'deploy/web') ?? [];
    expect(tokenCall[tokenCall.length - 1]).toContain('scope_list=[\n    "org:admin"');
    expect(result.state.applied?.[0]).toEqual({ folder: 'base', selector: null });
  });
});

describe('fault injection: every failure ends with nothing lost and the next step named', () => {
  let installed: ClusterState;
  beforeAll(() => {
    installed = run('setup.sh', ['--credentials-file', credentialsPath()], healthyCluster()).state;
  });

  it('a failed Secret read stops setup instead of generating a new password over the old one', () => {
    const result = run('setup.sh', ['--credentials-file', credentialsPath()], {
      ...installed,
      failReads: [{ resource: 'secret/sentry-secrets', key: 'postgres-password', times: 1 }],
    });
    expect(result.status).toBe(8);
    expect(result.stderr).toContain('The connection to the server 127.0.0.1:16443 was refused');
    expect(result.stderr).toContain('could not read Secret sentry-secrets');
    expect(result.stderr).toContain('Nothing was overwritten');
    expect(result.stderr).toContain('run the script again');
    expect(result.state.secrets).toEqual(installed.secrets);
    expect(result.calls.filter(([verb]) => ['patch', 'create'].includes(verb))).toEqual([]);
  });

  it('re-trusts Relay when its Secret was recreated with a new key, and restarts web and relay', () => {
    const recreated = JSON.parse(JSON.stringify(installed)) as ClusterState;
    const credentials =
      '{"secret_key":"relay-secret-key-2","public_key":"relay-public-key-2","id":"1a2b3c4d"}';
    (recreated.secrets ?? {})['sentry-relay-credentials'] = {
      'credentials.json': Buffer.from(credentials).toString('base64'),
    };
    const result = run('setup.sh', ['--credentials-file', credentialsPath()], recreated);
    expect(result.status).toBe(0);
    const trusted = result.state.secrets?.['sentry-secrets']['relay-public-key'] ?? '';
    expect(Buffer.from(trusted, 'base64').toString()).toBe('relay-public-key-2');
    expect(result.stdout).toContain('differs from the public key in sentry-relay-credentials');
    expect(result.calls.map((call) => call.join(' '))).toContain(
      'rollout restart deployment/web deployment/relay',
    );
  });

  it('an install interrupted by a lost API server completes on the next run, keeping its Secrets', () => {
    const fresh = healthyCluster();
    const interrupted = run('setup.sh', ['--credentials-file', credentialsPath()], {
      ...fresh,
      failReads: [{ resource: 'secret/sentry-bootstrap-token', times: 1 }],
    });
    expect(interrupted.status).toBe(8);
    expect(interrupted.stderr).toContain('could not read Secret sentry-bootstrap-token');
    expect(interrupted.stderr).toContain('run the script again');
    const resumed = run('setup.sh', ['--credentials-file', credentialsPath()], interrupted.state);
    expect(resumed.status).toBe(0);
    expect(resumed.state.secrets?.['sentry-secrets']).toEqual(interrupted.state.secrets?.['sentry-secrets']);
    expect(resumed.state.secrets?.['sentry-bootstrap-token']).toBeDefined();
  });
});

describe('upgrade.sh', () => {
  const running = (version: string, clickhouse: string): ClusterState => ({
    ...healthyCluster(),
    deployments: { web: { replicas: 1, version } },
    statefulsets: { clickhouse: { image: `altinity/clickhouse-server:${clickhouse}.altinitystable` } },
  });

  it('refuses to skip a hard stop, naming the release to upgrade to first', () => {
    const result = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], running('23.6.2', '23.8.11'));
    expect(result.status).toBe(68);
    expect(result.stderr).toContain('skips the hard stop 23.11.0: upgrade to 23.11.0 first');
    expect(mutations(result.calls)).toEqual([]);
  });

  // getsentry/sentry-docs develop-docs/self-hosted/releases.mdx lists 26.5.0, 26.5.1 and 26.7.0 as hard stops
  // before 26.8.0 was tagged (getsentry/sentry-docs pull requests #17988, #18702, #18747).
  it.each([
    ['26.4.1', '26.5.0'],
    ['26.5.0', '26.5.1'],
    ['26.6.0', '26.7.0'],
  ])('refuses %s -> 26.8.0: it skips the hard stop %s', (from, stop) => {
    const result = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], running(from, '25.3.6'));
    expect(result.status).toBe(68);
    expect(result.stderr).toContain(`skips the hard stop ${stop}: upgrade to ${stop} first`);
  });

  // 26.7.2 (a known release: stack/releases/26.7.2.ts) comes after the last stop 26.8.0 lists, 26.7.0.
  it('lets 26.7.2 -> 26.8.0 through: no hard stop lies between them', () => {
    const result = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], running('26.7.2', '25.3.6'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses to skip a ClickHouse step', () => {
    const result = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], running('26.7.0', '23.8.11'));
    expect(result.status).toBe(69);
    expect(result.stderr).toContain('ClickHouse 23.8 -> 25.3 skips 24.8');
  });

  it('refuses a target the manifests were not generated for', () => {
    const result = run('upgrade.sh', ['--to', '27.1.0'], running('26.8.0', '25.3.6'));
    expect(result.status).toBe(65);
    expect(result.stderr).toContain('--sentryVersion=27.1.0');
  });

  it('takes an option as --name=VALUE too, and names what a bare option lacks', () => {
    const joined = run('upgrade.sh', ['--to=27.1.0', '--context=vps'], running('26.8.0', '25.3.6'));
    expect(joined.status).toBe(65);
    expect(joined.stderr).toContain('--sentryVersion=27.1.0');
    const bare = run('upgrade.sh', ['--to'], running('26.8.0', '25.3.6'));
    expect(bare.status).toBe(64);
    expect(bare.stderr).toContain('--to needs a version such as 26.8.0');
    expect(mutations(bare.calls)).toEqual([]);
  });

  it('stops every writer but Relay before migrating, says for how long, and starts them with their counts after', () => {
    const state: ClusterState = {
      ...running('26.7.0', '24.8.14'),
      deployments: {
        web: { replicas: 2, version: '26.7.0' },
        taskworker: { replicas: 3, version: '26.7.0' },
        relay: { replicas: 1, version: '26.7.0' },
      },
      cronJobs: { 'sentry-cleanup': { suspend: false }, 'postgres-backup': { suspend: false } },
      pods: [
        ['web-1', 'true', '', ''],
        ['taskworker-1', 'true', '', ''],
        ['relay-1', 'true', '', ''],
      ],
    };
    const result = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], state);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Sentry is down from now until the new release has rolled out/);
    expect(result.stdout).toContain('Expect 10 to 30 minutes');
    const order = result.calls.map((call) => call.join(' '));
    const index = (pattern: RegExp) => order.findIndex((call) => pattern.test(call));
    const lastIndex = (pattern: RegExp) => order.findLastIndex((call) => pattern.test(call));
    const stopped = Math.max(
      lastIndex(/^scale deployment \S+ --replicas 0$/),
      lastIndex(/^patch cronjob .*"suspend":true/),
    );
    expect(index(/^scale deployment web --replicas 0$/)).toBeGreaterThan(-1);
    expect(index(/^scale deployment taskworker --replicas 0$/)).toBeGreaterThan(-1);
    expect(index(/^scale deployment relay/)).toBe(-1);
    // Every pod gone before anything is applied, then migrations, then the new release, then the counts.
    const podsGone = lastIndex(/^get pods --selector/);
    expect(stopped).toBeLessThan(podsGone);
    expect(podsGone).toBeLessThan(index(/^apply -k/));
    expect(lastIndex(/^wait --for=condition=complete job\/sentry-upgrade/)).toBeLessThan(
      index(/^scale deployment web --replicas 2$/),
    );
    expect(result.state.deployments).toEqual(state.deployments);
    expect(result.state.cronJobs).toEqual(state.cronJobs);
  });

  it('a failed migration keeps Sentry stopped with the way forward; the next run resumes with the saved counts', () => {
    const state: ClusterState = {
      ...running('26.7.0', '24.8.14'),
      deployments: {
        web: { replicas: 2, version: '26.7.0' },
        taskworker: { replicas: 3, version: '26.7.0' },
      },
      cronJobs: { 'sentry-cleanup': { suspend: false } },
    };
    const failed = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], {
      ...state,
      jobOutcomes: { 'sentry-upgrade': { status: 'failed', logs: 'migration 0042 failed' } },
    });
    expect(failed.status).toBe(6);
    expect(failed.stderr).toContain('Sentry stays stopped');
    expect(failed.stderr).toContain('run upgrade.sh again (it continues where it stopped)');
    expect(failed.state.deployments?.web.replicas).toBe(0);
    expect(failed.state.cronJobs?.['sentry-cleanup'].suspend).toBe(true);
    const resumed = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], {
      ...failed.state,
      jobOutcomes: {},
    });
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('resuming: the replica counts saved');
    expect(resumed.state.deployments).toEqual(state.deployments);
    expect(resumed.state.cronJobs).toEqual(state.cronJobs);
  });

  it('runs the migrations of the new release, then rolls everything', () => {
    const result = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], running('26.7.0', '24.8.14'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const applied = (result.state.applied ?? []).map(({ folder, selector }) =>
      selector ? `${folder} ${selector}` : folder,
    );
    expect(applied.filter((entry) => entry.startsWith('bootstrap app'))).toEqual(
      ['sentry-packages', 's3-buckets', 'snuba-bootstrap', 'sentry-upgrade'].map(
        (name) => `bootstrap app.kubernetes.io/name=${name}`,
      ),
    );
    expect(applied[applied.length - 1]).toBe('.');
  });
});

describe('with --gitops=argocd, Argo CD applies the stack', () => {
  let gitopsStack: string;
  const automated = { prune: true, selfHeal: true };
  beforeAll(async () => {
    gitopsStack = await generateStack({
      gitops: 'argocd',
      gitopsRepoUrl: 'https://github.com/acme/platform.git',
    });
  });
  const withArgo = (): ClusterState => ({ ...healthyCluster(), argocd: {} });

  it('setup.sh does the one-time parts, applies the Application and waits for Synced and Healthy, applying no folder itself', () => {
    const first = run(
      'setup.sh',
      ['--credentials-file', credentialsPath()],
      withArgo(),
      undefined,
      {},
      gitopsStack,
    );
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.state.applied ?? []).toEqual([]);
    expect(first.state.jobs ?? {}).toEqual({});
    expect(first.state.applications?.sentry.spec.syncPolicy).toEqual({
      automated,
      syncOptions: ['ServerSideApply=true', 'CreateNamespace=true', 'PruneLast=true'],
    });
    const order = first.calls.map((call) => call.slice(0, 3).join(' '));
    expect(order.indexOf('create secret generic')).toBeLessThan(order.indexOf('apply -f -'));
    expect(order.indexOf('apply -f -')).toBeLessThan(order.indexOf('exec deploy/web --'));
    expect(first.argvs.find((argv) => argv.includes('apply'))).toEqual(
      expect.arrayContaining(['--namespace', 'argocd']),
    );
    expect(first.stdout).toContain('sentry: Synced and Healthy');
    expect(readFileSync(credentialsPath(), 'utf-8')).toContain('SENTRY_AUTH_TOKEN=sntryu_first_token\n');
    expect(Object.keys(first.state.secrets ?? {}).sort()).toEqual([
      'sentry-bootstrap-token',
      'sentry-relay-credentials',
      'sentry-secrets',
    ]);

    const second = run(
      'setup.sh',
      ['--credentials-file', credentialsPath()],
      first.state,
      undefined,
      {},
      gitopsStack,
    );
    expect(second.status).toBe(0);
    expect(second.calls.filter(([verb]) => ['create', 'patch', 'run'].includes(verb))).toEqual([]);
    expect(second.state.secrets).toEqual(first.state.secrets);
  });

  it('setup.sh refuses a cluster without Argo CD, and reports a failed sync with its message', () => {
    const missing = run('setup.sh', [], healthyCluster(), undefined, {}, gitopsStack);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('Argo CD in namespace argocd');
    expect(mutations(missing.calls)).toEqual([]);
    const failed = run(
      'setup.sh',
      ['--credentials-file', credentialsPath()],
      {
        ...withArgo(),
        argocd: {
          outcome: {
            sync: 'OutOfSync',
            health: 'Progressing',
            phase: 'Failed',
            message: 'one or more synchronization tasks completed unsuccessfully: job sentry-upgrade failed',
          },
        },
      },
      undefined,
      {},
      gitopsStack,
    );
    expect(failed.status).toBe(6);
    expect(failed.stderr).toContain('job sentry-upgrade failed');
    expect(failed.stderr).toContain('Argo CD has not synced sentry');
    expect(failed.calls.some((call) => call.includes('deploy/web'))).toBe(false);
  });

  const synced = (): ClusterState => {
    const installed = run(
      'setup.sh',
      ['--credentials-file', credentialsPath()],
      withArgo(),
      undefined,
      {},
      gitopsStack,
    );
    return {
      ...installed.state,
      // 26.7.0: the last hard stop before 26.8.0 (releases/26.8.0.ts), so upgrade.sh goes ahead.
      deployments: { web: { replicas: 2, version: '26.7.0' }, relay: { replicas: 1, version: '26.7.0' } },
      statefulsets: { clickhouse: { image: 'altinity/clickhouse-server:24.8.14.altinitystable' } },
      cronJobs: { 'sentry-cleanup': { suspend: false } },
    };
  };

  it('upgrade.sh pauses automated sync before scaling anything down and resumes it once Sentry runs again', () => {
    const result = run(
      'upgrade.sh',
      ['--to', '26.8.0', '--skip-backup'],
      synced(),
      undefined,
      {},
      gitopsStack,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const order = result.calls.map((call) => call.join(' '));
    const pause = order.indexOf(
      `patch application sentry --type merge --patch {"spec":{"syncPolicy":{"automated":null}}}`,
    );
    const resume = order.indexOf(
      `patch application sentry --type merge --patch ${JSON.stringify({ spec: { syncPolicy: { automated } } })}`,
    );
    expect(pause).toBeGreaterThan(-1);
    expect(pause).toBeLessThan(order.findIndex((call) => /^(scale|patch cronjob)/.test(call)));
    expect(resume).toBeGreaterThan(order.findLastIndex((call) => /^(scale|patch cronjob)/.test(call)));
    expect(result.state.applications?.sentry.spec.syncPolicy.automated).toEqual(automated);
  });

  it('refuses, before stopping anything, to pause an Application another Application syncs (app-of-apps), whose self-heal would undo the pause', () => {
    // The parent tracks what it syncs by this annotation (argoproj/argo-cd docs/user-guide/resource_tracking.md@v3.1.0),
    // and its self-heal puts the child's automated sync back within seconds (docs/user-guide/auto_sync.md@v3.1.0).
    const state = synced();
    const sentry = state.applications?.sentry as unknown as { metadata: Record<string, unknown> };
    sentry.metadata.annotations = {
      'argocd.argoproj.io/tracking-id': 'platform-apps:argoproj.io/Application:argocd/sentry',
    };
    const result = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], state, undefined, {}, gitopsStack);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(
      'Argo CD Application sentry is synced by Application platform-apps, whose self-heal would undo the pause',
    );
    expect(result.stderr).toContain(
      `kubectl -n argocd patch application platform-apps --type merge --patch '{"spec":{"syncPolicy":{"automated":null}}}'`,
    );
    expect(result.calls.filter((call) => ['scale', 'patch'].includes(call[0]))).toEqual([]);
    expect(result.state.applications?.sentry.spec.syncPolicy.automated).toEqual(automated);
  });

  it('resumes automated sync on exit when the script ends before starting Sentry again, as restore.sh --check does', () => {
    const dump = join(workDir, 'gitops-check', 'postgres.dump');
    mkdirSync(dirname(dump), { recursive: true });
    writeFileSync(dump, 'PGDMP');
    const result = run(
      'restore.sh',
      [dump, '--check', '--allow-version-mismatch'],
      { ...withArgo(), deployments: { web: { replicas: 2, version: '26.8.0' } } },
      undefined,
      {},
      gitopsStack,
    );
    expect(result.status).toBe(0);
    expect(mutations(result.calls)).toEqual([]);
    const lines = result.stdout.split('\n');
    const pause = lines.findIndex(
      (line) =>
        line.includes('would run: kargo patch application sentry') && line.includes('"automated":null'),
    );
    const scale = lines.findIndex((line) => line.includes('would save 1 replica counts'));
    const resume = lines.findIndex(
      (line) =>
        line.includes('would run: kargo patch application sentry') && line.includes('"selfHeal":true'),
    );
    expect([pause > -1, pause < scale, scale < resume]).toEqual([true, true, true]);
  });

  it('keeps automated sync paused while a failed migration keeps Sentry stopped, and restore.sh --start-writers resumes both', () => {
    const failed = run(
      'upgrade.sh',
      ['--to', '26.8.0', '--skip-backup'],
      { ...synced(), jobOutcomes: { 'sentry-upgrade': { status: 'failed', logs: 'migration 0042 failed' } } },
      undefined,
      {},
      gitopsStack,
    );
    expect(failed.status).toBe(6);
    expect(failed.state.applications?.sentry.spec.syncPolicy.automated).toBeUndefined();
    expect(failed.stderr).toContain('automated sync of sentry stays paused while Sentry is stopped');
    expect(failed.stderr).toContain('restore.sh --start-writers');
    const started = run('restore.sh', ['--start-writers'], failed.state, undefined, {}, gitopsStack);
    expect(started.status).toBe(0);
    expect(started.state.deployments?.web.replicas).toBe(2);
    expect(started.state.applications?.sentry.spec.syncPolicy.automated).toEqual(automated);
  });
});

describe('backup.sh and restore.sh against a real PostgreSQL', () => {
  let postgres: PostgresServer;
  let state: ClusterState;
  const backups = () => join(workDir, 'backups');

  beforeAll(() => {
    postgres = startPostgres(55432 + (process.pid % 1000));
    postgres.psql('CREATE TABLE sentry_organization (id serial PRIMARY KEY, slug text NOT NULL)');
    postgres.psql(
      "INSERT INTO sentry_organization (slug) SELECT 'org-' || n FROM generate_series(1, 250) AS n",
    );
    state = {
      ...healthyCluster(),
      postgres: { host: postgres.host, port: postgres.port },
      secrets: { 'sentry-secrets': { 'postgres-password': Buffer.from('pw').toString('base64') } },
      deployments: {
        web: { replicas: 2, version: '26.8.0' },
        taskworker: { replicas: 1, version: '26.8.0' },
      },
      cronJobs: { 'sentry-cleanup': { suspend: false }, 'postgres-backup': { suspend: false } },
      pods: [
        ['web-1', 'true', '', ''],
        ['taskworker-1', 'true', '', ''],
      ],
    };
  });
  afterAll(() => postgres?.stop());

  it('round-trips the database: rows in = rows out after a restore into an emptied database', () => {
    const backup = run('backup.sh', ['--out', backups(), '--keep', '2'], state);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    const [folder] = readdirSync(backups());
    const dump = join(backups(), folder, 'postgres.dump');
    expect(readFileSync(dump).subarray(0, 5).toString()).toBe('PGDMP');
    expect(statSync(join(backups(), folder, 'secrets.yaml')).mode & 0o777).toBe(0o600);
    expect(spawnSync('sha256sum', ['--check', 'SHA256SUMS'], { cwd: join(backups(), folder) }).status).toBe(
      0,
    );

    const before = postgres.psql(
      "SELECT count(*) || ':' || sum(id) || ':' || max(slug) FROM sentry_organization",
    );
    postgres.psql('DROP TABLE sentry_organization');

    const refused = run('restore.sh', [dump], backup.state);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('add --yes');
    expect(mutations(refused.calls)).toEqual([]);

    const restore = run('restore.sh', [dump, '--yes'], backup.state);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(
      postgres.psql("SELECT count(*) || ':' || sum(id) || ':' || max(slug) FROM sentry_organization"),
    ).toBe(before);
    // Writers were stopped for the restore and came back with their replica counts.
    const scales = restore.calls
      .filter(([verb]) => verb === 'scale')
      .map((call) => `${call[2]}=${call[call.indexOf('--replicas') + 1]}`);
    expect(scales.sort()).toEqual(['taskworker=0', 'taskworker=1', 'web=0', 'web=2']);
    expect(restore.state.deployments).toEqual(state.deployments);
    // The CronJobs were suspended and every writer's pod gone before pg_restore, rows checked before the
    // writers came back, the CronJobs resumed.
    const order = restore.calls.map((call) => call.join(' '));
    const pgRestore = order.findIndex((call) => call.includes('pg_restore --username'));
    expect(order.findLastIndex((call) => /^patch cronjob .*"suspend":true/.test(call))).toBeLessThan(
      pgRestore,
    );
    expect(order.findLastIndex((call) => call.startsWith('get pods --selector'))).toBeLessThan(pgRestore);
    const counted = order.findIndex((call) => call.includes('psql') && call.includes('--file -'));
    expect(counted).toBeGreaterThan(pgRestore);
    expect(counted).toBeLessThan(order.findIndex((call) => call === 'scale deployment web --replicas 2'));
    expect(restore.stdout).toContain('every table holds the rows of the dump');
    expect(restore.state.cronJobs).toEqual(state.cronJobs);
    expect(readFileSync(join(backups(), folder, 'row-counts.tsv'), 'utf-8')).toBe(
      'public.sentry_organization\t250\n',
    );
    const manifest = readFileSync(join(backups(), folder, 'MANIFEST'), 'utf-8');
    expect(manifest).toMatch(/^sentry_version=26\.8\.0$/m);
    // What a restore does not bring back is said in the folder and in --help.
    for (const text of [manifest, run('backup.sh', ['--help'], state).stdout])
      expect(text).toMatch(
        /event payloads\s+\(SeaweedFS nodestore[\s\S]*source maps, debug files, attachments[\s\S]*ClickHouse/,
      );
  });

  it('refuses a dump of another Sentry release unless told, saying how to proceed', () => {
    const backup = run('backup.sh', ['--out', join(workDir, 'other-release'), '--keep', '1'], state);
    expect(backup.status).toBe(0);
    const [folder] = readdirSync(join(workDir, 'other-release'));
    const dump = join(workDir, 'other-release', folder, 'postgres.dump');
    const older: ClusterState = {
      ...state,
      deployments: {
        web: { replicas: 2, version: '25.5.1' },
        taskworker: { replicas: 1, version: '25.5.1' },
      },
    };
    const refused = run('restore.sh', [dump, '--yes'], older);
    expect(refused.status).toBe(65);
    expect(refused.stderr).toContain('the dump is of Sentry 26.8.0, this namespace runs 25.5.1');
    expect(refused.stderr).toContain('--allow-version-mismatch');
    expect(mutations(refused.calls)).toEqual([]);
    const allowed = run('restore.sh', [dump, '--yes', '--allow-version-mismatch'], older);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('warning: the dump is of Sentry 26.8.0');
  });

  it('a failed pg_restore leaves the database as it was, Sentry stopped, and the one command that starts it', () => {
    const backup = run('backup.sh', ['--out', join(workDir, 'broken'), '--keep', '1'], state);
    expect(backup.status).toBe(0);
    const [folder] = readdirSync(join(workDir, 'broken'));
    const dump = join(workDir, 'broken', folder, 'postgres.dump');
    writeFileSync(dump, readFileSync(dump).subarray(0, 400));
    const before = postgres.psql('SELECT count(*) FROM sentry_organization');
    const failed = run('restore.sh', [dump, '--yes'], state);
    expect(failed.status).toBe(70);
    expect(failed.stderr).toContain('rolled the database back');
    expect(failed.stderr).toContain('restore.sh --start-writers');
    expect(postgres.psql('SELECT count(*) FROM sentry_organization')).toBe(before);
    expect(failed.state.deployments?.web.replicas).toBe(0);
    expect(failed.state.cronJobs?.['sentry-cleanup'].suspend).toBe(true);
    const started = run('restore.sh', ['--start-writers'], failed.state);
    expect(started.status).toBe(0);
    expect(started.state.deployments).toEqual(state.deployments);
    expect(started.state.cronJobs).toEqual(state.cronJobs);
  });

  it('does not start Sentry on a database whose rows differ from the dump', () => {
    const backup = run('backup.sh', ['--out', join(workDir, 'tampered'), '--keep', '1'], state);
    const [folder] = readdirSync(join(workDir, 'tampered'));
    writeFileSync(join(workDir, 'tampered', folder, 'row-counts.tsv'), 'public.sentry_organization\t251\n');
    const result = run(
      'restore.sh',
      [join(workDir, 'tampered', folder, 'postgres.dump'), '--yes'],
      backup.state,
    );
    expect(result.status).toBe(71);
    expect(result.stderr).toContain('< public.sentry_organization\t251');
    expect(result.stderr).toContain('restore.sh --start-writers');
    expect(result.state.deployments?.web.replicas).toBe(0);
    expect(run('restore.sh', ['--start-writers'], result.state).state.deployments).toEqual(state.deployments);
  });

  it('never puts a secret in a process argument (kubectl, ssh, curl) across setup, backup, restore, doctor, upgrade', () => {
    const argvs: string[][] = [];
    const ssh = ['--ssh', 'root@203.0.113.10'];
    const installed = run('setup.sh', [...ssh, '--credentials-file', credentialsPath()], {
      ...state,
      secrets: {},
    });
    expect(installed.status).toBe(0);
    argvs.push(...installed.argvs);
    const cluster: ClusterState = {
      ...installed.state,
      pods: [['web-1', 'true', '', '']],
      statefulsets: { clickhouse: { image: 'altinity/clickhouse-server:25.3.6.altinitystable' } },
    };
    const backup = run('backup.sh', ['--out', backups(), '--keep', '2'], cluster);
    expect(backup.status).toBe(0);
    argvs.push(...backup.argvs);
    const latest = readdirSync(backups()).sort().at(-1) ?? '';
    const restore = run('restore.sh', [join(backups(), latest, 'postgres.dump'), '--yes'], cluster);
    expect(restore.status).toBe(0);
    argvs.push(...restore.argvs);
    const token = Buffer.from(cluster.secrets?.['sentry-bootstrap-token'].token ?? '', 'base64').toString();
    const doctor = run('doctor.sh', ['--dsn', 'https://public@sentry.academind.ir/2'], cluster, undefined, {
      SENTRY_AUTH_TOKEN: token,
      SENTRY_ORG: 'academind',
    });
    expect(doctor.stdout).toContain('OK    the test event was processed and stored');
    argvs.push(...doctor.argvs);
    const upgrade = run('upgrade.sh', ['--to', '26.8.0', '--skip-backup'], cluster);
    expect(upgrade.status).toBe(0);
    argvs.push(...upgrade.argvs);

    const values = Object.values(cluster.secrets ?? {})
      .flatMap((secret) => Object.entries(secret))
      .filter(([key]) => key !== 'relay-public-key')
      .map(([, value]) => Buffer.from(value, 'base64').toString())
      .flatMap((value) => [value, ...(value.match(/"secret_key" *: *"([^"]+)"/)?.slice(1) ?? [])])
      .filter((value) => value.length >= 8);
    expect(values).toEqual(expect.arrayContaining([token, 'relay-secret-key-1']));
    const leaks = argvs.flatMap((argv) =>
      values
        .filter((value) => argv.some((word) => word.includes(value)))
        .map((value) => `${value} in ${argv.join(' ')}`),
    );
    expect(leaks).toEqual([]);
    // Programs started inside pods: no password option either (their argv shows on the node).
    expect(argvs.filter((argv) => argv.some((word) => /--password\b/.test(word)))).toEqual([]);
    const bootstrapJobs = readFileSync(join(stackDir, 'bootstrap', 'manifests.yaml'), 'utf-8');
    expect(bootstrapJobs).not.toMatch(/--password\b/);
  });

  it('writes backups private (folders 0700, files 0600), by default outside the repository, never into a git work tree that does not ignore them', () => {
    const plan = run('backup.sh', ['--check'], state);
    expect(plan.status).toBe(0);
    // The tests run as root: /var/backups/sentry/NAMESPACE (else ~/.local/state/sentry-backups/NAMESPACE).
    expect(plan.stdout).toContain('would write /var/backups/sentry/sentry/sentry-');

    const repository = join(workDir, 'repository');
    mkdirSync(repository, { recursive: true });
    spawnSync('git', ['init', '--quiet', repository]);
    const inside = join(repository, 'infra', 'sentry', 'sentry-backups');
    const refused = run('backup.sh', ['--out', inside], state);
    expect(refused.status).toBe(64);
    expect(refused.stderr).toContain('inside the git work tree');
    expect(refused.stderr).toContain('Nothing was written');
    expect(existsSync(inside)).toBe(false);

    writeFileSync(join(repository, '.gitignore'), 'sentry-backups/\n');
    const ignored = run('backup.sh', ['--out', inside], state);
    expect(ignored.stderr).toBe('');
    expect(ignored.status).toBe(0);
    const [folder] = readdirSync(inside);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(inside)).toBe('700');
    expect(mode(join(inside, folder))).toBe('700');
    for (const file of readdirSync(join(inside, folder)))
      expect([file, mode(join(inside, folder, file))]).toEqual([file, '600']);
  });

  it('keeps only the newest backups', () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(run('backup.sh', ['--out', backups(), '--keep', '2'], state).status).toBe(0);
      spawnSync('sleep', ['1']);
    }
    expect(readdirSync(backups())).toHaveLength(2);
  });
});

describe('doctor.sh', () => {
  const withKeys = (publicKey: string): ClusterState => ({
    ...healthyCluster(),
    secrets: {
      'sentry-secrets': { 'relay-public-key': Buffer.from(publicKey).toString('base64') },
      'sentry-relay-credentials': {
        'credentials.json': Buffer.from(healthyCluster().relayCredentials).toString('base64'),
      },
    },
    // name, phase, PodScheduled reason, init containers, containers (name:ready:waiting:last terminated,)
    pods: [
      ['web-1', 'Running', '', 'wait-for-postgres:true::,', 'web:true::,'],
      ['kafka-0', 'Running', '', '', 'kafka:true::,'],
      ['sentry-cleanup-29400000-x1', 'Succeeded', '', '', 'cleanup:false::,'],
    ],
    execOutput: {
      'deploy/web bash': 'HTTP/1.1 200 OK\r\n',
      'statefulset/seaweedfs df':
        'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/x 100 20 80 20% /data\n',
      'deploy/web df': 'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/x 100 20 80 20% /data\n',
      'statefulset/kafka kafka-consumer-groups':
        'GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG\ningest-consumer ingest-events 0 10 12 2\n',
      'statefulset/kafka df':
        'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/x 100 40 60 40% /var/lib/kafka/data\n',
      'statefulset/clickhouse df':
        'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/x 100 97 3 97% /var/lib/clickhouse\n',
      'statefulset/postgres df':
        'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/x 100 10 90 10% /var/lib/postgresql/data\n',
      'statefulset/clickhouse sh': '0\n',
    },
  });

  it('prints OK, WARN and FAIL with the fix, and fails when anything failed', () => {
    const result = run('doctor.sh', [], withKeys('relay-public-key-1'));
    expect(result.stdout).toContain("OK    Relay's key is whitelisted");
    expect(result.stdout).toContain('OK    every pod is scheduled and every container of it ready');
    expect(result.stdout).toContain('OK    web answers /_health/ through its Service');
    expect(result.stdout).toContain('OK    statefulset/seaweedfs: /data is 20% full');
    expect(result.stdout).toContain(
      'OK    Relay logs of the last hour show no authentication or upstream errors',
    );
    expect(result.stdout).toContain(
      'FAIL  statefulset/clickhouse: /var/lib/clickhouse is 97% full: lower --retentionDays',
    );
    expect(result.stdout).toContain('OK    ClickHouse has no broken parts');
    expect(result.stdout).toContain('WARN  no --dsn given');
    expect(result.status).toBe(1);
    expect(mutations(result.calls).filter(([verb]) => verb !== 'exec')).toEqual([]);
  });

  it('finds an untrusted Relay and OOM-killed pods', () => {
    const state = withKeys('another-key');
    state.pods = [
      ['events-consumer-1', 'Running', '', '', 'events-consumer:false:CrashLoopBackOff:OOMKilled,'],
    ];
    const result = run('doctor.sh', [], state);
    expect(result.stdout).toContain("FAIL  Relay's public key is not the one Sentry trusts");
    expect(result.stdout).toContain('FAIL  events-consumer-1 (events-consumer) was OOM-killed');
    expect(result.stdout).toContain('FAIL  events-consumer-1 (events-consumer) crash-loops');
  });

  it('finds unschedulable pods, init-container crash loops, any container OOM-killed, a failing /_health/, a full SeaweedFS, and reads Relay logs precisely', () => {
    const state = withKeys('relay-public-key-1');
    state.pods = [
      ['taskworker-2', 'Pending', 'Unschedulable', '', ''],
      [
        'web-2',
        'Pending',
        '',
        'wait-for-postgres:false:CrashLoopBackOff:Error,',
        'web:false:PodInitializing:,',
      ],
      ['relay-1', 'Running', '', '', 'relay:true::,metrics:true::OOMKilled,'],
    ];
    state.execOutput = {
      ...state.execOutput,
      'deploy/web bash': 'HTTP/1.1 503 Service Unavailable\r\n',
      'statefulset/seaweedfs df':
        'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/x 100 96 4 96% /data\n',
    };
    // Numbers that merely contain 401 or 403 are not refusals.
    state.logs = { 'deployment/relay': 'INFO relay_server: processed 1401 envelopes in 403ms\n' };
    const result = run('doctor.sh', [], state);
    expect(result.stdout).toContain('FAIL  taskworker-2 cannot be scheduled');
    expect(result.stdout).toContain('FAIL  web-2 (init container wait-for-postgres) crash-loops');
    expect(result.stdout).toContain('FAIL  relay-1 (metrics) was OOM-killed');
    expect(result.stdout).toContain(`FAIL  web's /_health/ answered "HTTP/1.1 503 Service Unavailable"`);
    expect(result.stdout).toContain('FAIL  statefulset/seaweedfs: /data is 96% full');
    expect(result.stdout).toContain(
      'OK    Relay logs of the last hour show no authentication or upstream errors',
    );
    expect(result.stdout).not.toContain('OK    every pod');

    state.logs = {
      'deployment/relay':
        'ERROR relay_server::services::upstream: authentication encountered error: upstream request returned error 401 Unauthorized\n',
    };
    expect(run('doctor.sh', [], state).stdout).toContain('FAIL  Relay is refused by Sentry (401/403)');
  });
});

describe('mirror-images.sh', () => {
  const registry = 'registry.example.com:5000/sentry-mirror';
  let mirrored: string;
  let tools: string;
  const seaweedfs =
    'chrislusf/seaweedfs:4.40_large_disk@sha256:d07aa1dae03c687e0737b86130ded1b18474211a09e85d737fbe5508b8805139';

  beforeAll(async () => {
    mirrored = await generateStack({
      imageRegistry: registry,
      nodestorePackageUrl: 'https://files.example.com/sentry_nodestore_s3-1.0.0-py3-none-any.whl',
    });
    // Stand-ins for the copy tools, each in a folder of its own, recording its argv.
    tools = join(workDir, 'copy-tools');
    for (const tool of ['skopeo', 'crane', 'docker']) {
      mkdirSync(join(tools, tool), { recursive: true });
      const path = join(tools, tool, tool);
      writeFileSync(path, `#!/usr/bin/env bash\nprintf '%s\\n' "${tool} $*" >>"$TOOL_LOG"\n`);
      chmodSync(path, 0o755);
    }
  });

  /** Runs the script with only the named stand-in tools on PATH (plus the system's own programs). */
  function mirror(args: string[], available: string[], stack = mirrored) {
    const log = join(workDir, 'tools.log');
    writeFileSync(log, '');
    const result = spawnSync('bash', [join(stack, 'scripts', 'mirror-images.sh'), ...args], {
      encoding: 'utf-8',
      env: {
        PATH: [...available.map((tool) => join(tools, tool)), '/usr/bin', '/bin'].join(':'),
        TOOL_LOG: log,
        HOME: workDir,
      },
    });
    const commands = readFileSync(log, 'utf-8').split('\n').filter(Boolean);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, commands };
  }

  const listed = (stack: string) =>
    readFileSync(join(stack, 'images.txt'), 'utf-8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(' '));

  it('lists each image as source -> mirror, from images.txt, copying nothing', () => {
    const result = mirror(['--list'], ['skopeo']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(
      listed(mirrored).map(([from, to]) => `${from} -> ${to}`),
    );
    expect(result.stdout).toContain(
      `docker.io/library/postgres:14.23-bookworm -> ${registry}/library/postgres:14.23-bookworm\n`,
    );
    expect(result.commands).toEqual([]);
  });

  it('copies every image with skopeo when it is there, every platform and digest kept, by digest where pinned', () => {
    const result = mirror([], ['docker', 'crane', 'skopeo']);
    expect(result.status).toBe(0);
    expect(result.commands).toHaveLength(listed(mirrored).length);
    expect(result.commands).toContain(
      `skopeo copy --all --preserve-digests docker://docker.io/library/postgres:14.23-bookworm docker://${registry}/library/postgres:14.23-bookworm`,
    );
    expect(result.commands).toContain(
      `skopeo copy --all --preserve-digests docker://ghcr.io/getsentry/sentry:26.8.0 docker://${registry}/getsentry/sentry:26.8.0`,
    );
    const [name, digest] = seaweedfs.split('@');
    expect(result.commands).toContain(
      `skopeo copy --all --preserve-digests docker://docker.io/chrislusf/seaweedfs@${digest} docker://${registry}/${name}`,
    );
  });

  it('falls back to crane, then docker; --tool chooses; --check runs nothing', () => {
    const crane = mirror([], ['docker', 'crane']);
    expect(crane.status).toBe(0);
    expect(crane.commands).toContain(
      `crane copy registry.gitlab.com/egos-tech/smtp:1.2.2 ${registry}/egos-tech/smtp:1.2.2`,
    );
    const docker = mirror(['--tool', 'docker'], ['docker', 'crane', 'skopeo']);
    expect(docker.status).toBe(0);
    expect(docker.commands.slice(0, 3)).toEqual([
      expect.stringMatching(/^docker pull /),
      expect.stringMatching(/^docker tag /),
      expect.stringMatching(/^docker push /),
    ]);
    expect(docker.commands).toContain(`docker push ${registry}/getsentry/relay:26.8.0`);
    expect(docker.stdout).toContain('warning: docker copies one platform');
    const check = mirror(['--check', '--tool=crane'], ['crane']);
    expect(check.status).toBe(0);
    expect(check.commands).toEqual([]);
    expect(check.stdout).toContain(
      `[check] would run: crane copy ghcr.io/getsentry/relay:26.8.0 ${registry}/getsentry/relay:26.8.0`,
    );
  });

  it('says what is missing: no tool, an unknown one, a stack without --imageRegistry', () => {
    const none = mirror([], []);
    expect(none.status).toBe(69);
    expect(none.stderr).toContain('none of skopeo crane docker is installed');
    expect(mirror(['--tool', 'podman'], ['skopeo']).stderr).toContain('--tool podman: expected one of');
    const plain = mirror([], ['skopeo'], stackDir);
    expect(plain.status).toBe(64);
    expect(plain.stderr).toContain('generated without --imageRegistry');
    expect(plain.commands).toEqual([]);
    expect(mirror(['--list'], [], stackDir).stdout).toContain(
      'docker.io/library/postgres:14.23-bookworm -> postgres:14.23-bookworm\n',
    );
  });
});

describe('the Ansible playbook', () => {
  it('copies only the manifests and scripts to the host, and counts an object kubectl configured as a change', () => {
    const playbook = readFileSync(join(stackDir, 'ansible', 'playbooks', 'setup-sentry.yaml'), 'utf-8');
    const [play] = parse(playbook) as { tasks: Record<string, unknown>[]; vars: Record<string, string> }[];
    // On the host under the stack's own name (--name), no team's folder.
    expect(play.vars['sentry_stack_dir']).toBe('/opt/sentry');
    const copy = play.tasks.find((task) => 'ansible.builtin.copy' in task) ?? {};
    expect(copy.loop).toEqual([
      'base',
      'bootstrap',
      'components',
      'config',
      'edge',
      'kustomization.yaml',
      'namespace.yaml',
      'scripts',
    ]);
    expect((copy['ansible.builtin.copy'] as { src: string }).src).toMatch(/\{\{ item \}\}$/);
    const setup = play.tasks.find((task) => task.register === 'sentry_setup') ?? {};
    expect(setup.changed_when).toMatch(/search\('[^']*\bconfigured\b/);
  });

  it('passes ansible-playbook --syntax-check and ansible-lint', () => {
    const ansible = join(stackDir, 'ansible');
    const inventory = join(ansible, 'inventory', 'hosts.ini.example');
    const syntax = spawnSync(
      'ansible-playbook',
      ['--syntax-check', '-i', inventory, 'playbooks/setup-sentry.yaml'],
      { cwd: ansible, encoding: 'utf-8' },
    );
    expect(syntax.error).toBeUndefined();
    expect([syntax.status, syntax.stderr]).toEqual([0, expect.any(String)]);
    const lint = spawnSync('ansible-lint', ['--offline', 'playbooks/setup-sentry.yaml'], {
      cwd: ansible,
      encoding: 'utf-8',
      env: { ...process.env, ANSIBLE_LOCAL_TEMP: join(workDir, 'ansible-tmp') },
    });
    expect(lint.error).toBeUndefined();
    expect([lint.status, lint.stdout]).toEqual([0, expect.any(String)]);
  });
});

describe('ci-token.sh', () => {
  const minted = (token: string) => ({ ...healthyCluster(), token });
  const execCall = (calls: string[][]) => calls.find(([verb]) => verb === 'exec') ?? [];

  it('mints the token in the web pod, names passed by the environment, the org from the state file', () => {
    const result = run('ci-token.sh', [], minted('ci-token-created sntrys_payload_secret'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Sentry shows it this once; store it now, never in a file:\n  sntrys_payload_secret\n',
    );
    expect(execCall(result.calls)).toEqual(
      expect.arrayContaining([
        'deploy/web',
        'env',
        'CI_TOKEN_ORG=fundamental',
        'CI_TOKEN_NAME=ci',
        'sentry',
        'exec',
      ]),
    );
    expect(mutations(result.calls).filter(([verb]) => verb !== 'exec')).toEqual([]);
  });

  it('reports an active token of that name instead of minting another', () => {
    const result = run('ci-token.sh', ['--org', 'acme', '--name', 'release'], minted('ci-token-exists Ab12'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('an active token "release" exists (…Ab12)');
    expect(execCall(result.calls)).toEqual(
      expect.arrayContaining(['CI_TOKEN_ORG=acme', 'CI_TOKEN_NAME=release']),
    );
  });

  it('with --secret, stores it from stdin and never prints it or puts it in an argument', () => {
    const result = run('ci-token.sh', ['--secret', 'sentry-ci-token'], minted('ci-token-created sntrys_p_s'));
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('sntrys_p_s');
    expect(result.calls.flat().join(' ')).not.toContain('sntrys_p_s');
    expect(result.calls).toContainEqual(
      expect.arrayContaining([
        'create',
        'secret',
        'generic',
        'sentry-ci-token',
        '--from-file=token=/dev/stdin',
      ]),
    );
  });

  const secretName = 'sentry-ci-token';
  const execs = (calls: string[][]) => calls.filter(([verb]) => verb === 'exec');

  it('with --secret, refuses before minting when the Secret exists without a token key', () => {
    const cluster = {
      ...minted('ci-token-created sntrys_p_s'),
      secrets: { [secretName]: { other: 'eA==' } },
    };
    const result = run('ci-token.sh', ['--secret', secretName], cluster);
    expect(result.status).not.toBe(0);
    expect(execs(result.calls)).toEqual([]);
    expect(result.stderr).toContain(`Secret ${secretName} exists without a key token`);
    expect(result.state.secrets).toEqual({ [secretName]: { other: 'eA==' } });
  });

  it('with --secret, refuses before minting when it may not create the Secret', () => {
    const cluster = { ...minted('ci-token-created sntrys_p_s'), refuseSecretCreate: 'always' as const };
    const result = run('ci-token.sh', ['--secret', secretName], cluster);
    expect(result.status).not.toBe(0);
    expect(execs(result.calls)).toEqual([]);
    expect(result.calls).toContainEqual(expect.arrayContaining(['create', 'secret', '--dry-run=server']));
    expect(result.stderr).toContain(`cannot create Secret ${secretName}`);
  });

  it('with --secret, prints a minted token once, with a warning and the command, when storing it fails', () => {
    const cluster = {
      ...minted('ci-token-created sntrys_p_s'),
      refuseSecretCreate: 'after-dry-run' as const,
    };
    const result = run('ci-token.sh', ['--secret', secretName], cluster);
    expect(result.status).not.toBe(0);
    expect(execs(result.calls)).toHaveLength(1);
    expect(result.stdout.split('sntrys_p_s')).toHaveLength(2);
    expect(result.stderr).toContain(`could not store the token in Secret ${secretName}`);
    expect(result.stdout).toContain(
      `kubectl -n sentry create secret generic ${secretName} --from-file=token=/dev/stdin`,
    );
    expect(result.calls.flat().join(' ')).not.toContain('sntrys_p_s');
    expect(result.state.secrets ?? {}).toEqual({});
  });

  /**
   * Stand-ins for the `sentry.*` modules the program imports, each with the names and call shapes of
   * getsentry/sentry src/sentry/api/endpoints/organization_auth_tokens.py
   * @28cadaa5cfefc4ae01fc654003f6eada76cdb354 (OrganizationAuthTokensEndpoint.post and its imports). They
   * log every create to $STUB_LOG; $STUB_NO_URL_PREFIX makes generate_token raise as without system.url-prefix.
   */
  const sentryStubs: Record<string, string> = {
    '__init__.py': '',
    'options.py': 'def get(key):\n    return {"system.url-prefix": "https://sentry.example"}[key]\n',
    'roles.py': 'class _Role:\n    id = "owner"\n\ndef get_top_dog():\n    return _Role()\n',
    'api/__init__.py': '',
    'api/utils.py': 'def generate_locality_url(name=None):\n    return "https://sentry.example"\n',
    'models/__init__.py': '',
    'models/organization.py': [
      'class _Org:',
      '    id = 7',
      '    def __init__(self, slug):',
      '        self.slug = slug',
      'class _Objects:',
      '    def get(self, slug):',
      '        return _Org(slug)',
      'class Organization:',
      '    objects = _Objects()',
    ].join('\n'),
    'models/organizationmembermapping.py': [
      'class _Query:',
      '    def __init__(self, kwargs):',
      '        self.kwargs = kwargs',
      '    def values_list(self, field, flat=False):',
      '        assert (field, flat) == ("user_id", True)',
      '        return self',
      '    def order_by(self, *fields):',
      '        return self',
      '    def first(self):',
      '        wanted = {"organization_id": 7, "role": "owner", "user_id__isnull": False}',
      '        return 42 if self.kwargs == wanted else None',
      'class _Objects:',
      '    def filter(self, **kwargs):',
      '        return _Query(kwargs)',
      'class OrganizationMemberMapping:',
      '    objects = _Objects()',
    ].join('\n'),
    'models/orgauthtoken.py': [
      'import json, os',
      'class _Query:',
      '    def first(self):',
      '        return None',
      'class _Objects:',
      '    def filter(self, **kwargs):',
      '        assert kwargs == {"organization_id": 7, "name": os.environ["CI_TOKEN_NAME"], "date_deactivated__isnull": True}',
      '        return _Query()',
      '    def create(self, **kwargs):',
      '        with open(os.environ["STUB_LOG"], "a") as log:',
      '            log.write(json.dumps(kwargs) + "\\n")',
      'class OrgAuthToken:',
      '    objects = _Objects()',
    ].join('\n'),
    'utils/__init__.py': '',
    'utils/security/__init__.py': '',
    'utils/security/orgauthtoken_token.py': [
      'import os',
      'class SystemUrlPrefixMissingException(Exception):',
      '    pass',
      'def generate_token(org_slug, region_url):',
      '    if os.environ.get("STUB_NO_URL_PREFIX"):',
      '        raise SystemUrlPrefixMissingException()',
      '    return "sntrys_" + org_slug + "_" + region_url.split("//")[1] + "_abcd"',
      'def hash_token(token):',
      '    return "hash-of-" + token',
    ].join('\n'),
  };

  /** The program ci-token.sh sent to `sentry exec -c`, run by python3 over the stubs. */
  function runProgram(calls: string[][], env: Record<string, string> = {}) {
    const argv = execs(calls)[0] ?? [];
    const program = argv[argv.indexOf('-c') + 1];
    const stubs = mkdtempSync(join(tmpdir(), 'sentry-stubs-'));
    for (const [path, text] of Object.entries(sentryStubs)) {
      mkdirSync(join(stubs, 'sentry', path, '..'), { recursive: true });
      writeFileSync(join(stubs, 'sentry', path), `${text}\n`);
    }
    // sentry exec -c wraps the script in a try block, re-indented (src/sentry/runner/commands/exec.py
    // @0c2925a4): it must compile there too.
    const wrapped = `try:\n${program.replace(/^/gm, '    ')}\nexcept Exception:\n    raise\n`;
    const compiled = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "<exec>", "exec")'], {
      input: wrapped,
      encoding: 'utf-8',
    });
    const log = join(stubs, 'creates.jsonl');
    writeFileSync(log, '');
    const result = spawnSync('python3', ['-c', program], {
      encoding: 'utf-8',
      env: {
        ...process.env,
        ...env,
        PYTHONPATH: stubs,
        STUB_LOG: log,
        CI_TOKEN_ORG: 'fundamental',
        CI_TOKEN_NAME: 'ci',
      },
    });
    const creates = readFileSync(log, 'utf-8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    rmSync(stubs, { recursive: true, force: true });
    return { compiled, result, creates };
  }

  it('sends sentry exec -c a program that creates the token as the endpoint does, with its owner as creator', () => {
    const { calls } = run('ci-token.sh', [], minted('ci-token-created sntrys_x'));
    expect(execs(calls)[0]).toEqual(expect.arrayContaining(['sentry', 'exec', '-c']));
    const { compiled, result, creates } = runProgram(calls);
    expect([compiled.status, compiled.stderr]).toEqual([0, '']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    const token = 'sntrys_fundamental_sentry.example_abcd';
    expect(result.stdout).toBe(`ci-token-created ${token}\n`);
    expect(creates).toEqual([
      {
        name: 'ci',
        organization_id: 7,
        scope_list: ['org:ci'],
        created_by_id: 42,
        token_last_characters: 'abcd',
        token_hashed: `hash-of-${token}`,
      },
    ]);
  });

  it('says so when Sentry has no system.url-prefix, minting nothing', () => {
    const { calls } = run('ci-token.sh', [], minted('ci-token-created sntrys_x'));
    const { result, creates } = runProgram(calls, { STUB_NO_URL_PREFIX: '1' });
    expect([result.status, result.stdout]).toEqual([0, 'ci-token-no-url-prefix\n']);
    expect(creates).toEqual([]);
    const missing = run('ci-token.sh', [], minted('ci-token-no-url-prefix'));
    expect(missing.status).toBe(7);
    expect(missing.stderr).toContain('system.url-prefix is not set');
  });

  it('in check mode, and when the pod prints no token, changes nothing', () => {
    expect(mutations(run('ci-token.sh', ['--check'], minted('x')).calls)).toEqual([]);
    const silent = run('ci-token.sh', [], minted('Traceback (most recent call last):'));
    expect(silent.status).toBe(7);
    expect(silent.stderr).toContain('the web pod printed no token');
  });
});
