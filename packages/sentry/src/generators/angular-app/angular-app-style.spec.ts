import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { angularAppGenerator } from './angular-app';
import type { AngularAppGeneratorSchema } from './schema';

/** Issue #18 item 7: what the generator writes follows the style of the file it edits. */

const dsn = 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/2';
const options: AngularAppGeneratorSchema = { project: 'web', dsn, skipFormat: true, skipPackageJson: true };
const fixture = join(__dirname, '../../../../../tools/angular-fixtures/angular16-ngmodule');

// The generator loads its edits (and their parsers) on its first run: loaded here, outside the hooks' time limit.
beforeAll(() => import('./lib/source-edits'), 30_000);

beforeAll(() => {
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
});

function filesOf(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

/** The Angular 16 fixture (an angular.json root project) with its TypeScript indented by four spaces. */
function fourSpaceFixture(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.delete('tsconfig.base.json');
  tree.delete('nx.json');
  for (const path of filesOf(fixture)) {
    const name = relative(fixture, path);
    const text = readFileSync(path, 'utf-8');
    tree.write(name, name.endsWith('.ts') ? text.replace(/^ +/gm, (spaces) => spaces + spaces) : text);
  }
  tree.write(
    'node_modules/@angular/core/package.json',
    JSON.stringify({ name: '@angular/core', version: '16.2.12' }),
  );
  return tree;
}

/** The four-space fixture with some files replaced, after the generator ran on it. */
async function generatedOn(files: Record<string, string>): Promise<Tree> {
  const tree = fourSpaceFixture();
  for (const [path, text] of Object.entries(files)) tree.write(path, text);
  await angularAppGenerator(tree, options);
  return tree;
}

const read = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';

/** A file's text from its lines. */
const lines = (...text: string[]) => text.join('\n');

/** The opening quote of every string literal of a TypeScript text. */
function quotesOf(text: string): string[] {
  const quotes: string[] = [];
  const visit = (node: ts.Node, file: ts.SourceFile) => {
    if (ts.isStringLiteral(node)) quotes.push(node.getText(file)[0]);
    node.forEachChild((child) => visit(child, file));
  };
  const file = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true);
  visit(file, file);
  return quotes;
}

/** Every object's keys in order, by the JSON path of the object. */
function keyOrders(value: unknown, path = '$'): Record<string, string[]> {
  if (typeof value !== 'object' || value === null) return {};
  const entries = Object.entries(value as Record<string, unknown>);
  return Object.assign(
    Array.isArray(value) ? {} : { [path]: entries.map(([key]) => key) },
    ...entries.map(([key, item]) => keyOrders(item, `${path}.${key}`)),
  );
}

/** Each object keeps its keys in their order; new keys come after them. */
function expectKeyOrderKept(before: unknown, after: unknown) {
  const afterOrders = keyOrders(after);
  for (const [path, keys] of Object.entries(keyOrders(before)))
    expect([path, (afterOrders[path] ?? []).slice(0, keys.length)]).toEqual([path, keys]);
}

describe('angular-app generator on a four-space, single-quote Angular 16 app (#18 item 7)', () => {
  let tree: Tree;
  let angularJsonBefore: string;
  beforeAll(async () => {
    tree = fourSpaceFixture();
    angularJsonBefore = read(tree, 'angular.json');
    await angularAppGenerator(tree, options);
  });

  it('writes the sentry block of each environment with four spaces, single quotes and trailing commas', () => {
    expect(read(tree, 'src/environments/environment.prod.ts')).toBe(
      lines(
        "// Production: the API is served from the app's own origin, under /api/.",
        'export const environment = {',
        '    production: true,',
        "    basePath: '/api/',",
        '    sentry: {',
        `        dsn: '${dsn}',`,
        "        environment: 'production',",
        '        tracesSampleRate: 0.1,',
        '        replaysSessionSampleRate: 0.1,',
        '        replaysOnErrorSampleRate: 1,',
        '        tracePropagationTargets: [/^\\/api\\//],',
        '    },',
        '};',
        '',
      ),
    );
    expect(read(tree, 'src/environments/environment.ts')).toContain(
      lines(
        "    basePath: 'http://localhost:5000/api/',",
        '    sentry: {',
        "        dsn: '',",
        "        environment: 'development',",
        '        tracesSampleRate: 1,',
        '        replaysSessionSampleRate: 0.1,',
        '        replaysOnErrorSampleRate: 1,',
        "        tracePropagationTargets: ['http://localhost:5000'],",
        '    },',
        '};',
      ),
    );
  });

  it("keeps main.ts's blank lines, adding one around each statement of its own, in four spaces and single quotes", () => {
    const main = read(tree, 'src/main.ts');
    expect(main).not.toContain('\n\n\n');
    expect(main).toMatch(
      /^import \{ platformBrowserDynamic \} from '@angular\/platform-browser-dynamic';\n\nimport \{ AppModule \} from '.\/app\/app.module';\nimport \* as Sentry from '@sentry\/angular';\nimport \{ environment \} from '.\/environments\/environment';\n\nSentry\.init\(\{\n {4}dsn: environment\.sentry\.dsn,\n/,
    );
    expect(main).toMatch(
      /\n\}\);\n\n\/\/ Session replay comes after the page load[^]*\n {4}const client = Sentry\.getClient\(\);\n[^]*\nelse window\.addEventListener\('load', loadSentryReplay, \{ once: true \}\);\n\nplatformBrowserDynamic\(\)\n {4}\.bootstrapModule\(AppModule\)\n {4}\.catch\(\(err\) => console\.error\(err\)\);\n$/,
    );
    for (const line of main.split('\n').filter((text) => !text.startsWith('//')))
      expect(line).toMatch(/^( {4})*(\S|$)/);
    expect(new Set(quotesOf(main))).toEqual(new Set(["'"]));
  });

  it('adds the providers to the NgModule in four spaces and single quotes', () => {
    const appModule = read(tree, 'src/app/app.module.ts');
    for (const line of appModule.split('\n')) expect(line).toMatch(/^( {4})*(\S|$)/);
    expect(new Set(quotesOf(appModule))).toEqual(new Set(["'"]));
  });

  it("keeps angular.json's key order and layout, appending what it adds", () => {
    const after = read(tree, 'angular.json');
    expectKeyOrderKept(JSON.parse(angularJsonBefore), JSON.parse(after));
    expect(after).toContain('"polyfills": ["zone.js"],');
    expect(after).toContain('"styles": ["src/styles.css"],');
  });

  it('changes nothing when run again', async () => {
    const snapshot = () => tree.listChanges().map((change) => [change.path, change.content?.toString()]);
    const before = snapshot();
    await angularAppGenerator(tree, options);
    expect(snapshot()).toEqual(before);
  });
});

describe('angular-app generator on a tab-indented, double-quote environment (#18 item 7)', () => {
  it('writes the sentry block with tabs and double quotes', async () => {
    const tree = await generatedOn({
      'src/environments/environment.prod.ts':
        'export const environment = {\n\tproduction: true,\n\tbasePath: "/api/"\n};\n',
    });
    expect(read(tree, 'src/environments/environment.prod.ts')).toBe(
      lines(
        'export const environment = {',
        '\tproduction: true,',
        '\tbasePath: "/api/",',
        '\tsentry: {',
        `\t\tdsn: "${dsn}",`,
        '\t\tenvironment: "production",',
        '\t\ttracesSampleRate: 0.1,',
        '\t\treplaysSessionSampleRate: 0.1,',
        '\t\treplaysOnErrorSampleRate: 1,',
        '\t\ttracePropagationTargets: [/^\\/api\\//]',
        '\t}',
        '};',
        '',
      ),
    );
  });
});

describe('angular-app generator on a typed four-space environment (#18 item 7)', () => {
  it("adds the sentry member to the environment's interface in its indentation", async () => {
    const typed = (production: boolean) =>
      `import { Environment } from './environment.model';\n\nexport const environment: Environment = {\n    production: ${production},\n    basePath: '/api/',\n};\n`;
    const tree = await generatedOn({
      'src/environments/environment.model.ts':
        'export interface Environment {\n    production: boolean;\n    basePath: string;\n}\n',
      'src/environments/environment.ts': typed(false),
      'src/environments/environment.prod.ts': typed(true),
    });
    expect(read(tree, 'src/environments/environment.model.ts')).toBe(
      lines(
        'export interface Environment {',
        '    production: boolean;',
        '    basePath: string;',
        '    sentry: {',
        '        dsn: string;',
        '        environment: string;',
        '        tracesSampleRate: number;',
        '        tracePropagationTargets: (string | RegExp)[];',
        '        replaysSessionSampleRate: number;',
        '        replaysOnErrorSampleRate: number;',
        '    };',
        '}',
        '',
      ),
    );
  });
});

describe("angular-app generator on an Nx app's project.json (#18 item 7)", () => {
  it('keeps the key order and layout of project.json, appending what it adds', async () => {
    const tree = fourSpaceFixture();
    tree.delete('angular.json');
    tree.write('nx.json', '{}');
    const projectJson = `{
  "$schema": "node_modules/nx/schemas/project-schema.json",
  "projectType": "application",
  "sourceRoot": "src",
  "prefix": "app",
  "tags": ["web"],
  "targets": {
    "build": {
      "executor": "@angular-devkit/build-angular:browser",
      "outputs": ["{options.outputPath}"],
      "options": {
        "outputPath": "dist/web",
        "index": "src/index.html",
        "main": "src/main.ts",
        "polyfills": ["zone.js"],
        "tsConfig": "tsconfig.app.json",
        "assets": ["src/assets"]
      },
      "configurations": {
        "production": {
          "fileReplacements": [
            { "replace": "src/environments/environment.ts", "with": "src/environments/environment.prod.ts" }
          ],
          "outputHashing": "all"
        },
        "development": { "optimization": false }
      },
      "defaultConfiguration": "production"
    },
    "serve": {
      "executor": "@angular-devkit/build-angular:dev-server",
      "configurations": { "development": { "browserTarget": "web:build:development" } },
      "defaultConfiguration": "development"
    }
  }
}
`;
    tree.write('project.json', projectJson);
    tree.write('package.json', JSON.stringify({ name: 'web', dependencies: { '@angular/core': '16.2.12' } }));
    await angularAppGenerator(tree, options);
    const after = read(tree, 'project.json');
    expectKeyOrderKept(JSON.parse(projectJson), JSON.parse(after));
    expect(after).toContain('"tags": ["web"],');
    expect(after).toContain('"development": { "optimization": false }');
    expect(Object.keys(JSON.parse(after))).toEqual(Object.keys(JSON.parse(projectJson)));
  });
});
