import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlFiles } from './html-files';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The placeholder angular-app puts into the index; the build may minify it (`content=""` becomes `content`). */
const releaseTag = /<meta\b[^>]*\bname="?sentry-release"?[^>]*>/;

/**
 * Writes the release into the `sentry-release` meta tag, which main.ts reads for Sentry.init, of every page
 * below the folder that has it: the index (whatever the `index` option names it), `index.csr.html` and the
 * server's `index.server.html` with SSR, each prerendered route. The bundles stay byte-identical, so their
 * source maps stay valid. Returns the pages stamped, relative to the folder.
 */
export function stampRelease(folder: string, release: string): string[] {
  const stamped: string[] = [];
  for (const page of htmlFiles(folder)) {
    const path = join(folder, page);
    const html = readFileSync(path, 'utf-8');
    if (!releaseTag.test(html)) continue;
    writeFileSync(
      path,
      html.replace(releaseTag, `<meta name="sentry-release" content="${escapeAttribute(release)}">`),
    );
    stamped.push(page);
  }
  return stamped;
}
