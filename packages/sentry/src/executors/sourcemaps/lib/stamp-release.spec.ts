import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stampRelease } from './stamp-release';

describe('stampRelease', () => {
  let output: string;
  beforeEach(() => (output = mkdtempSync(join(tmpdir(), 'stamp-'))));
  afterEach(() => rmSync(output, { recursive: true, force: true }));

  const write = (path: string, html: string) => {
    mkdirSync(dirname(join(output, path)), { recursive: true });
    writeFileSync(join(output, path), html);
  };

  it.each([
    ['as written', '<meta name="sentry-release" content="">'],
    ['minified by the build', '<meta name="sentry-release" content>'],
    ['already stamped', '<meta name="sentry-release" content="web@0.0.1+aaaaaaaaaaaa">'],
  ])('fills the release into the meta tag %s, escaping it as an attribute', (_, tag) => {
    write('index.html', `<html><head>${tag}<title>x</title></head></html>`);
    expect(stampRelease(output, 'web@1.0.0+0123456789ab "&"')).toEqual(['index.html']);
    expect(readFileSync(join(output, 'index.html'), 'utf-8')).toBe(
      '<html><head><meta name="sentry-release" content="web@1.0.0+0123456789ab &quot;&amp;&quot;"><title>x</title></head></html>',
    );
  });

  it('stamps every page the app serves: SSR shells, prerendered routes, a renamed index', () => {
    const page = '<html><head><meta name="sentry-release" content=""></head></html>';
    for (const path of [
      'browser/index.csr.html',
      'browser/about/index.html',
      'browser/main.html',
      'server/index.server.html',
    ])
      write(path, page);
    write('browser/3rdpartylicenses.html', '<html></html>');
    expect(stampRelease(output, 'web@1.0.0+0123456789ab').sort()).toEqual([
      'browser/about/index.html',
      'browser/index.csr.html',
      'browser/main.html',
      'server/index.server.html',
    ]);
    expect(readFileSync(join(output, 'server/index.server.html'), 'utf-8')).toContain(
      'content="web@1.0.0+0123456789ab"',
    );
  });

  it('says so when there is nothing to stamp', () => {
    write('index.html', '<html><head></head></html>');
    expect(stampRelease(output, 'web@1.0.0+0123456789ab')).toEqual([]);
  });
});
