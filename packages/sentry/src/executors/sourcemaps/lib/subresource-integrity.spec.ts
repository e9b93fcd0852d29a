import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshIntegrity } from './subresource-integrity';

const sri = (algorithm: string, content: string) =>
  `${algorithm}-${createHash(algorithm).update(content).digest('base64')}`;

describe('refreshIntegrity', () => {
  let release: string;
  beforeEach(() => (release = mkdtempSync(join(tmpdir(), 'sri-'))));
  afterEach(() => rmSync(release, { recursive: true, force: true }));

  it('recomputes the integrity of every script and stylesheet an edit changed, in every page', () => {
    const browser = join(release, 'browser');
    mkdirSync(join(browser, 'about'), { recursive: true });
    mkdirSync(join(release, 'server'));
    const built = 'console.log(1);\n';
    writeFileSync(join(browser, 'main-ABC.js'), `${built}//# debugId=0f1e2d3c-0000-4000-8000-000000000000\n`);
    writeFileSync(join(browser, 'styles-X.css'), 'body{}');
    const page = `<html><head><link rel="stylesheet" href="styles-X.css" integrity="${sri('sha384', 'old')}" crossorigin="anonymous"><link rel="modulepreload" href="main-ABC.js" integrity="${sri('sha384', built)}"></head><body><script src="main-ABC.js" type="module" integrity="${sri('sha512', built)}" crossorigin="anonymous"></script><script src="https://cdn.example.com/x.js" integrity="sha384-keep"></script></body></html>`;
    writeFileSync(join(browser, 'index.html'), page);
    writeFileSync(join(browser, 'about', 'index.html'), page);
    writeFileSync(join(release, 'server', 'index.server.html'), page);

    expect(refreshIntegrity(release, browser)).toBe(9);
    const main = readFileSync(join(browser, 'main-ABC.js'), 'utf-8');
    for (const path of ['browser/index.html', 'browser/about/index.html', 'server/index.server.html']) {
      const html = readFileSync(join(release, path), 'utf-8');
      expect(html).toContain(`href="main-ABC.js" integrity="${sri('sha384', main)}"`);
      expect(html).toContain(`integrity="${sri('sha512', main)}" crossorigin="anonymous"></script>`);
      expect(html).toContain(`href="styles-X.css" integrity="${sri('sha384', 'body{}')}"`);
      expect(html).toContain('src="https://cdn.example.com/x.js" integrity="sha384-keep"');
    }
  });

  it('changes nothing in pages without integrity attributes', () => {
    writeFileSync(join(release, 'index.html'), '<script src="main.js"></script>');
    writeFileSync(join(release, 'main.js'), 'x');
    expect(refreshIntegrity(release, release)).toBe(0);
    expect(readFileSync(join(release, 'index.html'), 'utf-8')).toBe('<script src="main.js"></script>');
  });
});
