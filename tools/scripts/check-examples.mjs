#!/usr/bin/env node
// Fails when examples/ is not what the generators produce today: runs the main job (npm start) and
// asks git whether anything under examples/ (or nx.json) changed.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
execFileSync('node', [resolve(root, 'tools/scripts/main-job.mjs')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const changes = execFileSync('git', ['status', '--porcelain', '--', 'examples', 'nx.json'], {
  cwd: root,
  encoding: 'utf-8',
});
if (changes.trim()) {
  console.error(
    `examples/ is stale: the generators now produce different files.\n${changes}\nRun npm start and commit.`,
  );
  process.exit(1);
}
console.log('examples/ matches what the generators produce.');
