import { nxTestedVersions } from '@fundamental/sentry';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunningServer } from './doubles/http-server';
import { startIngest, type IngestDouble } from './doubles/sentry-ingest';
import { startUpload, type UploadDouble } from './doubles/sentry-upload';
import {
  errorEvent,
  launchChromium,
  openWiredApp,
  serveStatic,
  waitFor,
  wireAndBuild,
} from './harness/browser-app';
import { initialFiles } from './harness/initial-files';
import type { RunResult } from './harness/run';
import { TestWorkspace } from './harness/test-workspace';
import { angularAppName } from './harness/workspace-spec';

const currentNx = nxTestedVersions[nxTestedVersions.length - 1];
const release = 'fundamental-e2e@1.2.3+0123456789ab';
const appSource = `import { Component } from '@angular/core';
import { RouterModule } from '@angular/router';

@Component({
  imports: [RouterModule],
  selector: 'app-root',
  template: '<button id="explode" (click)="explode()">Explode</button> <a id="next" routerLink="/next">Next</a><router-outlet></router-outlet>',
})
export class App {
  explode(): void {
    throw new Error('fundamental e2e error');
  }
}
`;
const throwLine = appSource.split('\n').findIndex((line) => line.includes('throw new Error')) + 1;

describe(`angular-app in a real Nx ${currentNx} Angular workspace, built and run in Chromium`, () => {
  let workspace: TestWorkspace;
  let ingest: IngestDouble;
  let upload: UploadDouble;
  let site: RunningServer;
  let browser: Browser;
  let output: string;
  let buildOutput: string;
  let laterBuild: RunResult;
  const withCache = { NX_SKIP_NX_CACHE: 'false' };

  beforeAll(async () => {
    ingest = await startIngest();
    upload = await startUpload();
    workspace = TestWorkspace.create('angular-app', { nxVersion: currentNx, angularApp: true });
    workspace.installPlugin();
    workspace.write(`apps/${angularAppName}/src/app/app.ts`, appSource);
    workspace.write(
      `apps/${angularAppName}/src/app/app.routes.ts`,
      "import { Route } from '@angular/router';\n\nexport const appRoutes: Route[] = [{ path: 'next', children: [] }];\n",
    );
    // The team's image: nginx serving the browser build, copied from the build context (the workspace root).
    workspace.write(
      `apps/${angularAppName}/Dockerfile`,
      `FROM nginx:1.27-alpine\nCOPY dist/apps/${angularAppName}/browser /usr/share/nginx/html\n`,
    );
    // Built once without the cache; the sentry-sourcemaps run below (cache on) stores build in the cache, so
    // the later build is a cache hit.
    wireAndBuild(workspace, angularAppName, ingest.port);
    await workspace.nxAsync(
      {
        ...withCache,
        SENTRY_URL: upload.url,
        SENTRY_AUTH_TOKEN: 'e2e-token',
        SENTRY_ORG: 'fundamental',
        SENTRY_RELEASE: release,
        SENTRY_LOG_LEVEL: 'info',
      },
      'run',
      `${angularAppName}:sentry-sourcemaps`,
    );
    // A later task that depends on build (a deploy, an image build) finds build in the cache; without the
    // daemon Nx copies build's cached outputs back over the folder.
    laterBuild = await workspace.nxAsync(withCache, 'build', angularAppName, '--configuration=production');
    const sourcemaps = workspace.readJson<{ targets: Record<string, { options: Record<string, string> }> }>(
      `apps/${angularAppName}/project.json`,
    ).targets['sentry-sourcemaps'].options;
    // What ships: the folder the Sentry step declares as its artifact (before it had one: build's own output);
    // its browser files sit where they sit in the build output.
    const built = sourcemaps.buildOutputPath ?? sourcemaps.outputPath;
    output = join(workspace.root, sourcemaps.releasePath ?? built, relative(built, sourcemaps.outputPath));
    buildOutput = join(workspace.root, sourcemaps.outputPath);
    site = await serveStatic(output);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([ingest?.close(), upload?.close(), site?.close()]);
    workspace?.dispose();
  });

  it('ships an artifact a later cache hit of build cannot undo: stamped, debug IDs in, no maps', () => {
    // The cache hit really restored build's folder, maps included: the shipped artifact must not be that folder.
    expect(laterBuild.stdout).toMatch(/local cache|existing outputs match the cache/);
    expect(readdirSync(buildOutput).some((file) => file.endsWith('.map'))).toBe(true);
    expect(readdirSync(output).filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(readFileSync(join(output, 'index.html'), 'utf-8')).toContain(
      `<meta name="sentry-release" content="${release}">`,
    );
    const scripts = readdirSync(output).filter((file) => file.endsWith('.js'));
    for (const file of scripts)
      expect([file, /\/\/# debugId=[0-9a-f-]{36}/.test(readFileSync(join(output, file), 'utf-8'))]).toEqual([
        file,
        true,
      ]);
  });

  it("has the app's Dockerfile copy the processed files: what docker build would put into the image", () => {
    // The COPY source resolved against the build context as docker build does, without a Docker engine.
    const dockerfile = readFileSync(join(workspace.root, `apps/${angularAppName}/Dockerfile`), 'utf-8');
    const [, source] = /^COPY (\S+) \/usr\/share\/nginx\/html$/m.exec(dockerfile) ?? [];
    const image = join(workspace.root, source);
    expect(image).toBe(output);
    expect(readdirSync(image).filter((file) => file.endsWith('.map'))).toEqual([]);
    const scripts = readdirSync(image).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts)
      expect([file, readFileSync(join(image, file), 'utf-8').includes('//# debugId=')]).toEqual([file, true]);
  });

  it('uploads the maps for the release, stamps it into index.html and deletes the maps from the output', () => {
    expect(upload.bundles.length).toBeGreaterThan(0);
    expect(upload.bundles[0].projects).toEqual([angularAppName]);
    expect(readFileSync(join(output, 'index.html'), 'utf-8')).toContain(
      `<meta name="sentry-release" content="${release}">`,
    );
    expect(readdirSync(output).filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('keeps session replay out of the initial download: only the replay bundle carries it', () => {
    const initial = initialFiles(output).filter((file) => file.endsWith('.js'));
    expect(initial.length).toBeGreaterThan(0);
    // rrweb, the DOM recorder of session replay, names itself in its code.
    for (const file of initial)
      expect([file, readFileSync(join(output, file), 'utf-8').includes('rrweb')]).toEqual([file, false]);
    expect(readFileSync(join(output, 'sentry-replay.js'), 'utf-8')).toContain('rrweb');
  });

  it('reports an error, a trace and a replay with the release, and the error resolves to the TypeScript line', async () => {
    const { page, pageErrors } = await openWiredApp(browser, site.url);
    await page.click('#explode');
    await page.click('#next');
    await page.waitForURL(/\/next$/);

    const error = await errorEvent(ingest, 'fundamental e2e error');
    expect(error.release).toBe(release);
    expect(error.environment).toBe('production');
    const received = () =>
      JSON.stringify(
        ingest.items.map(({ type, payload }) => [type, (payload as { transaction?: string }).transaction]),
      );
    // @sentry/angular 11 streams spans (`span` items); older SDKs send `transaction` events.
    const trace = await waitFor(
      'a transaction or span',
      () => ingest.items.find(({ type }) => type === 'transaction' || type === 'span'),
      30_000,
      received,
    );
    expect(trace.envelope.trace?.release).toBe(release);
    await waitFor(
      'a replay',
      () => ingest.items.find(({ type }) => type === 'replay_event'),
      45_000,
      received,
    );

    // The top frame, through the uploaded artifact bundle, back to the TypeScript source.
    const frames = error.exception?.values[0].stacktrace.frames ?? [];
    const top = frames[frames.length - 1];
    const image = error.debug_meta?.images.find(
      ({ code_file }) => code_file === (top.abs_path ?? top.filename),
    );
    expect(image?.debug_id).toBeDefined();
    const bundleDir = mkdtempSync(join(tmpdir(), 'artifact-bundle-'));
    try {
      const zipPath = join(bundleDir, 'bundle.zip');
      require('node:fs').writeFileSync(zipPath, upload.bundles[0].zip);
      execFileSync('python3', [
        '-c',
        'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
        zipPath,
        join(bundleDir, 'files'),
      ]);
      const manifest = JSON.parse(readFileSync(join(bundleDir, 'files', 'manifest.json'), 'utf-8')) as {
        files: Record<string, { type: string; headers?: Record<string, string> }>;
      };
      const [mapPath] =
        Object.entries(manifest.files).find(
          ([, file]) => file.type === 'source_map' && file.headers?.['debug-id'] === image?.debug_id,
        ) ?? [];
      expect(mapPath).toBeDefined();
      const map = new SourceMap(
        JSON.parse(readFileSync(join(bundleDir, 'files', mapPath as string), 'utf-8')),
      );
      const original = map.findEntry(top.lineno - 1, top.colno - 1) as {
        originalSource: string;
        originalLine: number;
      };
      expect(original.originalSource).toMatch(/app\/app\.ts$/);
      expect(original.originalLine + 1).toBe(throwLine);
    } finally {
      rmSync(bundleDir, { recursive: true, force: true });
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
