import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReleasePackageJson, releaseName, releaseNameScript } from './release-name';

const commitSha = '3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091';

/** Runs the workflow script as GitHub Actions would, in a workspace holding `packageJson`. */
function scriptRelease(packageJson: ReleasePackageJson): { release?: string; exitCode: number | null } {
  const workspace = mkdtempSync(join(tmpdir(), 'release-name-'));
  try {
    writeFileSync(join(workspace, 'package.json'), JSON.stringify(packageJson));
    const githubEnv = join(workspace, 'github-env');
    writeFileSync(githubEnv, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', releaseNameScript], {
      cwd: workspace,
      env: { PATH: process.env.PATH, GITHUB_SHA: commitSha, GITHUB_ENV: githubEnv },
      encoding: 'utf-8',
    });
    const exported = readFileSync(githubEnv, 'utf-8').match(/^SENTRY_RELEASE=(.*)$/m);
    return { release: exported?.[1], exitCode: result.status };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

describe('release name', () => {
  it('is <package>@<version>+<12 hex digits of the commit>, scope flattened', () => {
    expect(releaseName({ name: '@fundamental/source', version: '1.4.0' }, commitSha)).toBe(
      'fundamental-source@1.4.0+3f2a9c41d07e',
    );
    expect(releaseName({ name: 'academind' }, commitSha)).toBe('academind@0.0.0+3f2a9c41d07e');
  });

  it.each<ReleasePackageJson>([
    { name: '@fundamental/source', version: '0.0.0' },
    { name: 'academind', version: '2.1.0-rc.1' },
    { name: 'no-version' },
    { name: 'Legacy_Name.app', version: '3.0.0' },
  ])('is computed the same by the workflow script for %j', (packageJson) => {
    expect(scriptRelease(packageJson)).toEqual({ release: releaseName(packageJson, commitSha), exitCode: 0 });
  });

  it.each<[string, ReleasePackageJson]>([
    ['no name', {}],
    ['build metadata in the version', { name: 'app', version: '1.0.0+build.7' }],
    ['a newline in the version', { name: 'app', version: '1.0.0\nNODE_OPTIONS=--require=/tmp/x' }],
    ['a shell substitution in the name', { name: 'app$(id)', version: '1.0.0' }],
    ['more than 200 characters', { name: 'a'.repeat(190), version: '1.0.0' }],
  ])('is refused by both with %s, and the script exports nothing', (_, packageJson) => {
    expect(() => releaseName(packageJson, commitSha)).toThrow('<package>@<version>+<12 hex digits');
    const { release, exitCode } = scriptRelease(packageJson);
    expect(exitCode).toBe(1);
    expect(release).toBeUndefined();
  });

  it('refuses a commit that is not hexadecimal', () => {
    expect(() => releaseName({ name: 'app' }, 'HEAD~1')).toThrow();
  });
});
