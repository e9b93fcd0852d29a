import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot, tarballPointer } from './paths';

/** Packs the plugin once per e2e run; every test workspace installs that one tarball. */
export default function globalSetup(): void {
  const output = execFileSync('node', [join(repoRoot, 'tools', 'scripts', 'package.mjs')], {
    cwd: repoRoot,
    encoding: 'utf-8',
  });
  const tarball = output.trim().split('\n').pop() ?? '';
  if (!tarball.endsWith('.tgz')) throw new Error(`package.mjs printed no tarball path:\n${output}`);
  mkdirSync(dirname(tarballPointer), { recursive: true });
  writeFileSync(tarballPointer, tarball);
}
