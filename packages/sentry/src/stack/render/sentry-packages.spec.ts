import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestsOf, renderSeedStack } from '../../testing/render-seed-stack';
import type { KubernetesObject } from './kubernetes-object';

/**
 * Runs the rendered install and check steps of sentry-nodestore-s3 for real, against a Python laid out as the
 * Sentry image lays it out: a virtualenv without system site packages (the image runs `/.venv/bin/python3`;
 * getsentry/self-hosted's sentry/Dockerfile installs into that venv). PyPI is not reachable here, so a stand-in
 * wheel named like the real package (same module name, same Requires-Dist) is built locally.
 *
 * Mapping from the pod to this machine, and nothing else changed:
 * - every volume mount path of a pod becomes a temporary directory: an emptyDir is fresh per pod, a
 *   PersistentVolumeClaim (sentry-data) is one directory shared by every pod (the best case: all on one node);
 *   occurrences of a mount path in command, args and env values are rewritten to that directory;
 * - `python3` and `pip` are the venv's (its bin directory first on PATH), as in the image;
 * - NODESTORE_S3_ARCHIVE points at the stand-in wheel instead of the GitHub archive;
 * - `$(NAME)` in command and args is expanded from the container env, as the kubelet does;
 * - without `command`, `args` run as the command (the Sentry image's entrypoint execs what is not a Sentry
 *   subcommand); env from Secrets is left out (no step here reads one).
 */

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  initContainers?: Container[];
  containers: Container[];
  volumes?: { name: string; emptyDir?: unknown; persistentVolumeClaim?: { claimName: string } }[];
}

const python = (code: string, args: string[] = []) =>
  spawnSync('python3', ['-c', code, ...args], { encoding: 'utf-8' });

/** A minimal wheel of a package `sentry_nodestore_s3` 1.0.0 that, like the real one, requires boto3. */
const standInWheel = `
import base64, hashlib, sys, zipfile
path = sys.argv[1]
files = {
    "sentry_nodestore_s3/__init__.py": b"STAND_IN = True\\n",
    "sentry_nodestore_s3-1.0.0.dist-info/METADATA":
        b"Metadata-Version: 2.1\\nName: sentry-nodestore-s3\\nVersion: 1.0.0\\nRequires-Dist: boto3>=1.42.8\\n",
    "sentry_nodestore_s3-1.0.0.dist-info/WHEEL":
        b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
record = "".join(f"{name},{digest(data)},{len(data)}\\n" for name, data in files.items())
record += "sentry_nodestore_s3-1.0.0.dist-info/RECORD,,\\n"
with zipfile.ZipFile(path, "w") as wheel:
    for name, data in files.items():
        wheel.writestr(name, data)
    wheel.writestr("sentry_nodestore_s3-1.0.0.dist-info/RECORD", record)
`;

function podOf(objects: KubernetesObject[], kind: string): PodSpec {
  const workload = objects.find((object) => object.kind === kind) as
    { spec: { template: { spec: PodSpec } } } | undefined;
  if (!workload) throw new Error(`no ${kind} rendered`);
  return workload.spec.template.spec;
}

describe('sentry-nodestore-s3 in a virtualenv image, as rendered', () => {
  let work: string;
  let venvBin: string;
  let wheel: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'sentry-packages-'));
    expect(
      python('import venv, sys; venv.create(sys.argv[1], with_pip=True)', [join(work, 'venv')]).status,
    ).toBe(0);
    venvBin = join(work, 'venv', 'bin');
    wheel = join(work, 'sentry_nodestore_s3-1.0.0-py3-none-any.whl');
    expect(python(standInWheel, [wheel]).status).toBe(0);
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Temporary directories standing in for volumes; claims are shared across pods, emptyDirs are not. */
  const claims = new Map<string, string>();
  let podCount = 0;

  function runPod(
    pod: PodSpec,
    containers: Container[],
  ): { name: string; status: number | null; output: string }[] {
    const podDir = join(work, `pod-${podCount++}`);
    const volumeDirs = new Map<string, string>();
    for (const volume of pod.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      const dir = claim ? (claims.get(claim) ?? join(work, 'claims', claim)) : join(podDir, volume.name);
      if (claim) claims.set(claim, dir);
      mkdirSync(dir, { recursive: true });
      volumeDirs.set(volume.name, dir);
    }
    const results = [];
    for (const container of containers) {
      // Longest mount path first, so /data/x is not rewritten as /data + /x.
      const mounts = [...(container.volumeMounts ?? [])].sort(
        (a, b) => b.mountPath.length - a.mountPath.length,
      );
      const mapPaths = (text: string) =>
        mounts.reduce(
          (result, mount) =>
            result.replace(
              new RegExp(
                `(?<![\\w/.-])${mount.mountPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=/|[^\\w.-]|$)`,
                'g',
              ),
              volumeDirs.get(mount.name) ?? '',
            ),
          text,
        );
      const env: Record<string, string> = {};
      for (const variable of container.env ?? [])
        if (variable.value !== undefined) env[variable.name] = mapPaths(variable.value);
      if ('NODESTORE_S3_ARCHIVE' in env) env.NODESTORE_S3_ARCHIVE = wheel;
      const argv = [...(container.command ?? []), ...(container.args ?? [])].map((part) =>
        mapPaths(part).replace(/\$\((\w+)\)/g, (whole, name: string) => env[name] ?? whole),
      );
      const result = spawnSync(argv[0], argv.slice(1), {
        encoding: 'utf-8',
        env: { PATH: `${venvBin}:${process.env.PATH}`, HOME: join(podDir, 'home'), ...env },
      });
      results.push({
        name: container.name,
        status: result.status,
        output: `${result.stdout}${result.stderr}`,
      });
      if (result.status !== 0) break;
    }
    return results;
  }

  it('installs with the bootstrap Job, then every Sentry pod finds the package before it starts', () => {
    const folders = renderSeedStack();
    const job = podOf(
      manifestsOf(folders, 'bootstrap').filter(({ metadata }) => metadata.name.startsWith('sentry-packages')),
      'Job',
    );
    const jobRun = runPod(job, [...(job.initContainers ?? []), ...job.containers]);
    expect(jobRun.map(({ name, status, output }) => ({ name, status, output }))).toEqual(
      jobRun.map(({ name, output }) => ({ name, status: 0, output })),
    );

    const web = podOf(manifestsOf(folders, 'components/web'), 'Deployment');
    const webRun = runPod(web, web.initContainers ?? []);
    // Every init container ran, in order, and each exited 0: the last is the import check.
    expect(webRun.map(({ name, status, output }) => ({ name, status, output }))).toEqual(
      (web.initContainers ?? []).map(({ name }, index) => ({
        name,
        status: 0,
        output: webRun[index]?.output,
      })),
    );
    expect(webRun.at(-1)?.name).toBe('check-nodestore-package');
  }, 180_000);
});
