import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/**
 * Test workspaces live outside this repository on purpose: inside it, Node's module resolution
 * would walk up into this repo's node_modules and hide a dependency the plugin forgot to declare.
 * `FUNDAMENTAL_E2E_ROOT` moves it; templates kept there are reused across runs.
 */
export const e2eRoot = process.env.FUNDAMENTAL_E2E_ROOT ?? join(tmpdir(), 'fundamental-sentry-e2e');
export const templatesDir = join(e2eRoot, 'templates');
export const workspacesDir = join(e2eRoot, 'workspaces');

/** Written by the global setup: the absolute path of the packed plugin tarball. */
export const tarballPointer = join(e2eRoot, 'plugin-tarball.txt');
