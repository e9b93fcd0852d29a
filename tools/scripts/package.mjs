#!/usr/bin/env node
// Builds @fundamental/sentry and packs it into exactly one tarball in dist/ (older tarballs are removed,
// so "the tarball" is never ambiguous for the e2e harness or a user installing it by path).
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const run = (command, args) =>
  execFileSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });

run('npx', ['nx', 'build', 'sentry', '--skip-nx-cache']);
for (const file of readdirSync(dist)) if (file.endsWith('.tgz')) rmSync(join(dist, file));
const [packed] = JSON.parse(
  run('npm', ['pack', join(dist, 'packages', 'sentry'), '--pack-destination', dist, '--json']).toString(),
);
console.log(join(dist, packed.filename));
