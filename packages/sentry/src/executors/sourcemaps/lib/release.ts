import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { releaseName } from '../../../utils/release-name';

/** Sentry refuses these in release names (sentry-cli docs: no slashes, newlines or tabs; not `.`/`..`; ≤ 200). */
export function assertReleaseName(release: string): string {
  if (
    !release ||
    release.length > 200 ||
    /[/\\\n\r\t]/.test(release) ||
    release === '.' ||
    release === '..' ||
    release.trim() !== release
  )
    throw new Error(
      `Invalid release ${JSON.stringify(release)}: Sentry accepts up to 200 characters without slashes, tabs or newlines.`,
    );
  return release;
}

/** The release the app reports: explicit, SENTRY_RELEASE (set by CI), or the workspace's name for HEAD. */
export function resolveRelease(workspaceRoot: string, explicit?: string): string {
  if (explicit) return assertReleaseName(explicit);
  if (process.env['SENTRY_RELEASE']) return assertReleaseName(process.env['SENTRY_RELEASE']);
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspaceRoot, encoding: 'utf-8' }).trim();
  return releaseName(JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf-8')), commit);
}
