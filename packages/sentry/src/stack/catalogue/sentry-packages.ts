import { sentryNodestoreS3Archive } from '../../versions';
import type { StackSettings } from '../settings';

/**
 * sentry-nodestore-s3: sentry.conf.py names its S3 nodestore, and the stock Sentry image lacks it. Upstream
 * bakes it into a locally built image (getsentry/self-hosted 26.8.0 sentry/Dockerfile runs pip in the image;
 * the image's Python is the virtualenv /.venv). We build no image, and the other places fail:
 * - the user site (PYTHONUSERBASE, `pip install --user`): a virtualenv without system site packages leaves
 *   it off sys.path, and pip refuses `--user` there;
 * - one install on the shared sentry-data volume: that claim is ReadWriteOnce, so pods on another node
 *   cannot mount it.
 * So every Sentry pod installs it first, in an init container, with `pip install --target` into its own
 * emptyDir, and PYTHONPATH puts that directory on sys.path of every container in the pod.
 * The price is egress at each pod start: the archive from GitHub, and setuptools from PyPI to build it
 * (as upstream's image build needs). `--no-deps`: its requirements (boto3, certifi) ship with Sentry, and
 * `--target` ignores installed packages, so it would otherwise put a second boto3 ahead of Sentry's own.
 * A cluster that must not reach GitHub and PyPI installs a built wheel from a host it reaches instead
 * (`--nodestorePackageUrl`): a wheel needs no build, and with `--no-deps` pip then fetches nothing but that URL.
 */
const directory = '/opt/sentry-packages';

export const sentryPackages = {
  /** The emptyDir every Sentry pod mounts here; PYTHONPATH names it. */
  directory,
  /** What the install fetches: GitHub's archive, or the wheel `--nodestorePackageUrl` names. */
  env: (settings: StackSettings) => ({
    NODESTORE_S3_ARCHIVE: settings.nodestorePackageUrl ?? sentryNodestoreS3Archive,
  }),
  /** `--upgrade` replaces what an earlier start of the same pod left in the emptyDir. */
  install: [
    'bash',
    '-c',
    'python3 -m pip install --no-cache-dir --disable-pip-version-check --no-deps --upgrade ' +
      `--target ${directory} "$NODESTORE_S3_ARCHIVE"`,
  ],
} as const;
