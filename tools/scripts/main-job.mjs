#!/usr/bin/env node
// The README's first command after `npm ci`: runs the plugin's generators on this workspace, the way a
// user runs them in theirs. Every step is idempotent, so running it again changes nothing.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const nx = (...args) => execFileSync('npx', ['nx', ...args], { cwd: root, stdio: 'inherit' });

nx('g', '@fundamental/sentry:init');
