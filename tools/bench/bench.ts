/**
 * `npm run bench`: prints one `name=value` line per figure (goals in the README).
 * - sentry_initial_kb_gz: initial transfer size (gzip) the Sentry wiring adds to a standard Nx Angular app,
 *   built in production with and without it; sentry_replay_bundle_kb_gz: the replay bundle it loads after `load`;
 * - generator_angular_app_ratio / generator_infra_ratio: wall time of our generator over
 *   `nx g @nx/angular:component` in the same workspace, median of three cold runs (a fresh copy and process each);
 * - graph_plugin_ms / graph_package_ms: `nx show projects` wall time in a workspace with the generated stack,
 *   nx.json registering `@fundamental/sentry/plugin` (the light entry) or `@fundamental/sentry` (the package's
 *   main module, as before); median of five runs after one that fills the plugin's cache;
 * - stack request totals per profile.
 * It uses the e2e harness: real registry packages, the packed plugin.
 */
import { nxTestedVersions, sentryStackVersion } from '../../packages/sentry/src/versions';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { selectComponents } from '../../packages/sentry/src/stack/catalogue';
import { releases } from '../../packages/sentry/src/stack/releases';
import type { StackSettings } from '../../packages/sentry/src/stack/settings';
import { sizingOf } from '../../packages/sentry/src/generators/infra/lib/sizing';
import { replayBundleFile } from '../../packages/sentry/src/utils/browser-bundle';
import packPluginForWorkspaces from '../e2e/src/harness/global-setup';
import { initialFiles } from '../e2e/src/harness/initial-files';
import { TestWorkspace } from '../e2e/src/harness/test-workspace';
import { angularAppName } from '../e2e/src/harness/workspace-spec';

const nxVersion = nxTestedVersions[nxTestedVersions.length - 1];
const dsn = 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/2';

const gzippedBytes = (path: string) => gzipSync(readFileSync(path)).length;

/** Gzipped bytes of what index.html loads before the app runs. */
function initialTransferBytes(output: string): number {
  return initialFiles(output).reduce((total, file) => total + gzippedBytes(join(output, file)), 0);
}

function timed(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function prepared(name: string): TestWorkspace {
  const workspace = TestWorkspace.create(name, { nxVersion, angularApp: true });
  workspace.installPlugin();
  return workspace;
}

/** Median wall time of `nx show projects` with nx.json's plugin entry pointing at `entry`. */
function graphMs(workspace: TestWorkspace, entry: string): number {
  const nxJsonPath = join(workspace.root, 'nx.json');
  const nxJson = JSON.parse(readFileSync(nxJsonPath, 'utf-8'));
  nxJson.plugins = [
    ...(nxJson.plugins ?? []).filter(
      (plugin: { plugin?: string }) => !plugin.plugin?.startsWith('@fundamental/sentry'),
    ),
    { plugin: entry, options: {} },
  ];
  writeFileSync(nxJsonPath, JSON.stringify(nxJson, null, 2));
  workspace.nx('show', 'projects');
  return median(Array.from({ length: 5 }, () => timed(() => workspace.nx('show', 'projects'))));
}

function main(): void {
  // The e2e suite's own packing step, so the bench runs on a fresh clone before any e2e run.
  packPluginForWorkspaces();

  const sizes = prepared('bench-size');
  const output = join(sizes.root, 'dist', 'apps', angularAppName, 'browser');
  sizes.nx('build', angularAppName, '--configuration=production', '--skip-nx-cache');
  const baseline = initialTransferBytes(output);
  sizes.nx('g', '@fundamental/sentry:angular-app', angularAppName, `--dsn=${dsn}`, '--no-interactive');
  sizes.nx('build', angularAppName, '--configuration=production', '--skip-nx-cache');
  const wired = initialTransferBytes(output);
  const replayBundle = gzippedBytes(join(output, replayBundleFile));
  sizes.dispose();
  console.log(`sentry_initial_kb_gz=${((wired - baseline) / 1024).toFixed(1)}`);
  console.log(`sentry_replay_bundle_kb_gz=${(replayBundle / 1024).toFixed(1)}`);

  const component: number[] = [];
  const angularApp: number[] = [];
  const infra: number[] = [];
  for (let run = 0; run < 3; run++) {
    const workspace = prepared(`bench-time-${run}`);
    component.push(
      timed(() =>
        workspace.nx(
          'g',
          '@nx/angular:component',
          `apps/${angularAppName}/src/app/bench${run}/bench${run}`,
          '--skipFormat',
          '--no-interactive',
        ),
      ),
    );
    angularApp.push(
      timed(() =>
        workspace.nx(
          'g',
          '@fundamental/sentry:angular-app',
          angularAppName,
          `--dsn=${dsn}`,
          '--skipPackageJson',
          '--skipFormat',
          '--no-interactive',
        ),
      ),
    );
    infra.push(
      timed(() =>
        workspace.nx(
          'g',
          '@fundamental/sentry:infra',
          '--domain=sentry.academind.ir',
          '--adminEmail=admin@academind.ir',
          '--skipFormat',
          '--no-interactive',
        ),
      ),
    );
    workspace.dispose();
  }
  console.log(`generator_component_ms=${median(component).toFixed(0)}`);
  console.log(`generator_angular_app_ratio=${(median(angularApp) / median(component)).toFixed(2)}`);
  console.log(`generator_infra_ratio=${(median(infra) / median(component)).toFixed(2)}`);

  const graph = prepared('bench-graph');
  graph.nx(
    'g',
    '@fundamental/sentry:infra',
    '--domain=sentry.academind.ir',
    '--adminEmail=admin@academind.ir',
    '--no-interactive',
  );
  console.log(`graph_plugin_ms=${graphMs(graph, '@fundamental/sentry/plugin').toFixed(0)}`);
  console.log(`graph_package_ms=${graphMs(graph, '@fundamental/sentry').toFixed(0)}`);
  graph.dispose();

  for (const profile of ['feature-complete', 'errors-only'] as const) {
    const settings = {
      domain: 'sentry.academind.ir',
      profile,
      retentionDays: 90,
      replicas: {},
      external: {},
    } as unknown as StackSettings;
    const { totals } = sizingOf(selectComponents(settings, releases[sentryStackVersion]), {});
    const key = profile.replace('-', '_');
    console.log(`stack_${key}_memory_requests_gib=${(totals.memoryRequest / 1024).toFixed(2)}`);
    console.log(`stack_${key}_cpu_requests_cores=${(totals.cpuRequest / 1000).toFixed(2)}`);
  }
}

main();
