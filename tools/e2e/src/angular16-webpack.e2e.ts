import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunningServer } from './doubles/http-server';
import { startIngest, type IngestDouble } from './doubles/sentry-ingest';
import {
  errorEvent,
  launchChromium,
  openWiredApp,
  serveStatic,
  waitFor,
  wireAndBuild,
} from './harness/browser-app';
import { TestWorkspace } from './harness/test-workspace';
import { angularAppName } from './harness/workspace-spec';

/**
 * What `nx init` installs into an Angular 16 CLI workspace: the newest Nx of `~20.1.0` (nrwl/nx 22.7.12,
 * packages/nx/src/command-line/init/implementation/angular/legacy-angular-versions.ts), whose @nx/angular
 * still admits Angular 16.
 */
const nxForAngular16 = '20.1.4';

/**
 * The team's front end in miniature (tools/angular-fixtures/angular16-ngmodule): an Angular 16 NgModule app
 * on the webpack `browser` builder, converted by `nx init`, whose environments name the API `basePath`
 * (production `/api/`, relative) and whose production budget stops the build at 1.1 MB initial.
 */
describe(`angular-app in an Angular 16 NgModule app on the webpack browser builder (Nx ${nxForAngular16})`, () => {
  let workspace: TestWorkspace;
  let ingest: IngestDouble;
  let site: RunningServer | undefined;
  let browser: Browser | undefined;
  const apiRequests: { url: string; headers: IncomingHttpHeaders }[] = [];
  const output = () => join(workspace.root, 'dist', angularAppName);

  beforeAll(async () => {
    ingest = await startIngest();
    workspace = TestWorkspace.create('angular16', {
      nxVersion: nxForAngular16,
      fixture: 'angular16-ngmodule',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([ingest?.close(), site?.close()]);
    workspace?.dispose();
  });

  it('installs the packed plugin beside Nx 20 (no peer conflict) and registers it', () => {
    workspace.installPlugin();
    // npm kept the @nx/devkit that came with @nx/angular 20 instead of the newest in the plugin's peer range.
    expect(workspace.readJson<{ version: string }>('node_modules/@nx/devkit/package.json').version).toBe(
      nxForAngular16,
    );
    workspace.nx('g', '@fundamental/sentry:init');
    expect(
      workspace.readJson<{ devDependencies: Record<string, string> }>('package.json').devDependencies,
    ).toHaveProperty('@fundamental/sentry');
  });

  it('wires the app and builds it for production: budgets pass, hidden maps, the replay bundle beside index.html', () => {
    const generated = wireAndBuild(workspace, angularAppName, ingest.port);
    // The build passes the 1.1 MB budget, and the generator said what Sentry adds to it.
    expect(generated.stdout + generated.stderr).toContain('warning at 1mb, error at 1.1mb');
    const files = readdirSync(output());
    expect(files).toContain('sentry-replay.js');
    const main = files.find((file) => /^main\.[0-9a-f]+\.js$/.test(file)) as string;
    expect(files).toContain(`${main}.map`);
    expect(readFileSync(join(output(), main), 'utf-8')).not.toContain('sourceMappingURL');
  });

  it('in Chromium: the app loads, its error reaches Sentry, /api/ calls carry trace headers, replay loads', async () => {
    expect(existsSync(join(output(), 'index.html'))).toBe(true);
    site = await serveStatic(output(), {
      prefix: '/api/',
      handle: (request, response) => {
        apiRequests.push({ url: request.url ?? '', headers: request.headers });
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end('pong');
      },
    });
    browser = await launchChromium();
    const { page, pageErrors, consoleProblems } = await openWiredApp(browser, site.url);
    await page.click('#ping');
    await page.waitForSelector('#pong:has-text("pong")');
    await page.click('#explode');

    const received = () => JSON.stringify(ingest.items.map(({ type }) => type));
    const error = await errorEvent(ingest, 'fundamental e2e error', received);
    expect(error.environment).toBe('production');
    // The relative production basePath (/api/) is same-origin: the request carries the trace.
    expect(apiRequests.map(({ url }) => url)).toEqual(['/api/ping']);
    expect(apiRequests[0].headers['sentry-trace']).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}/);
    expect(apiRequests[0].headers['baggage']).toContain('sentry-trace_id=');
    await waitFor(
      'a replay',
      () => ingest.items.find(({ type }) => type === 'replay_event'),
      45_000,
      received,
    );
    // The error the test throws is reported by Angular's handler too; nothing else may complain.
    expect(pageErrors).toEqual([]);
    expect(consoleProblems.filter((problem) => !problem.includes('fundamental e2e error'))).toEqual([]);
    await page.close();
  });
});
