#!/usr/bin/env node
// The README's first command after `npm ci`: runs the plugin's generators on this workspace, the way a
// user runs them in theirs, producing examples/ (the seed's setup in miniature). Every step is
// idempotent, so running it again changes nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const nx = (...args) => execFileSync('npx', ['nx', ...args], { cwd: root, stdio: 'inherit' });

nx('g', '@fundamental/sentry:init');
// The seed's self-hosted Sentry: sentry.academind.ir behind Cloudflare (origin certificate in a TLS Secret), for
// the seed's organization. The plugin has no team's values of its own: each one the seed had is passed here.
nx(
  'g',
  '@fundamental/sentry:infra',
  '--directory=examples/infra/sentry',
  '--domain=sentry.academind.ir',
  '--adminEmail=admin@academind.ir',
  '--profile=feature-complete',
  '--tls=secret',
  '--tlsSecret=sentry-academind-origin',
  '--organization=fundamental',
  '--no-interactive',
);

// The seed's back end: an ASP.NET Core API. The minimal-api fixture stands in for the team's existing code
// (rebuilt from scratch every run); dotnet-app wires it and registers the seed's Sentry project and repository. Profiling stays off: NuGet here lacks Sentry.Profiling.
const backend = join(root, 'examples', 'backend');
rmSync(backend, { recursive: true, force: true });
cpSync(join(root, 'tools', 'dotnet-fixtures', 'minimal-api'), backend, { recursive: true });
writeFileSync(
  join(backend, 'project.json'),
  `${JSON.stringify({ name: 'backend', $schema: '../../node_modules/nx/schemas/project-schema.json', projectType: 'application', sourceRoot: 'examples/backend', tags: ['example'] }, null, 2)}\n`,
);
nx(
  'g',
  '@fundamental/sentry:dotnet-app',
  'backend',
  '--dsn=https://0123456789abcdef0123456789abcdef@sentry.academind.ir/1',
  '--environment=production',
  '--namespace=fundamental-dev',
  '--sentryProject=dotnet-backend',
  '--repository=PeSahm/Fundamental.Backend',
  '--profiling=false',
  '--no-interactive',
);

// The seed's front end: an Angular app. @nx/angular creates it as a team's app would have been created; the
// environments fixture stands in for the team's settings (the API it calls, which becomes the trace
// propagation target); angular-app wires it. This repository's base tsconfig serves Node code, so the app adds
// the DOM library, as the base config of an Angular workspace has it.
const frontend = join(root, 'examples', 'frontend');
rmSync(frontend, { recursive: true, force: true });
nx(
  'g',
  '@nx/angular:application',
  'examples/frontend',
  '--name=frontend',
  '--bundler=esbuild',
  '--style=css',
  '--ssr=false',
  '--linter=none',
  '--unitTestRunner=none',
  '--e2eTestRunner=none',
  '--tags=example',
  '--no-interactive',
);
const tsconfigPath = join(frontend, 'tsconfig.json');
const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf-8'));
tsconfig.compilerOptions.lib = ['es2023', 'dom'];
writeFileSync(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`);
cpSync(join(root, 'tools', 'angular-fixtures', 'environments'), join(frontend, 'src', 'environments'), {
  recursive: true,
});
nx(
  'g',
  '@fundamental/sentry:angular-app',
  'frontend',
  '--dsn=https://0123456789abcdef0123456789abcdef@sentry.academind.ir/2',
  '--sentryProject=angular-frontend',
  '--repository=PeSahm/Fundamental.FrontEnd',
  '--no-interactive',
);

// The CI/CD workflow for this monorepo, kept under examples/ so that it does not run for this repository.
nx('g', '@fundamental/sentry:ci', '--workflowDirectory=examples/.github/workflows', '--no-interactive');
