import type { TargetConfiguration } from '@nx/devkit';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** What the service worker reads: the manifest's index page and its table of file hashes, by URL. */
interface NgswManifest {
  index: string;
  hashTable: Record<string, string>;
}

/** The part of `@angular/service-worker/config` used here (types/config.d.ts of the package). */
interface NgswGenerator {
  process(config: Record<string, unknown>): Promise<NgswManifest>;
}
type GeneratorClass = new (
  fs: {
    list(dir: string): Promise<string[]>;
    read(file: string): Promise<string>;
    hash(file: string): Promise<string>;
    write(file: string, contents: string): Promise<void>;
  },
  baseHref: string,
) => NgswGenerator;

/** How the build made its service worker manifest: the ngsw-config.json it read and the base href it used. */
export interface ServiceWorkerBuild {
  configPath: string;
  baseHref: string;
}

/**
 * Files @angular/build copies next to the manifest only after generating it, so its hash table never lists
 * them (angular/angular-cli 21.2.x packages/angular/build/src/utils/service-worker.ts,
 * augmentAppWithServiceWorkerCore); the manifest itself does not exist yet either.
 */
const addedAfterManifest = new Set([
  '/ngsw.json',
  '/ngsw-worker.js',
  '/safety-worker.js',
  '/worker-basic.min.js',
]);

/** The URL join of @angular/service-worker's generator (angular/angular 21.2.x packages/service-worker/config/src/generator.ts). */
function joinUrls(a: string, b: string): string {
  if (a.endsWith('/') && b.startsWith('/')) return a + b.slice(1);
  if (!a.endsWith('/') && !b.startsWith('/')) return `${a}/${b}`;
  return a + b;
}

/**
 * The service worker options of the build that `sentry-sourcemaps` follows. Nx runs that build with the
 * configuration the command names when build has it, else build's default configuration (nrwl/nx 22.x
 * packages/nx/src/tasks-runner/create-task-graph.ts, resolveConfiguration). `serviceWorker` is the path of
 * ngsw-config.json (application builder), or `true` with `ngswConfigPath` or else the project's own
 * ngsw-config.json (browser builders; angular/angular-cli 21.2.x packages/angular/build/src/utils/service-worker.ts,
 * augmentAppWithServiceWorker). The base href defaults to `/` as in execute-post-bundle.ts of @angular/build.
 * Undefined when the build makes no service worker.
 */
export function serviceWorkerBuild(
  workspaceRoot: string,
  projectRoot: string,
  build: TargetConfiguration | undefined,
  configurationName?: string,
): ServiceWorkerBuild | undefined {
  if (!build) return undefined;
  const configuration =
    configurationName && build.configurations?.[configurationName]
      ? configurationName
      : build.defaultConfiguration;
  const options = {
    ...build.options,
    ...(configuration ? build.configurations?.[configuration] : {}),
  } as { serviceWorker?: unknown; ngswConfigPath?: unknown; baseHref?: unknown };
  const { serviceWorker, ngswConfigPath, baseHref } = options;
  if (!serviceWorker) return undefined;
  const configPath =
    typeof serviceWorker === 'string'
      ? serviceWorker
      : typeof ngswConfigPath === 'string'
        ? ngswConfigPath
        : join(projectRoot, 'ngsw-config.json');
  return {
    configPath: join(workspaceRoot, configPath),
    baseHref: typeof baseHref === 'string' && baseHref ? baseHref : '/',
  };
}

/** Folders below `browserFolder` holding an ngsw.json (the folder itself; with i18n, one per locale). */
export function manifestFolders(browserFolder: string): string[] {
  if (!existsSync(browserFolder)) return [];
  return readdirSync(browserFolder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === 'ngsw.json')
    .map((entry) => entry.parentPath);
}

/** The workspace's @angular/service-worker generator; the error says what to install. */
export function loadNgswGenerator(workspaceRoot: string): GeneratorClass {
  let path: string;
  try {
    path = require.resolve('@angular/service-worker/config', { paths: [workspaceRoot] });
  } catch {
    throw new Error(
      'The build output has an ngsw.json, which lists the hash of every file it caches, and the scripts were just edited; ' +
        'regenerating it needs @angular/service-worker, which is not installed in this workspace: npm install @angular/service-worker',
    );
  }
  // The package ships ES modules only; @angular/build loads it the same way, with require (Node ≥ 20.19).
  return (require(path) as { Generator: GeneratorClass }).Generator;
}

/** Every file below `folder` as a URL path (`/main-X.js`), the way the generator lists a build's output. */
function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/')}`);
}

/**
 * Regenerates the ngsw.json of each manifest folder with Angular's own generator (the `Generator` of
 * @angular/service-worker/config that the `ngsw-config` bin and @angular/build both run), from the build's
 * ngsw-config.json and base href, over the files as they now ship: the service worker checks every file it
 * caches against the manifest's SHA-1 and refuses an app version whose files do not match. A locale folder
 * gets the base href of its subfolder, as the i18n build gives it by default. The index page stays the one the
 * build named (@angular/build replaces the config's `index` with its output, index.csr.html with SSR). A
 * manifest that lists other files than the build's (maps aside, deleted after the upload) means the config or
 * the base href differ from the build's: that fails rather than ship a worker that caches the wrong URLs.
 * Returns the manifests rewritten, relative to `browserFolder`.
 */
export async function regenerateNgswManifests(
  browserFolder: string,
  folders: string[],
  build: ServiceWorkerBuild,
  Generator: GeneratorClass,
): Promise<string[]> {
  if (!existsSync(build.configPath))
    throw new Error(
      `The build output has an ngsw.json but the service worker configuration ${build.configPath} the build names does not exist.`,
    );
  const config = JSON.parse(readFileSync(build.configPath, 'utf-8')) as Record<string, unknown>;
  const rewritten: string[] = [];
  for (const folder of folders) {
    const subfolder = relative(browserFolder, folder).split(sep).join('/');
    const baseHref = subfolder ? joinUrls(build.baseHref, `${subfolder}/`) : build.baseHref;
    const manifestPath = join(folder, 'ngsw.json');
    const built = JSON.parse(readFileSync(manifestPath, 'utf-8')) as NgswManifest;
    const root = joinUrls(baseHref, '/');
    const index = built.index.startsWith(root) ? built.index.slice(root.length) : config['index'];
    const files = listFiles(folder).filter((file) => !addedAfterManifest.has(file));
    const generator = new Generator(
      {
        list: async () => files,
        read: async (file) => readFileSync(join(folder, file), 'utf-8'),
        hash: async (file) =>
          createHash('sha1')
            .update(readFileSync(join(folder, file)))
            .digest('hex'),
        write: async () => {
          throw new Error('The manifest is written by sentry-sourcemaps.');
        },
      },
      baseHref,
    );
    const manifest = await generator.process({ ...config, index });
    const withoutMaps = (table: Record<string, string>) =>
      Object.keys(table)
        .filter((url) => !url.endsWith('.map'))
        .sort();
    const expected = withoutMaps(built.hashTable);
    const actual = withoutMaps(manifest.hashTable);
    if (manifest.index !== built.index || JSON.stringify(expected) !== JSON.stringify(actual))
      throw new Error(
        `${relative(dirname(browserFolder), manifestPath)} regenerated from ${build.configPath} with base href ${baseHref} ` +
          `does not match the build's (index ${manifest.index} for ${built.index}, ${actual.length} files for ${expected.length}): ` +
          'was ngsw-config.json or the base href changed after the build? Build again.',
      );
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    rewritten.push(relative(browserFolder, manifestPath).split(sep).join('/'));
  }
  return rewritten;
}
