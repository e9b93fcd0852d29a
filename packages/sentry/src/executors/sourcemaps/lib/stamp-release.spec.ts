import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stampRelease } from './stamp-release';

describe('stampRelease', () => {
  let output: string;
  beforeEach(() => (output = mkdtempSync(join(tmpdir(), 'stamp-'))));
  afterEach(() => rmSync(output, { recursive: true, force: true }));

  it.each([
    ['as written', '<meta name="sentry-release" content="">'],
    ['minified by the build', '<meta name="sentry-release" content>'],
    ['already stamped', '<meta name="sentry-release" content="web@0.0.1+aaaaaaaaaaaa">'],
  ])('fills the release into the meta tag %s, escaping it as an attribute', (_, tag) => {
    writeFileSync(join(output, 'index.html'), `<html><head>${tag}<title>x</title></head></html>`);
    expect(stampRelease(output, 'web@1.0.0+0123456789ab "&"')).toBe(true);
    expect(readFileSync(join(output, 'index.html'), 'utf-8')).toBe(
      '<html><head><meta name="sentry-release" content="web@1.0.0+0123456789ab &quot;&amp;&quot;"><title>x</title></head></html>',
    );
  });

  it('says so when there is nothing to stamp', () => {
    writeFileSync(join(output, 'index.html'), '<html><head></head></html>');
    expect(stampRelease(output, 'web@1.0.0+0123456789ab')).toBe(false);
  });
});
