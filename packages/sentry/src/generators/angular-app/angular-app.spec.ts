import {
  addProjectConfiguration,
  logger,
  readJson,
  readProjectConfiguration,
  type Tree,
  updateJson,
  updateProjectConfiguration,
} from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import * as ts from 'typescript';
import webpack from 'webpack';
import { defaultBootstrapState, writeBootstrapState } from '../../bootstrap-state/desired-state';
import { addAngularApp } from '../../testing/angular-workspace';
import { angularAppGenerator } from './angular-app';
import type { AngularAppGeneratorSchema } from './schema';

const dsn = 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/2';
const base: AngularAppGeneratorSchema = { project: 'web', dsn, skipFormat: true };

// The generator loads its edits (and their parsers) on its first run: loaded here, outside the hooks' time limit.
beforeAll(() => import('./lib/source-edits'), 30_000);

beforeAll(() => {
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
});

/** A workspace with the Angular application `web` (see addAngularApp). */
const workspace = (files: Record<string, string>, options?: Parameters<typeof addAngularApp>[2]): Tree =>
  addAngularApp(createTreeWithEmptyWorkspace(), files, options);

const read = (tree: Tree, path: string) => tree.read(`apps/web/src/${path}`, 'utf-8') ?? '';

/** Every changed TypeScript file must still parse. */
function expectParses(tree: Tree) {
  for (const change of tree.listChanges().filter(({ path }) => path.endsWith('.ts'))) {
    const { diagnostics = [] } = ts.transpileModule(change.content?.toString() ?? '', {
      reportDiagnostics: true,
      fileName: change.path,
    });
    expect([
      change.path,
      diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    ]).toEqual([change.path, []]);
  }
}

async function expectNoOpRerun(tree: Tree, options: AngularAppGeneratorSchema = base) {
  const snapshot = () => tree.listChanges().map((change) => [change.path, change.content?.toString()]);
  const before = snapshot();
  await angularAppGenerator(tree, options);
  expect(snapshot()).toEqual(before);
}

const standaloneMain = `import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';

// The app starts here.
bootstrapApplication(App, appConfig).catch((err) => console.error(err));
`;
const appConfig = `import { ApplicationConfig, provideZoneChangeDetection } from '@angular/core';
import { provideRouter } from '@angular/router';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    // Keep change detection coalesced.
    provideZoneChangeDetection({ eventCoalescing: true }),
    provideRouter(appRoutes),
  ],
};
`;

describe('angular-app generator: standalone application (Angular 21)', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = workspace(
      {
        'main.ts': standaloneMain,
        'app/app.config.ts': appConfig,
        'environments/environment.ts':
          "export const environment = {\n  production: false,\n  apiUrl: 'http://localhost:5000/api',\n};\n",
        'environments/environment.prod.ts':
          "export const environment = {\n  production: true,\n  apiUrl: 'https://api.academind.ir/v1',\n};\n",
      },
      {
        production: {
          fileReplacements: [
            {
              replace: 'apps/web/src/environments/environment.ts',
              with: 'apps/web/src/environments/environment.prod.ts',
            },
          ],
        },
      },
    );
    await angularAppGenerator(tree, base);
  });

  it('initialises Sentry in main.ts after the imports, before bootstrap, keeping the user code and comments', () => {
    const main = read(tree, 'main.ts');
    expect(main).toContain("import * as Sentry from '@sentry/angular';");
    expect(main).toContain("import { environment } from './environments/environment';");
    expect(main.indexOf('Sentry.init({')).toBeLessThan(main.indexOf('bootstrapApplication(App'));
    expect(main).toContain('dsn: environment.sentry.dsn,');
    expect(main).toContain('integrations: [Sentry.browserTracingIntegration()],');
    expect(main).toContain(
      `release: document.querySelector<HTMLMetaElement>('meta[name="sentry-release"]')?.content || undefined,`,
    );
    expect(main).toContain('new URL(`sentry-replay.js?v=${Sentry.SDK_VERSION}`, document.baseURI).href');
    expect(main).toMatch(
      /import\(\/\* webpackIgnore: true \*\/ \/\* @vite-ignore \*\/ replayBundle\)\.then\(\s+\(\{ replayIntegration \}: \{ replayIntegration: typeof Sentry\.replayIntegration \}\) =>\s+Sentry\.addIntegration\(replayIntegration\(\)\)/,
    );
    expect(main).not.toContain("import('./sentry-replay')");
    expect(main).toContain('// The app starts here.');
    expect(read(tree, 'sentry-replay.ts')).toContain("export { replayIntegration } from '@sentry/angular';");
    expectParses(tree);
  });

  it('adds ErrorHandler, TraceService and provideAppInitializer to the exported config', () => {
    const config = read(tree, 'app/app.config.ts');
    expect(config).toContain('{ provide: ErrorHandler, useValue: Sentry.createErrorHandler() }');
    expect(config).toContain('{ provide: Sentry.TraceService, deps: [Router] }');
    expect(config).toMatch(/provideAppInitializer\(\(\) => \{\s+inject\(Sentry\.TraceService\);\s+\}\)/);
    expect(config).toMatch(
      /import \{ ApplicationConfig, provideZoneChangeDetection, ErrorHandler, provideAppInitializer, inject \} from '@angular\/core';/,
    );
    expect(config).toContain("import { provideRouter, Router } from '@angular/router';");
    expect(config).toContain('// Keep change detection coalesced.');
    expect(config).not.toContain('APP_INITIALIZER');
  });

  it('puts the Sentry settings into every environment, production from the options, the API origin as propagation target', () => {
    const production = read(tree, 'environments/environment.prod.ts');
    expect(production).toContain(`dsn: '${dsn}'`);
    expect(production).toContain("environment: 'production'");
    expect(production).toContain('tracesSampleRate: 0.1');
    expect(production).toContain("tracePropagationTargets: ['https://api.academind.ir']");
    const development = read(tree, 'environments/environment.ts');
    expect(development).toContain("dsn: ''");
    expect(development).toContain("environment: 'development'");
  });

  it('builds production with hidden maps and tree-shaking defines, and adds the sentry-sourcemaps target', () => {
    const build = readProjectConfiguration(tree, 'web').targets?.['build'];
    expect(build?.configurations?.['production']).toMatchObject({
      sourceMap: { scripts: true, hidden: true, styles: false, vendor: false },
      fileReplacements: expect.any(Array),
    });
    // Production only: development builds keep the SDK's debug logging. Replay's compression worker stays
    // (without it and without a workerUrl, replays are sent uncompressed).
    expect(build?.configurations?.['production'].define).toEqual({
      __SENTRY_DEBUG__: 'false',
      __RRWEB_EXCLUDE_SHADOW_DOM__: 'true',
      __RRWEB_EXCLUDE_IFRAME__: 'true',
    });
    expect(build?.options.define).toBeUndefined();
    expect(readProjectConfiguration(tree, 'web').targets?.['sentry-sourcemaps']).toEqual(
      expect.objectContaining({
        executor: '@fundamental/sentry:sourcemaps',
        // Its own folder, not build's: Nx restores build's outputs on a cache hit, undoing edits made there.
        outputs: ['{options.releasePath}'],
        cache: false,
        options: {
          outputPath: 'dist/apps/web/browser',
          buildOutputPath: 'dist/apps/web',
          releasePath: 'dist/sentry-release/apps/web',
          // No --sentryProject: the Nx project's name.
          sentryProject: 'web',
        },
      }),
    );
    expect(read(tree, 'index.html')).toContain('<head>\n    <meta name="sentry-release" content="">');
  });

  it('bundles replay apart in a sentry-replay target that the build copies and the build and dev server depend on', () => {
    const targets = readProjectConfiguration(tree, 'web').targets ?? {};
    expect(targets['sentry-replay']).toMatchObject({
      executor: '@fundamental/sentry:replay-bundle',
      outputs: ['{options.outputPath}'],
      inputs: [
        '{projectRoot}/src/sentry-replay.ts',
        { externalDependencies: ['@sentry/angular', 'esbuild'] },
      ],
      options: {
        entry: 'apps/web/src/sentry-replay.ts',
        outputPath: 'dist/sentry-replay/apps/web',
        tsConfig: 'apps/web/tsconfig.app.json',
      },
    });
    expect(targets['build'].options.assets).toContainEqual({
      glob: 'sentry-replay.js*',
      input: 'dist/sentry-replay/apps/web',
      output: '.',
    });
    // The workspace default (^build) is kept: a project-level dependsOn replaces it.
    expect(targets['build'].dependsOn).toEqual(['^build', 'sentry-replay']);
    expect(targets['serve'].dependsOn).toEqual(['sentry-replay']);
  });

  it("moves the defines an earlier version put into every configuration to production, keeping the user's", async () => {
    const earlier = workspace({ 'main.ts': standaloneMain, 'app/app.config.ts': appConfig });
    const project = readProjectConfiguration(earlier, 'web');
    const build = project.targets?.['build'];
    if (!build) throw new Error('the build target is gone');
    build.options.define = {
      __SENTRY_DEBUG__: 'false',
      __RRWEB_EXCLUDE_SHADOW_DOM__: 'true',
      __RRWEB_EXCLUDE_IFRAME__: 'true',
      __SENTRY_EXCLUDE_REPLAY_WORKER__: 'true',
      APP_FLAG: '"on"',
    };
    updateProjectConfiguration(earlier, 'web', project);
    await angularAppGenerator(earlier, base);
    const rewired = readProjectConfiguration(earlier, 'web').targets?.['build'];
    expect(rewired?.options.define).toEqual({ APP_FLAG: '"on"' });
    // A configuration's define replaces the options' one, so production repeats the user's.
    expect(rewired?.configurations?.['production'].define).toEqual({
      __SENTRY_DEBUG__: 'false',
      __RRWEB_EXCLUDE_SHADOW_DOM__: 'true',
      __RRWEB_EXCLUDE_IFRAME__: 'true',
      APP_FLAG: '"on"',
    });
  });

  it('adds the SDK and sentry-cli 3 (as a devDependency) to package.json', () => {
    const packageJson = readJson(tree, 'package.json');
    expect(packageJson.dependencies['@sentry/angular']).toMatch(/^\^11\./);
    expect(packageJson.devDependencies['@sentry/cli']).toMatch(/^\^3\./);
  });

  it('changes nothing when run again', () => expectNoOpRerun(tree));
});

describe('angular-app generator: other application shapes', () => {
  it('edits an inline bootstrapApplication config and a spread providers array', async () => {
    const tree = workspace({
      'main.ts': `import { bootstrapApplication } from '@angular/platform-browser';\nimport { provideRouter } from '@angular/router';\nimport { App } from './app/app';\nimport { commonProviders } from './app/common';\n\nbootstrapApplication(App, { providers: [...commonProviders, provideRouter([])] });\n`,
    });
    await angularAppGenerator(tree, base);
    const main = read(tree, 'main.ts');
    expect(main).toMatch(
      /providers: \[\.\.\.commonProviders, provideRouter\(\[\]\), \{ provide: ErrorHandler, useValue: Sentry\.createErrorHandler\(\) \}/,
    );
    expect(read(tree, 'environments/environment.prod.ts')).toContain('export const environment = {');
    expect(
      readProjectConfiguration(tree, 'web').targets?.['build'].configurations?.['production']
        .fileReplacements,
    ).toEqual([
      {
        replace: 'apps/web/src/environments/environment.ts',
        with: 'apps/web/src/environments/environment.prod.ts',
      },
    ]);
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it('adds providers to the last object of mergeApplicationConfig', async () => {
    const tree = workspace({
      'main.ts': standaloneMain,
      'app/app.config.ts': `import { mergeApplicationConfig } from '@angular/core';\nimport { baseConfig } from './base.config';\n\nexport const appConfig = mergeApplicationConfig(baseConfig, { providers: [] });\n`,
    });
    await angularAppGenerator(tree, base);
    expect(read(tree, 'app/app.config.ts')).toMatch(
      /mergeApplicationConfig\(baseConfig, \{ providers: \[\{ provide: ErrorHandler/,
    );
    await expectNoOpRerun(tree);
  });

  it('keeps Sentry out of a config the server merges (SSR): providers go into the browser bootstrap', async () => {
    const tree = workspace({
      'main.ts': standaloneMain,
      'main.server.ts': `import { bootstrapApplication } from '@angular/platform-browser';\nimport { config } from './app/app.config.server';\nimport { App } from './app/app';\n\nexport default () => bootstrapApplication(App, config);\n`,
      'app/app.config.ts': appConfig,
      'app/app.config.server.ts': `import { mergeApplicationConfig, ApplicationConfig } from '@angular/core';\nimport { provideServerRendering } from '@angular/platform-server';\nimport { appConfig } from './app.config';\n\nconst serverConfig: ApplicationConfig = { providers: [provideServerRendering()] };\nexport const config = mergeApplicationConfig(appConfig, serverConfig);\n`,
    });
    await angularAppGenerator(tree, base);
    expect(read(tree, 'app/app.config.ts')).toBe(appConfig);
    expect(read(tree, 'app/app.config.server.ts')).not.toContain('Sentry');
    expect(read(tree, 'main.server.ts')).not.toContain('Sentry');
    expect(read(tree, 'main.ts')).toMatch(
      /bootstrapApplication\(App, mergeApplicationConfig\(appConfig, \{ providers: \[\{ provide: ErrorHandler/,
    );
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it('wires an NgModule app on Angular 17 with APP_INITIALIZER, and init before a fetched-config bootstrap', async () => {
    const tree = workspace(
      {
        'main.ts': `import { platformBrowserDynamic } from '@angular/platform-browser-dynamic';\nimport { AppModule } from './app/app.module';\n\nfetch('/assets/config.json')\n  .then((response) => response.json())\n  .then(() => platformBrowserDynamic().bootstrapModule(AppModule));\n`,
        'app/app.module.ts': `import { NgModule } from '@angular/core';\nimport { BrowserModule } from '@angular/platform-browser';\nimport { AppComponent } from './app.component';\n\n@NgModule({\n  declarations: [AppComponent],\n  imports: [BrowserModule],\n  bootstrap: [AppComponent],\n})\nexport class AppModule {}\n`,
      },
      {
        angular: '17.3.12',
        executor: '@angular-devkit/build-angular:browser',
        entryOption: 'main',
        production: { sourceMap: false },
      },
    );
    await angularAppGenerator(tree, base);
    const main = read(tree, 'main.ts');
    expect(main.indexOf('Sentry.init(')).toBeLessThan(main.indexOf("fetch('/assets/config.json')"));
    const module = read(tree, 'app/app.module.ts');
    expect(module).toContain('providers: [{ provide: ErrorHandler, useValue: Sentry.createErrorHandler() }');
    expect(module).toContain(
      '{ provide: APP_INITIALIZER, useFactory: () => () => {}, deps: [Sentry.TraceService], multi: true }',
    );
    expect(module).not.toContain('provideAppInitializer');
    const build = readProjectConfiguration(tree, 'web').targets?.['build'];
    expect(build?.configurations?.['production'].sourceMap).toEqual({
      scripts: true,
      styles: false,
      hidden: true,
      vendor: false,
    });
    expect(build?.options.define).toBeUndefined();
    expect(readProjectConfiguration(tree, 'web').targets?.['sentry-sourcemaps'].options.outputPath).toBe(
      'dist/apps/web',
    );
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it('keeps comments around the end of the providers and integrations arrays', async () => {
    const tree = workspace({
      'main.ts': `import { bootstrapApplication } from '@angular/platform-browser';\nimport * as Sentry from '@sentry/angular';\nimport { appConfig } from './app/app.config';\nimport { App } from './app/app';\n\nSentry.init({\n  dsn: 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/2',\n  integrations: [\n    Sentry.captureConsoleIntegration(), // console errors too\n    /* replay comes later */\n  ],\n});\n\nbootstrapApplication(App, appConfig);\n`,
      'app/app.config.ts': `import { ApplicationConfig } from '@angular/core';\nimport { provideRouter } from '@angular/router';\nimport { appRoutes } from './app.routes';\n\nexport const appConfig: ApplicationConfig = {\n  providers: [\n    provideRouter(appRoutes), // the routes\n    /* feature providers are added below */\n  ],\n};\n`,
    });
    await angularAppGenerator(tree, base);
    const config = read(tree, 'app/app.config.ts');
    expect(config).toContain('provideRouter(appRoutes), // the routes\n');
    expect(config).toMatch(
      /provideAppInitializer\([^]*\}\),\n {4}\/\* feature providers are added below \*\/\n {2}\],/,
    );
    const main = read(tree, 'main.ts');
    expect(main).toContain(
      'Sentry.captureConsoleIntegration(), // console errors too\n    Sentry.browserTracingIntegration(),\n    /* replay comes later */\n  ],',
    );
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it("keeps the app's own ErrorHandler and makes it report to Sentry", async () => {
    const tree = workspace({
      'main.ts': standaloneMain,
      'app/app.config.ts': `import { ApplicationConfig, ErrorHandler } from '@angular/core';\nimport { GlobalErrorHandler } from './global-error-handler';\n\nexport const appConfig: ApplicationConfig = {\n  providers: [{ provide: ErrorHandler, useClass: GlobalErrorHandler }],\n};\n`,
      'app/global-error-handler.ts': `import { ErrorHandler, Injectable, inject } from '@angular/core';\nimport { Notifier } from './notifier';\n\n@Injectable()\nexport class GlobalErrorHandler implements ErrorHandler {\n  private readonly notifier = inject(Notifier);\n\n  handleError(error: unknown): void {\n    // Tell the user, then log.\n    this.notifier.show('Something went wrong');\n    console.error(error);\n  }\n}\n`,
    });
    await angularAppGenerator(tree, base);
    const handler = read(tree, 'app/global-error-handler.ts');
    expect(handler).toContain(
      'export class GlobalErrorHandler extends Sentry.SentryErrorHandler implements ErrorHandler {',
    );
    expect(handler).toContain('super({ logErrors: false });');
    expect(handler).toMatch(
      /override handleError\(error: unknown\): void \{\s+super\.handleError\(error\);\s+\/\/ Tell the user, then log\./,
    );
    const config = read(tree, 'app/app.config.ts');
    expect(config).toContain('{ provide: ErrorHandler, useClass: GlobalErrorHandler }');
    expect(config).not.toContain('createErrorHandler');
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it('completes an app that is already instrumented without duplicating anything', async () => {
    const tree = workspace({
      'main.ts': `import * as Sentry from '@sentry/angular';\nimport { bootstrapApplication } from '@angular/platform-browser';\nimport { appConfig } from './app/app.config';\nimport { App } from './app/app';\n\nSentry.init({ dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1', tracesSampleRate: 0.5 });\n\nbootstrapApplication(App, appConfig);\n`,
      'app/app.config.ts': `import { ApplicationConfig, ErrorHandler } from '@angular/core';\nimport * as Sentry from '@sentry/angular';\n\nexport const appConfig: ApplicationConfig = {\n  providers: [{ provide: ErrorHandler, useValue: Sentry.createErrorHandler() }],\n};\n`,
    });
    await angularAppGenerator(tree, base);
    const main = read(tree, 'main.ts');
    expect(main.match(/Sentry\.init\(/g)).toHaveLength(1);
    expect(main).toContain("dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1'");
    expect(main).toContain('tracesSampleRate: 0.5');
    expect(main).toContain('environment: environment.sentry.environment');
    const config = read(tree, 'app/app.config.ts');
    expect(config.match(/createErrorHandler/g)).toHaveLength(1);
    expect(config).toContain('Sentry.TraceService');
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it('starts dependsOn from the target default Nx would apply: the executor-keyed one before the named one', async () => {
    const tree = workspace({ 'main.ts': standaloneMain, 'app/app.config.ts': appConfig });
    updateJson(tree, 'nx.json', (nxJson) => ({
      ...nxJson,
      targetDefaults: {
        build: { dependsOn: ['lint'] },
        '@angular/build:application': { dependsOn: ['^build', 'prebuild'] },
      },
    }));
    await angularAppGenerator(tree, base);
    expect(readProjectConfiguration(tree, 'web').targets?.['build'].dependsOn).toEqual([
      '^build',
      'prebuild',
      'sentry-replay',
    ]);
  });

  it("moves the wizard's eager replay into the lazy loader, keeping its options", async () => {
    const tree = workspace({
      'main.ts': `import { bootstrapApplication } from '@angular/platform-browser';\nimport * as Sentry from '@sentry/angular';\nimport { App } from './app/app';\nimport { appConfig } from './app/app.config';\n\nSentry.init({\n  dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1',\n  integrations: [Sentry.browserTracingIntegration(), Sentry.replayIntegration({ maskAllText: false })],\n  replaysSessionSampleRate: 0.1,\n});\n\nbootstrapApplication(App, appConfig);\n`,
      'app/app.config.ts': appConfig,
    });
    await angularAppGenerator(tree, base);
    const main = read(tree, 'main.ts');
    expect(main).toContain('integrations: [Sentry.browserTracingIntegration()]');
    expect(main).toContain('Sentry.addIntegration(replayIntegration({ maskAllText: false }))');
    expect(main.match(/replayIntegration\(/g)).toHaveLength(1);
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it("moves SDK 7's `new Replay()` of an angular-ivy app too, and drops its unused import", async () => {
    const tree = workspace(
      {
        'main.ts': `import { bootstrapApplication } from '@angular/platform-browser';\nimport { init, Replay } from '@sentry/angular-ivy';\nimport { App } from './app/app';\nimport { appConfig } from './app/app.config';\n\ninit({\n  dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1',\n  integrations: [new Replay({ blockAllMedia: true })],\n});\n\nbootstrapApplication(App, appConfig);\n`,
        'app/app.config.ts': appConfig,
      },
      { angular: '16.2.12' },
    );
    tree.write(
      'package.json',
      JSON.stringify({ dependencies: { '@angular/core': '~16.2.12', '@sentry/angular-ivy': '^7.120.4' } }),
    );
    await angularAppGenerator(tree, base);
    const main = read(tree, 'main.ts');
    expect(main).toContain("import { init } from '@sentry/angular-ivy';");
    expect(main).not.toContain('new Replay(');
    expect(main).toContain('Sentry.addIntegration(replayIntegration({ blockAllMedia: true }))');
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it('extends a typed environment interface so every environment keeps compiling', async () => {
    const tree = workspace({
      'main.ts': standaloneMain,
      'app/app.config.ts': appConfig,
      'environments/environment.model.ts': 'export interface Environment {\n  production: boolean;\n}\n',
      'environments/environment.ts':
        "import { Environment } from './environment.model';\n\nexport const environment: Environment = {\n  production: false,\n};\n",
      'environments/environment.staging.ts':
        "import { Environment } from './environment.model';\n\nexport const environment: Environment = {\n  production: true,\n};\n",
    });
    await angularAppGenerator(tree, base);
    expect(read(tree, 'environments/environment.model.ts')).toMatch(/sentry: \{\s+dsn: string;/);
    expect(read(tree, 'environments/environment.staging.ts')).toContain("environment: 'staging'");
    expect(read(tree, 'environments/environment.prod.ts')).toContain("environment: 'production'");
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it('keeps @sentry/angular-ivy for an Angular 16 app that already uses it', async () => {
    const tree = workspace(
      { 'main.ts': standaloneMain, 'app/app.config.ts': appConfig },
      { angular: '16.2.12' },
    );
    tree.write(
      'package.json',
      JSON.stringify({ dependencies: { '@angular/core': '~16.2.12', '@sentry/angular-ivy': '^7.120.4' } }),
    );
    await angularAppGenerator(tree, base);
    expect(read(tree, 'main.ts')).toContain("import * as Sentry from '@sentry/angular-ivy';");
    expect(read(tree, 'app/app.config.ts')).toContain('APP_INITIALIZER');
    expect(readJson(tree, 'package.json').dependencies['@sentry/angular']).toBeUndefined();
  });

  it("makes the project's Dockerfile copy the processed release folder instead of the raw build", async () => {
    const tree = workspace({ 'main.ts': standaloneMain, 'app/app.config.ts': appConfig });
    tree.write('apps/web/Dockerfile', 'FROM nginx\nCOPY dist/apps/web/browser /usr/share/nginx/html\n');
    await angularAppGenerator(tree, base);
    expect(tree.read('apps/web/Dockerfile', 'utf-8')).toBe(
      'FROM nginx\nCOPY dist/sentry-release/apps/web/browser /usr/share/nginx/html\n',
    );
  });

  it("registers the app's Sentry project in the stack's desired state, no repository with --repository=none", async () => {
    const tree = workspace({ 'main.ts': standaloneMain, 'app/app.config.ts': appConfig });
    addProjectConfiguration(tree, 'sentry-infra', { root: 'infra/sentry' });
    writeBootstrapState(tree, 'infra/sentry', defaultBootstrapState('acme', 'acme'));
    await angularAppGenerator(tree, { ...base, sentryProject: 'shop-web', repository: 'none' });
    const state = readJson(tree, 'infra/sentry/sentry-bootstrap.json');
    expect(state.projects).toEqual([{ slug: 'shop-web', name: 'shop-web', platform: 'javascript-angular' }]);
    expect(state.github).toEqual({ repositories: [], codeMappings: [] });
  });

  it("takes the DSN the bootstrap wrote for the app's project (its Nx name) when --dsn is not given", async () => {
    const tree = workspace({ 'main.ts': standaloneMain, 'app/app.config.ts': appConfig });
    tree.write('.sentry/dsn.json', JSON.stringify({ web: dsn }));
    await angularAppGenerator(tree, { project: 'web', skipFormat: true });
    expect(read(tree, 'environments/environment.prod.ts')).toContain(dsn);
  });
});

describe('angular-app generator on the webpack browser builder (Angular 16 NgModule app)', () => {
  const ngModuleMain = `import { platformBrowserDynamic } from '@angular/platform-browser-dynamic';\nimport { AppModule } from './app/app.module';\n\nplatformBrowserDynamic().bootstrapModule(AppModule);\n`;
  const appModule = `import { NgModule } from '@angular/core';\nimport { BrowserModule } from '@angular/platform-browser';\nimport { AppComponent } from './app.component';\n\n@NgModule({\n  declarations: [AppComponent],\n  imports: [BrowserModule],\n  bootstrap: [AppComponent],\n})\nexport class AppModule {}\n`;
  const webpackApp = () =>
    workspace(
      { 'main.ts': ngModuleMain, 'app/app.module.ts': appModule },
      { angular: '16.2.12', executor: '@angular-devkit/build-angular:browser', entryOption: 'main' },
    );

  /** Bundles main.ts with webpack as the browser builder does (its imports left external); returns warnings and code. */
  async function bundleWithWebpack(main: string): Promise<{ warnings: string[]; code: string }> {
    const folder = mkdtempSync(join(tmpdir(), 'replay-webpack-'));
    try {
      const { outputText } = ts.transpileModule(main, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      writeFileSync(join(folder, 'main.js'), outputText);
      const compiler = webpack({
        mode: 'production',
        context: folder,
        entry: './main.js',
        output: { path: join(folder, 'dist'), filename: 'main.js' },
        optimization: { minimize: false },
        externals: ({ request }, callback) =>
          request === './main.js' ? callback() : callback(undefined, `var {}/* ${request} */`),
      });
      const stats = await new Promise<webpack.Stats>((done, fail) =>
        compiler.run((error, result) => (error || !result ? fail(error) : done(result))),
      );
      const warnings = (stats.toJson({ warnings: true }).warnings ?? []).map(({ message }) => message);
      return { warnings, code: readFileSync(join(folder, 'dist', 'main.js'), 'utf-8') };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /** The team's environments: the API base is `basePath` (OpenAPI Generator's name), relative in production. */
  const basePathApp = (production: Record<string, unknown> = {}) => {
    const tree = workspace(
      {
        'main.ts': ngModuleMain,
        'app/app.module.ts': appModule,
        'environments/environment.ts':
          "export const environment = {\n  production: false,\n  basePath: 'http://localhost:5000/api/',\n};\n",
        'environments/environment.prod.ts':
          "export const environment = {\n  production: true,\n  basePath: '/api/',\n};\n",
      },
      {
        angular: '16.2.12',
        executor: '@angular-devkit/build-angular:browser',
        entryOption: 'main',
        production: {
          fileReplacements: [
            {
              replace: 'apps/web/src/environments/environment.ts',
              with: 'apps/web/src/environments/environment.prod.ts',
            },
          ],
          ...production,
        },
      },
    );
    return tree;
  };

  /** The `sentry` block an environment file evaluates to. */
  function sentryBlock(tree: Tree, path: string): Record<string, unknown> {
    const { outputText } = ts.transpileModule(read(tree, path), {
      compilerOptions: { module: ts.ModuleKind.CommonJS },
    });
    const module = { exports: {} as { environment: { sentry: Record<string, unknown> } } };
    new Function('module', 'exports', outputText)(module, module.exports);
    return module.exports.environment.sentry;
  }

  /** The tracePropagationTargets an environment file evaluates to (RegExps kept as RegExps). */
  function propagationTargets(tree: Tree, path: string): unknown[] {
    return sentryBlock(tree, path)['tracePropagationTargets'] as unknown[];
  }

  it('recognises the API base named basePath: a relative production base becomes a same-origin pattern', async () => {
    const tree = basePathApp();
    await angularAppGenerator(tree, base);
    const production = propagationTargets(tree, 'environments/environment.prod.ts');
    expect(production).toEqual([/^\/api\//]);
    const [pattern] = production as RegExp[];
    // Matched as @sentry/browser 11.0.0 matches it: the full URL, and for same-origin requests the path too.
    expect(pattern.test('/api/orders')).toBe(true);
    expect(pattern.test('https://app.academind.ir/api/orders')).toBe(false);
    expect(pattern.test('/assets/i18n/fa.json')).toBe(false);
    expect(propagationTargets(tree, 'environments/environment.ts')).toEqual(['http://localhost:5000']);
    expect(read(tree, 'environments/environment.prod.ts')).toContain(
      'tracePropagationTargets: [/^\\/api\\//]',
    );
    expectParses(tree);
    await expectNoOpRerun(tree);
  });

  it.each([
    ['apiBaseUrl', "'https://api.academind.ir/v2/'", ['https://api.academind.ir']],
    ['api', "'/backend/'", [/^\/backend\//]],
    ['backendUrl', "'/gateway'", [/^\/gateway/]],
    ['baseUrl', '`/api/`', [/^\/api\//]],
    ["'API_URL'", "'https://api.academind.ir'", ['https://api.academind.ir']],
  ])('recognises an API base named %s', async (name, value, expected) => {
    const tree = basePathApp();
    tree.write(
      'apps/web/src/environments/environment.prod.ts',
      `export const environment = {\n  production: true,\n  i18nPath: '/assets/i18n/',\n  ${name}: ${value},\n};\n`,
    );
    await angularAppGenerator(tree, base);
    expect(propagationTargets(tree, 'environments/environment.prod.ts')).toEqual(expected);
  });

  /** The team's app with a staging build: its configuration swaps in environment.stage.ts, which names its own API. */
  const stagingApp = () => {
    const tree = basePathApp();
    tree.write(
      'apps/web/src/environments/environment.stage.ts',
      "export const environment = {\n  production: true,\n  basePath: 'https://api.staging.academind.ir/api/',\n};\n",
    );
    updateJson(tree, 'apps/web/project.json', (project) => {
      project.targets.build.configurations.staging = {
        fileReplacements: [
          {
            replace: 'apps/web/src/environments/environment.ts',
            with: 'apps/web/src/environments/environment.stage.ts',
          },
        ],
      };
      return project;
    });
    return tree;
  };
  const stagingDsn = 'https://fedcba9876543210fedcba9876543210@sentry.academind.ir/3';

  it("gives a named environment its own API origin and no DSN, never production's, and says so (#16 item 5)", async () => {
    const tree = stagingApp();
    const warn = jest.mocked(logger.warn);
    warn.mockClear();
    await angularAppGenerator(tree, base);
    expect(sentryBlock(tree, 'environments/environment.stage.ts')).toMatchObject({
      dsn: '',
      environment: 'staging',
      tracePropagationTargets: ['https://api.staging.academind.ir'],
    });
    expect(sentryBlock(tree, 'environments/environment.ts')).toMatchObject({
      dsn: '',
      environment: 'development',
      tracePropagationTargets: ['http://localhost:5000'],
    });
    expect(sentryBlock(tree, 'environments/environment.prod.ts')).toMatchObject({
      dsn,
      environment: 'production',
      tracePropagationTargets: [/^\/api\//],
    });
    expect(warn.mock.calls.map(([message]) => String(message))).toContainEqual(
      expect.stringMatching(/environment\.stage\.ts \(staging\) has no DSN.*--dsns=staging=/),
    );
    await expectNoOpRerun(tree);
  });

  it.each([
    ['a list', `staging=${stagingDsn}`],
    ['an object', { staging: stagingDsn }],
  ])('takes the DSN of a named environment from --dsns given as %s (#16 item 5)', async (_, dsns) => {
    const tree = stagingApp();
    await angularAppGenerator(tree, { ...base, dsns });
    expect(sentryBlock(tree, 'environments/environment.stage.ts')).toMatchObject({
      dsn: stagingDsn,
      environment: 'staging',
    });
    expect(sentryBlock(tree, 'environments/environment.prod.ts')).toMatchObject({ dsn });
    expect(sentryBlock(tree, 'environments/environment.ts')).toMatchObject({ dsn: '' });
    await expectNoOpRerun(tree, { ...base, dsns });
  });

  it("replaces the production DSN an earlier version gave a named environment when --dsns names that environment's own", async () => {
    const tree = stagingApp();
    tree.write(
      'apps/web/src/environments/environment.stage.ts',
      `export const environment = {\n  production: true,\n  sentry: {\n    dsn: '${dsn}',\n    environment: 'staging',\n  },\n};\n`,
    );
    await angularAppGenerator(tree, { ...base, dsns: `staging=${stagingDsn}` });
    expect(sentryBlock(tree, 'environments/environment.stage.ts')).toMatchObject({ dsn: stagingDsn });
  });

  it('keeps the SDK default (same origin only) when the environments name no API, instead of no headers at all', async () => {
    const tree = basePathApp();
    tree.write(
      'apps/web/src/environments/environment.prod.ts',
      "export const environment = {\n  production: true,\n  cdnUrl: 'https://cdn.academind.ir/',\n  mapboxApiUrl: 'https://api.mapbox.com/',\n};\n",
    );
    await angularAppGenerator(tree, base);
    const [pattern] = propagationTargets(tree, 'environments/environment.prod.ts') as RegExp[];
    expect(pattern.test('/any/path')).toBe(true);
    expect(pattern.test('https://cdn.academind.ir/x.js')).toBe(false);
    expect(pattern.test('https://api.mapbox.com/styles/v1')).toBe(false);
  });

  it('turns a path given as --tracePropagationTargets into a same-origin pattern, a URL stays a prefix string', async () => {
    const tree = basePathApp();
    await angularAppGenerator(tree, {
      ...base,
      tracePropagationTargets: '/api/v2/,https://api.academind.ir',
    });
    expect(propagationTargets(tree, 'environments/environment.prod.ts')).toEqual([
      /^\/api\/v2\//,
      'https://api.academind.ir',
    ]);
  });

  const teamBudgets = [
    { type: 'initial', maximumWarning: '1mb', maximumError: '1.1mb' },
    { type: 'anyComponentStyle', maximumWarning: '2kb', maximumError: '4kb' },
  ];

  it("says the app's initial budget and what Sentry adds to it, and leaves the budget alone by default", async () => {
    const tree = basePathApp({ budgets: teamBudgets });
    const warn = jest.mocked(logger.warn);
    warn.mockClear();
    await angularAppGenerator(tree, base);
    const said = warn.mock.calls.map(([message]) => String(message)).join('\n');
    expect(said).toMatch(/web: Sentry adds about \d+ kB \(raw\) to the initial files/);
    expect(said).toContain('warning at 1mb, error at 1.1mb');
    expect(said).toContain('--raiseBudget');
    const production = readProjectConfiguration(tree, 'web').targets?.['build'].configurations?.[
      'production'
    ];
    expect(production?.['budgets']).toEqual(teamBudgets);
  });

  it('raises the initial budget by the increase with --raiseBudget, once', async () => {
    const tree = basePathApp({ budgets: teamBudgets });
    await angularAppGenerator(tree, { ...base, raiseBudget: true });
    const production = readProjectConfiguration(tree, 'web').targets?.['build'].configurations?.[
      'production'
    ];
    const [initial, componentStyle] = production?.['budgets'] as typeof teamBudgets;
    const mb = (size: string) => Number(/^([\d.]+)mb$/.exec(size)?.[1]);
    expect(mb(initial.maximumWarning) - 1).toBeGreaterThan(0.05);
    expect(mb(initial.maximumError) - 1.1).toBeCloseTo(mb(initial.maximumWarning) - 1, 2);
    expect(componentStyle).toEqual(teamBudgets[1]);
    await expectNoOpRerun(tree, { ...base, raiseBudget: true });
  });

  it('says which API origins receive the trace headers and what their CORS policy must allow', async () => {
    const tree = workspace({
      'main.ts': standaloneMain,
      'app/app.config.ts': appConfig,
      'environments/environment.ts':
        "export const environment = {\n  apiUrl: 'http://localhost:5000/api',\n};\n",
      'environments/environment.prod.ts':
        "export const environment = {\n  apiUrl: 'https://api.academind.ir/v1',\n};\n",
    });
    const info = jest.mocked(logger.info);
    info.mockClear();
    await angularAppGenerator(tree, base);
    const said = info.mock.calls.map(([message]) => String(message)).join('\n');
    expect(said).toContain('http://localhost:5000, https://api.academind.ir');
    expect(said).toContain('Access-Control-Allow-Headers: sentry-trace, baggage');
  });

  it('says nothing about CORS when the headers stay on the same origin', async () => {
    const tree = workspace({
      'main.ts': standaloneMain,
      'app/app.config.ts': appConfig,
      'environments/environment.ts': "export const environment = {\n  basePath: '/api/',\n};\n",
      'environments/environment.prod.ts': "export const environment = {\n  basePath: '/api/',\n};\n",
    });
    const info = jest.mocked(logger.info);
    info.mockClear();
    await angularAppGenerator(tree, base);
    expect(info.mock.calls.map(([message]) => String(message)).join('\n')).not.toContain('Access-Control');
  });

  it('says which tree-shaking flags the webpack builder cannot apply (it has no define) and what that costs', async () => {
    const tree = webpackApp();
    const info = jest.mocked(logger.info);
    info.mockClear();
    await angularAppGenerator(tree, base);
    const said = info.mock.calls.map(([message]) => String(message)).join('\n');
    expect(said).toContain('@angular-devkit/build-angular:browser has no `define`');
    expect(said).toContain('__SENTRY_DEBUG__');
    expect(readProjectConfiguration(tree, 'web').targets?.['build'].options.define).toBeUndefined();
  });

  it("writes the replay asset with glob, input and output, as the browser builder's schema requires", async () => {
    const tree = webpackApp();
    await angularAppGenerator(tree, base);
    const assets = readProjectConfiguration(tree, 'web').targets?.['build'].options.assets;
    expect(assets).toContainEqual({
      glob: 'sentry-replay.js*',
      input: 'dist/sentry-replay/apps/web',
      output: '.',
    });
    await expectNoOpRerun(tree);
  });

  it('completes a replay asset an earlier version wrote without output', async () => {
    const tree = webpackApp();
    await angularAppGenerator(tree, base);
    const project = readProjectConfiguration(tree, 'web');
    const build = project.targets?.['build'];
    if (!build) throw new Error('the build target is gone');
    build.options.assets = [{ glob: 'sentry-replay.js*', input: 'dist/sentry-replay/apps/web' }];
    updateProjectConfiguration(tree, 'web', project);
    await angularAppGenerator(tree, base);
    expect(readProjectConfiguration(tree, 'web').targets?.['build'].options.assets).toEqual([
      { glob: 'sentry-replay.js*', input: 'dist/sentry-replay/apps/web', output: '.' },
    ]);
  });

  it('leaves the replay import to the browser: webpack keeps a native import() instead of a failing stub', async () => {
    const tree = webpackApp();
    await angularAppGenerator(tree, base);
    const { warnings, code } = await bundleWithWebpack(read(tree, 'main.ts'));
    expect(warnings.filter((message) => message.includes('Critical dependency'))).toEqual([]);
    expect(code).not.toContain('Cannot find module');
    expect(code).toMatch(/import\(\s*\/\* webpackIgnore: true \*\/[^)]*replayBundle\)/);
  }, 60_000);

  it("replaces the loader an earlier version wrote (webpack turned its import into a stub) by today's", async () => {
    const tree = webpackApp();
    await angularAppGenerator(tree, base);
    const main = read(tree, 'main.ts');
    const loaderStart = main.indexOf('// Session replay comes after the page load');
    const earlierLoader = `// Session replay comes after the page load from this app's own origin (no CDN), bundled apart by the
// sentry-replay target; the SDK version in the URL keeps browsers from mixing a cached bundle with a newer SDK.
window.addEventListener('load', () => {
  const replayBundle = new URL(\`sentry-replay.js?v=\${Sentry.SDK_VERSION}\`, document.baseURI).href;
  import(replayBundle).then(
    ({ replayIntegration }: { replayIntegration: typeof Sentry.replayIntegration }) =>
      Sentry.addIntegration(replayIntegration({ maskAllText: false })),
    (error: unknown) => console.warn('Sentry session replay is not available:', error),
  );
});
`;
    const loaderEnd =
      main.indexOf('\n', main.indexOf("window.addEventListener('load', loadSentryReplay")) + 1;
    tree.write(
      'apps/web/src/main.ts',
      `${main.slice(0, loaderStart)}${earlierLoader}${main.slice(loaderEnd)}`,
    );
    expect((await bundleWithWebpack(read(tree, 'main.ts'))).code).toContain('Cannot find module');
    await angularAppGenerator(tree, base);
    expect(read(tree, 'main.ts')).toBe(
      main.replace(
        'Sentry.addIntegration(replayIntegration())',
        'Sentry.addIntegration(replayIntegration({ maskAllText: false }))',
      ),
    );
  }, 60_000);
});

describe('the replay loader angular-app writes into main.ts, run', () => {
  /**
   * Runs the generated main.ts (transpiled to CommonJS, so its dynamic import becomes a require we observe)
   * against a stand-in SDK whose client has the given DSN; returns the modules it asked for and the page's
   * load listeners.
   */
  async function runMain(main: string, { dsn, readyState }: { dsn?: string; readyState: string }) {
    const { outputText } = ts.transpileModule(main, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    const requested: string[] = [];
    const loadListeners: (() => void)[] = [];
    const anything: unknown = new Proxy(() => anything, {
      get: (_, key) => (key === 'then' ? undefined : anything),
      apply: () => anything,
    });
    const sdk = {
      init: () => undefined,
      browserTracingIntegration: () => ({}),
      SDK_VERSION: '11.0.0',
      getClient: () => ({
        getDsn: () => (dsn ? { host: 'sentry.example.com' } : undefined),
        getOptions: () => ({}),
      }),
      addIntegration: () => undefined,
      replayIntegration: () => ({}),
    };
    const fakeRequire = (specifier: string) => {
      if (specifier === '@sentry/angular') return sdk;
      if (specifier.includes('sentry-replay.js')) {
        requested.push(specifier);
        return { replayIntegration: () => ({}) };
      }
      return anything;
    };
    const context = {
      require: fakeRequire,
      exports: {},
      console,
      URL,
      document: { readyState, baseURI: 'https://app.example.com/', querySelector: () => null },
      window: {
        addEventListener: (type: string, listener: () => void) =>
          type === 'load' && loadListeners.push(listener),
      },
    };
    runInNewContext(outputText, context);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { requested, loadListeners };
  }

  let main: string;
  beforeAll(async () => {
    const tree = workspace({ 'main.ts': standaloneMain, 'app/app.config.ts': appConfig });
    await angularAppGenerator(tree, base);
    main = read(tree, 'main.ts');
  });

  it('loads the replay bundle after the load event', async () => {
    const page = await runMain(main, { dsn, readyState: 'loading' });
    expect(page.requested).toEqual([]);
    expect(page.loadListeners).toHaveLength(1);
    page.loadListeners[0]();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.requested).toEqual(['https://app.example.com/sentry-replay.js?v=11.0.0']);
  });

  it('loads it at once when main.ts runs after the page has loaded', async () => {
    const page = await runMain(main, { dsn, readyState: 'complete' });
    expect(page.requested).toEqual(['https://app.example.com/sentry-replay.js?v=11.0.0']);
  });

  it('never loads it while the SDK has no DSN (it would record for nothing)', async () => {
    const page = await runMain(main, { readyState: 'loading' });
    for (const listener of page.loadListeners) listener();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.requested).toEqual([]);
  });
});

describe('angular-app generator in an Angular CLI workspace converted by nx init (angular.json, root project)', () => {
  /** The layout `nx init` keeps: angular.json holds the project at the root, package.json is the workspace's. */
  function angularCliWorkspace(): Tree {
    const tree = createTreeWithEmptyWorkspace();
    tree.delete('tsconfig.base.json');
    tree.write(
      'node_modules/@angular/core/package.json',
      JSON.stringify({ name: '@angular/core', version: '16.2.12' }),
    );
    tree.write(
      'package.json',
      JSON.stringify({
        name: 'academind-front',
        version: '0.0.0',
        dependencies: { '@angular/core': '16.2.12' },
      }),
    );
    tree.write(
      'angular.json',
      JSON.stringify({
        version: 1,
        projects: {
          web: {
            projectType: 'application',
            schematics: {},
            root: '',
            sourceRoot: 'src',
            architect: {
              build: {
                builder: '@angular-devkit/build-angular:browser',
                options: {
                  outputPath: 'dist/web',
                  index: 'src/index.html',
                  main: 'src/main.ts',
                  tsConfig: 'tsconfig.app.json',
                  assets: ['src/assets'],
                },
                configurations: {
                  production: {
                    budgets: [{ type: 'initial', maximumWarning: '1mb', maximumError: '1.1mb' }],
                    fileReplacements: [
                      {
                        replace: 'src/environments/environment.ts',
                        with: 'src/environments/environment.prod.ts',
                      },
                    ],
                  },
                },
                defaultConfiguration: 'production',
              },
              serve: {
                builder: '@angular-devkit/build-angular:dev-server',
                configurations: { production: { browserTarget: 'web:build:production' } },
              },
            },
          },
        },
      }),
    );
    tree.write(
      'src/index.html',
      '<!doctype html>\n<html>\n  <head>\n    <title>Web</title>\n  </head>\n  <body></body>\n</html>\n',
    );
    tree.write(
      'src/main.ts',
      "import { platformBrowserDynamic } from '@angular/platform-browser-dynamic';\nimport { AppModule } from './app/app.module';\n\nplatformBrowserDynamic().bootstrapModule(AppModule);\n",
    );
    tree.write(
      'src/app/app.module.ts',
      "import { NgModule } from '@angular/core';\nimport { BrowserModule } from '@angular/platform-browser';\n\n@NgModule({ imports: [BrowserModule] })\nexport class AppModule {}\n",
    );
    tree.write(
      'src/environments/environment.ts',
      "export const environment = { production: false, basePath: 'http://localhost:5000/api/' };\n",
    );
    tree.write(
      'src/environments/environment.prod.ts',
      "export const environment = { production: true, basePath: '/api/' };\n",
    );
    return tree;
  }

  it('writes the targets back into angular.json (builder, architect), not a second definition in package.json', async () => {
    const tree = angularCliWorkspace();
    await angularAppGenerator(tree, { ...base, raiseBudget: true });
    expect(readJson(tree, 'package.json').nx).toBeUndefined();
    expect(tree.exists('project.json')).toBe(false);
    const web = readJson(tree, 'angular.json').projects.web;
    expect(Object.keys(web)).toEqual(['projectType', 'schematics', 'root', 'sourceRoot', 'architect']);
    expect(web.architect['sentry-replay'].builder).toBe('@fundamental/sentry:replay-bundle');
    expect(web.architect['sentry-sourcemaps']).toMatchObject({
      builder: '@fundamental/sentry:sourcemaps',
      options: { outputPath: 'dist/web' },
    });
    expect(web.architect.build.builder).toBe('@angular-devkit/build-angular:browser');
    expect(web.architect.build.options.assets).toContainEqual({
      glob: 'sentry-replay.js*',
      input: 'dist/sentry-replay',
      output: '.',
    });
    expect(web.architect.build.configurations.production.budgets[0].maximumError).not.toBe('1.1mb');
    expect(readProjectConfiguration(tree, 'web').targets?.['build'].dependsOn).toContain('sentry-replay');
    await expectNoOpRerun(tree, { ...base, raiseBudget: true });
  });

  it("puts the replay dependency into the target default too: Nx lets it override angular.json's dependsOn", async () => {
    const tree = angularCliWorkspace();
    updateJson(tree, 'nx.json', (nxJson) => ({
      ...nxJson,
      targetDefaults: {
        build: { cache: true, dependsOn: ['^build'], inputs: ['production', '^production'] },
      },
    }));
    await angularAppGenerator(tree, base);
    expect(readJson(tree, 'nx.json').targetDefaults.build).toEqual({
      cache: true,
      dependsOn: ['^build', 'sentry-replay'],
      inputs: ['production', '^production'],
    });
    await expectNoOpRerun(tree);
  });
});

describe('angular-app generator input validation', () => {
  const cases: [string, Partial<AngularAppGeneratorSchema>, (tree: Tree) => void][] = [
    ['project', { project: 'nope' }, () => undefined],
    [
      'project',
      {},
      (tree) =>
        addProjectConfiguration(tree, 'api', {
          root: 'apps/api',
          projectType: 'application',
          targets: { build: { executor: '@nx/js:tsc' } },
        }),
    ],
    ['dsn', { dsn: 'https://sentry.academind.ir/2' }, () => undefined],
    ['dsn', { dsn: "https://0123456789abcdef0123456789abcdef@x.io/2'; alert(1)" }, () => undefined],
    ['tracesSampleRate', { tracesSampleRate: 2 }, () => undefined],
    ['environment', { environment: 'prod"uction' }, () => undefined],
    ['sdk', { sdk: '@sentry/angular-ivy' }, () => undefined],
    ['raiseBudget', { raiseBudget: 'yes' as unknown as boolean }, () => undefined],
    ['dsns', { dsns: 'staging' }, () => undefined],
    ['dsns', { dsns: 'qa=https://0123456789abcdef0123456789abcdef@sentry.academind.ir/3' }, () => undefined],
    ['dsns.development', { dsns: { development: 'https://sentry.academind.ir/3' } }, () => undefined],
    [
      'dsns',
      { dsns: 'production=https://fedcba9876543210fedcba9876543210@sentry.academind.ir/3' },
      () => undefined,
    ],
  ];
  it.each(cases)('refuses a bad --%s before writing anything', async (option, override, arrange) => {
    const tree = workspace({ 'main.ts': standaloneMain, 'app/app.config.ts': appConfig });
    arrange(tree);
    const project = option === 'project' && !override.project ? { project: 'api' } : {};
    const before = tree.listChanges().map((change) => [change.path, change.content?.toString()]);
    await expect(angularAppGenerator(tree, { ...base, ...override, ...project })).rejects.toThrow(
      `Invalid --${option} `,
    );
    expect(tree.listChanges().map((change) => [change.path, change.content?.toString()])).toEqual(before);
  });
});
