import { nxTestedVersions } from '@fundamental/sentry';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunningServer } from './doubles/http-server';
import { startIngest, type IngestDouble } from './doubles/sentry-ingest';
import { startUpload, type UploadDouble } from './doubles/sentry-upload';
import { launchChromium, serveStatic, wireAndBuild } from './harness/browser-app';
import { run } from './harness/run';
import { TestWorkspace } from './harness/test-workspace';
import { angularAppName } from './harness/workspace-spec';

const currentNx = nxTestedVersions[nxTestedVersions.length - 1];
const app = `apps/${angularAppName}`;

/** The ngsw-config.json `ng add @angular/pwa` writes (angular/angular-cli 21.2.x packages/angular/pwa/pwa/files/assets). */
const ngswConfig = {
  $schema: '../../node_modules/@angular/service-worker/config/schema.json',
  index: '/index.html',
  assetGroups: [
    {
      name: 'app',
      installMode: 'prefetch',
      resources: {
        files: ['/favicon.ico', '/index.csr.html', '/index.html', '/manifest.webmanifest', '/*.css', '/*.js'],
      },
    },
    {
      name: 'assets',
      installMode: 'lazy',
      updateMode: 'prefetch',
      resources: { files: ['/**/*.(svg|cur|jpg|jpeg|png|apng|webp|avif|gif|otf|ttf|woff|woff2)'] },
    },
  ],
};

/** Registered at once, so the test need not wait for the app to be stable (the pwa schematic's 30 s default). */
const appConfig = `import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes),
    provideServiceWorker('ngsw-worker.js', { enabled: true, registrationStrategy: 'registerImmediately' }),
  ],
};
`;

const appSource = `import { Component } from '@angular/core';

@Component({ selector: 'app-root', template: '<p id="started">started</p>' })
export class App {}
`;

type NgswManifest = { index: string; hashTable: Record<string, string> };
const sha1 = (path: string) => createHash('sha1').update(readFileSync(path)).digest('hex');

describe(`an app with a service worker and subresource integrity (Nx ${currentNx}), shipped by sentry-sourcemaps`, () => {
  let workspace: TestWorkspace;
  let ingest: IngestDouble;
  let upload: UploadDouble;
  let browser: Browser;
  let shipped: string;
  let built: string;

  beforeAll(async () => {
    ingest = await startIngest();
    upload = await startUpload();
    workspace = TestWorkspace.create('service-worker', { nxVersion: currentNx, angularApp: true });
    workspace.installPlugin();
    // The registry here serves @angular/service-worker only up to 21.2.24 in 21.x, the template has
    // @angular/core 21.2.26: the exact peer range of service-worker would make every later npm install of the
    // workspace (the angular-app generator's too) refuse the tree, though the 21.2 patches are compatible.
    workspace.write('.npmrc', 'legacy-peer-deps=true\n');
    run('npm', ['install', '@angular/service-worker@21.2.24'], workspace.root);
    workspace.write(`${app}/ngsw-config.json`, JSON.stringify(ngswConfig, null, 2));
    workspace.write(`${app}/src/app/app.config.ts`, appConfig);
    workspace.write(`${app}/src/app/app.ts`, appSource);
    const project = workspace.readJson<{ targets: { build: { options: Record<string, unknown> } } }>(
      `${app}/project.json`,
    );
    Object.assign(project.targets.build.options, {
      serviceWorker: `${app}/ngsw-config.json`,
      subresourceIntegrity: true,
    });
    workspace.write(`${app}/project.json`, JSON.stringify(project, null, 2));
    wireAndBuild(workspace, angularAppName, ingest.port);
    await workspace.nxAsync(
      {
        SENTRY_URL: upload.url,
        SENTRY_AUTH_TOKEN: 'e2e-token',
        SENTRY_ORG: 'fundamental',
        SENTRY_RELEASE: 'fundamental-e2e@1.2.3+0123456789ab',
      },
      'run',
      `${angularAppName}:sentry-sourcemaps`,
    );
    shipped = join(workspace.root, 'dist', 'sentry-release', app, 'browser');
    built = join(workspace.root, 'dist', app, 'browser');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([ingest?.close(), upload?.close()]);
    workspace?.dispose();
  });

  it('ships an ngsw.json whose hash table is the SHA-1 of every file as shipped, and lists what the build listed', () => {
    const manifest = JSON.parse(readFileSync(join(shipped, 'ngsw.json'), 'utf-8')) as NgswManifest;
    const build = JSON.parse(readFileSync(join(built, 'ngsw.json'), 'utf-8')) as NgswManifest;
    const urls = Object.keys(manifest.hashTable);
    expect(urls).toEqual(Object.keys(build.hashTable));
    expect(manifest.index).toBe(build.index);
    // The scripts really were edited (debug IDs), so a stale table would differ.
    const main = urls.find((url) => /^\/main-[^/]+\.js$/.test(url)) as string;
    expect(readFileSync(join(shipped, main), 'utf-8')).toMatch(/\/\/# debugId=/);
    expect(build.hashTable[main]).not.toBe(sha1(join(shipped, main)));
    for (const url of urls) expect([url, manifest.hashTable[url]]).toEqual([url, sha1(join(shipped, url))]);
  });

  /**
   * Serves the folder, opens the app in Chromium (127.0.0.1 is a secure context, where service workers run),
   * waits until its service worker controls the page and has settled the version: prefetched the app group's
   * files, each checked against its hash in ngsw.json, or failed on one. Returns the console's errors, the
   * worker's debug page (/ngsw/state, answered by the worker itself) and whether the app starts offline,
   * from the worker's cache alone.
   */
  async function openAndInstall(folder: string) {
    const site: RunningServer = await serveStatic(folder);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(site.url);
      await page.waitForSelector('#started', { timeout: 15_000 });
      await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, {
        timeout: 30_000,
      });
      // A navigation through the worker waits for its initialization (on 127.0.0.1 the version's files are
      // prefetched and checked at once, not when idle) and then assigns the page to the version; a file whose
      // hash differs fails that version instead (angular/angular 21.2.x packages/service-worker/worker/src/driver.ts,
      // scheduleInitialization).
      await page.reload();
      await page.waitForSelector('#started', { timeout: 15_000 });
      const settled = (text: string) => /Hash mismatch/.test(text) || /Clients: \S/.test(text);
      let state = '';
      const deadline = Date.now() + 30_000;
      while (!settled(state) && Date.now() < deadline) {
        await page.waitForTimeout(500);
        state = await page.evaluate(() => fetch('/ngsw/state').then((response) => response.text()));
      }
      await context.setOffline(true);
      const startsOffline = await page
        .reload()
        .then(() => page.waitForSelector('#started', { timeout: 10_000 }))
        .then(
          () => true,
          () => false,
        );
      return { consoleErrors, state, startsOffline };
    } finally {
      await context.close();
      await site.close();
    }
  }

  it('starts in Chromium (integrity holds) and its service worker installs the shipped version', async () => {
    const { consoleErrors, state, startsOffline } = await openAndInstall(shipped);
    expect(consoleErrors.filter((text) => /integrity/i.test(text))).toEqual([]);
    expect(state).not.toMatch(/Hash mismatch/);
    expect(state).toMatch(/Driver state: NORMAL/);
    expect(startsOffline).toBe(true);
  });

  it("with the build's manifest instead, the same worker refuses the version (what shipped before)", async () => {
    const copy = mkdtempSync(join(tmpdir(), 'stale-ngsw-'));
    try {
      cpSync(shipped, copy, { recursive: true });
      cpSync(join(built, 'ngsw.json'), join(copy, 'ngsw.json'));
      expect(existsSync(join(copy, 'ngsw-worker.js'))).toBe(true);
      const { state, startsOffline } = await openAndInstall(copy);
      expect(state).toMatch(/Hash mismatch/);
      expect(startsOffline).toBe(false);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
