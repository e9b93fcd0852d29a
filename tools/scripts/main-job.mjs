#!/usr/bin/env node
// The README's first command after `npm ci`: runs the plugin's generators on this workspace, the way a
// user runs them in theirs, producing examples/ (the seed's setup in miniature). Every step is
// idempotent, so running it again changes nothing.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const nx = (...args) => execFileSync('npx', ['nx', ...args], { cwd: root, stdio: 'inherit' });

nx('g', '@fundamental/sentry:init');
// The seed's self-hosted Sentry: sentry.academind.ir behind Cloudflare (origin certificate in a TLS Secret).
nx(
  'g',
  '@fundamental/sentry:infra',
  '--directory=examples/infra/sentry',
  '--domain=sentry.academind.ir',
  '--adminEmail=admin@academind.ir',
  '--profile=feature-complete',
  '--tls=secret',
  '--tlsSecret=sentry-academind-origin',
  '--no-interactive',
);
