import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlFiles } from './html-files';

/** A `<script>` or `<link>` tag with a `src`/`href` and an `integrity` attribute (any order). */
const taggedResource = /<(?:script|link)\b[^>]*>/g;
const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`);

/**
 * Recomputes the `integrity` attributes (subresource integrity, as Angular's `subresourceIntegrity` option
 * writes them) of the app's own scripts and stylesheets in every page below `releaseFolder`, after debug IDs
 * were injected into the scripts: a stale hash makes the browser refuse the file and the app never starts.
 * Local URLs resolve against the browser folder, as the pages' `<base href>` does; other URLs stay. Returns
 * how many attributes were rewritten.
 */
export function refreshIntegrity(releaseFolder: string, browserFolder: string): number {
  let rewritten = 0;
  for (const page of htmlFiles(releaseFolder)) {
    const path = join(releaseFolder, page);
    const html = readFileSync(path, 'utf-8');
    const updated = html.replace(taggedResource, (tag) => {
      const integrity = attribute('integrity').exec(tag)?.[1];
      const url = (attribute('src').exec(tag) ?? attribute('href').exec(tag))?.[1];
      const algorithm = integrity?.split('-')[0];
      if (!integrity || !url || !algorithm || !['sha256', 'sha384', 'sha512'].includes(algorithm)) return tag;
      if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return tag;
      const file = join(browserFolder, decodeURIComponent(url.split(/[?#]/)[0]).replace(/^\//, ''));
      if (!existsSync(file)) return tag;
      rewritten++;
      const hash = `${algorithm}-${createHash(algorithm).update(readFileSync(file)).digest('base64')}`;
      return tag.replace(attribute('integrity'), ` integrity="${hash}"`);
    });
    if (updated !== html) writeFileSync(path, updated);
  }
  return rewritten;
}
