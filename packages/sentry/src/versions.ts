import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every version this plugin pins, in one place. Generators read these; nothing else in the plugin
 * spells a version. `packages/sentry/package.json` repeats the Nx range as its peer range — a spec
 * keeps the two equal.
 */

/**
 * Nx majors the plugin is built and tested against (Nx 22 is the newest that runs on Node 20). Nx 20 stays in:
 * `nx init` gives an Angular 16 CLI workspace Nx `~20.1.0`, the last Nx whose @nx/angular admits Angular 16
 * (nrwl/nx 22.7.12, packages/nx/src/command-line/init/implementation/angular/legacy-angular-versions.ts). Every
 * @nx/devkit function the plugin imports exists in 20.1.
 */
export const nxVersionRange = '>=20.0.0 <23.0.0';

/** Optional peer: the replay-bundle executor uses the workspace's esbuild (Angular's builders bring it). */
export const esbuildPeerRange = '>=0.18.0';

/**
 * What the e2e suite installs to prove that range: one release of each supported major — for Nx 20 the one
 * `nx init` installs into an Angular 16 workspace, else the newest.
 */
export const nxTestedVersions = ['20.1.4', '21.6.11', '22.7.12'] as const;

/** The self-hosted Sentry release the infra generator renders by default (the `--sentryVersion` default). */
export const sentryStackVersion = '26.8.0';

/**
 * sentry-nodestore-s3, which 26.x's sentry.conf.py needs and the upstream image lacks; upstream installs
 * the same archive into its locally built image (getsentry/self-hosted 26.8.0 sentry/Dockerfile).
 */
export const sentryNodestoreS3Archive = 'https://github.com/getsentry/sentry-nodestore-s3/archive/main.zip';

/** Browser SDK for Angular 14+ (the default). */
export const sentryAngularVersion = '^11.0.0';

/** Legacy Ivy SDK (Angular 12–17), only for apps that already use it or ask for it. */
export const sentryAngularIvyVersion = '^7.120.4';

/** sentry-cli 3: `sourcemaps inject` + `sourcemaps upload` (debug IDs). */
export const sentryCliVersion = '^3.8.0';

/** The exact sentry-cli the CI workflow runs through `npx` (inside the `sentryCliVersion` range). */
export const ciSentryCliVersion = '3.8.0';

/** GitHub Actions the CI workflow uses, each pinned to a major tag. */
export const ciActions = {
  checkout: 'actions/checkout@v6',
  setupNode: 'actions/setup-node@v6',
  setupDotnet: 'actions/setup-dotnet@v5',
  nxSetShas: 'nrwl/nx-set-shas@v5',
} as const;

/** One version for Sentry.AspNetCore, Sentry.Serilog and Sentry.Profiling (they release together). */
export const sentryDotnetVersion = '6.12.1';

/** This plugin's own version, as published (what `init` writes into a workspace's devDependencies). */
export const pluginVersion: string = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf-8')) as { version: string }
).version;
