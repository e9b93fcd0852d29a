#!/usr/bin/env node
// Fails when examples/ is not what the generators produce today: runs the main job (npm start) and asks git
// whether anything under examples/ (or nx.json) changed; then renders the infra, builds the .NET example and
// builds the Angular example in production (with its replay bundle).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

// And the examples work with the tools that consume them.
execFileSync('kubectl', ['kustomize', resolve(root, 'examples/infra/sentry')], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log('examples/infra/sentry renders with kubectl kustomize.');
// The publish target dotnet-app added: what CI uploads symbols from and ships.
execFileSync('npx', ['nx', 'run', 'backend:publish', '--skip-nx-cache'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (!existsSync(resolve(root, 'dist/examples/backend/MinimalApi.pdb')))
  throw new Error('nx run backend:publish wrote no portable PDB into dist/examples/backend.');
console.log('examples/backend publishes into dist/examples/backend with its PDB (nx run backend:publish).');
execFileSync('npx', ['nx', 'build', 'frontend', '--configuration=production', '--skip-nx-cache'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log('examples/frontend builds in production (nx build frontend).');
