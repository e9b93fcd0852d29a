import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  loadNgswGenerator,
  manifestFolders,
  regenerateNgswManifests,
  serviceWorkerBuild,
  type ServiceWorkerBuild,
} from './service-worker';

const sha1 = (content: string) => createHash('sha1').update(content).digest('hex');

describe('serviceWorkerBuild', () => {
  const build = (options: Record<string, unknown>, production: Record<string, unknown> = {}) => ({
    executor: '@angular/build:application',
    options,
    configurations: { production, development: { baseHref: '/dev/' } },
    defaultConfiguration: 'production',
  });

  it('reads the config path and base href of the configuration Nx runs build with', () => {
    const target = build({ serviceWorker: 'apps/web/ngsw-config.json' }, { baseHref: '/shop/' });
    expect(serviceWorkerBuild('/ws', 'apps/web', target)).toEqual({
      configPath: '/ws/apps/web/ngsw-config.json',
      baseHref: '/shop/',
    });
    expect(serviceWorkerBuild('/ws', 'apps/web', target, 'development')?.baseHref).toBe('/dev/');
    // A configuration build does not have: Nx runs build's default one.
    expect(serviceWorkerBuild('/ws', 'apps/web', target, 'staging')?.baseHref).toBe('/shop/');
  });

  it('takes the browser builders’ ngswConfigPath, else the project’s ngsw-config.json, and base href /', () => {
    expect(
      serviceWorkerBuild('/ws', 'apps/web', build({ serviceWorker: true, ngswConfigPath: 'sw.json' })),
    ).toEqual({ configPath: '/ws/sw.json', baseHref: '/' });
    expect(serviceWorkerBuild('/ws', 'apps/web', build({ serviceWorker: true }))?.configPath).toBe(
      '/ws/apps/web/ngsw-config.json',
    );
  });

  it('is undefined when the build makes no service worker', () => {
    expect(serviceWorkerBuild('/ws', 'apps/web', build({}))).toBeUndefined();
    expect(
      serviceWorkerBuild('/ws', 'apps/web', build({ serviceWorker: 'x.json' }, { serviceWorker: false })),
    ).toBe(undefined);
    expect(serviceWorkerBuild('/ws', 'apps/web', undefined)).toBeUndefined();
  });
});

describe('service worker manifests of a release folder', () => {
  let root: string;
  let browser: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ngsw-'));
    browser = join(root, 'release', 'browser');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };

  it('finds the ngsw.json of the browser folder and of each locale folder', () => {
    write('release/browser/ngsw.json', '{}');
    write('release/browser/de/ngsw.json', '{}');
    write('release/browser/de/main.js', '');
    expect(manifestFolders(browser).sort()).toEqual([browser, join(browser, 'de')]);
    expect(manifestFolders(join(root, 'missing'))).toEqual([]);
  });

  it('says what to install when @angular/service-worker is missing', () => {
    expect(() => loadNgswGenerator(root)).toThrow(/npm install @angular\/service-worker/);
  });

  /**
   * A stand-in for @angular/service-worker/config's Generator (not a dependency of this repository; the e2e
   * runs the real one): hashes the .js/.html/.css files it is given, keyed by URL under the base href, with the
   * config's index, as the real generator does for the default asset groups.
   */
  const calls: { files: string[]; baseHref: string; config: Record<string, unknown> }[] = [];
  class Generator {
    constructor(
      private readonly fs: { list(dir: string): Promise<string[]>; hash(file: string): Promise<string> },
      private readonly baseHref: string,
    ) {}
    async process(config: Record<string, unknown>) {
      const files = await this.fs.list('/');
      calls.push({ files, baseHref: this.baseHref, config });
      const url = (path: string) => this.baseHref.replace(/\/$/, '') + '/' + path.replace(/^\//, '');
      const hashTable: Record<string, string> = {};
      for (const file of files.filter((file) => /\.(js|html|css)$/.test(file)).sort())
        hashTable[url(file)] = await this.fs.hash(file);
      return { configVersion: 1, index: url(config['index'] as string), hashTable };
    }
  }
  beforeEach(() => (calls.length = 0));

  const builtManifest = (index: string, urls: string[]) =>
    JSON.stringify({ index, hashTable: Object.fromEntries(urls.map((url) => [url, sha1('as built')])) });
  const config = (build: Partial<ServiceWorkerBuild> = {}): ServiceWorkerBuild => ({
    configPath: join(root, 'ngsw-config.json'),
    baseHref: '/',
    ...build,
  });

  it("rewrites the hash table for the files as shipped, keeps the build's index, leaves out the worker's own files", async () => {
    write('ngsw-config.json', JSON.stringify({ index: '/index.html', assetGroups: [] }));
    write('release/browser/index.csr.html', '<html>stamped</html>');
    write('release/browser/main-A.js', 'main();\n//# debugId=1');
    for (const file of ['ngsw-worker.js', 'safety-worker.js', 'worker-basic.min.js'])
      write(`release/browser/${file}`, 'worker');
    write(
      'release/browser/ngsw.json',
      builtManifest('/shop/index.csr.html', [
        '/shop/index.csr.html',
        '/shop/main-A.js',
        '/shop/main-A.js.map',
      ]),
    );

    expect(
      await regenerateNgswManifests(browser, [browser], config({ baseHref: '/shop/' }), Generator as never),
    ).toEqual(['ngsw.json']);
    expect(calls[0].files.sort()).toEqual(['/index.csr.html', '/main-A.js']);
    expect(calls[0].config['index']).toBe('index.csr.html');
    expect(JSON.parse(readFileSync(join(browser, 'ngsw.json'), 'utf-8'))).toEqual({
      configVersion: 1,
      index: '/shop/index.csr.html',
      hashTable: {
        '/shop/index.csr.html': sha1('<html>stamped</html>'),
        '/shop/main-A.js': sha1('main();\n//# debugId=1'),
      },
    });
  });

  it('gives a locale folder the base href of its subfolder', async () => {
    write('ngsw-config.json', JSON.stringify({ index: '/index.html' }));
    write('release/browser/de/index.html', 'de');
    write('release/browser/de/ngsw.json', builtManifest('/de/index.html', ['/de/index.html']));
    await regenerateNgswManifests(browser, [join(browser, 'de')], config(), Generator as never);
    expect(calls[0].baseHref).toBe('/de/');
    expect(JSON.parse(readFileSync(join(browser, 'de', 'ngsw.json'), 'utf-8')).hashTable).toEqual({
      '/de/index.html': sha1('de'),
    });
  });

  it('fails, leaving the manifest, when the regenerated one lists other files than the build (config or base href changed)', async () => {
    write('ngsw-config.json', JSON.stringify({ index: '/index.html' }));
    write('release/browser/index.html', 'x');
    const built = builtManifest('/app/index.html', ['/app/index.html']);
    write('release/browser/ngsw.json', built);
    await expect(regenerateNgswManifests(browser, [browser], config(), Generator as never)).rejects.toThrow(
      /does not match the build's/,
    );
    expect(readFileSync(join(browser, 'ngsw.json'), 'utf-8')).toBe(built);
  });

  it('fails when the config the build names is gone', async () => {
    write('release/browser/ngsw.json', builtManifest('/index.html', []));
    await expect(regenerateNgswManifests(browser, [browser], config(), Generator as never)).rejects.toThrow(
      /ngsw-config.json the build names does not exist/,
    );
  });
});
