import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes the release into the built index.html's `sentry-release` meta tag, which main.ts reads for
 * Sentry.init. The bundles stay byte-identical, so their source maps stay valid.
 */
export function stampRelease(outputPath: string, release: string): boolean {
  const index = join(outputPath, 'index.html');
  if (!existsSync(index)) return false;
  const html = readFileSync(index, 'utf-8');
  // The build may minify the tag (`content=""` becomes `content`), so the whole tag is replaced.
  const tag = /<meta\b[^>]*\bname="?sentry-release"?[^>]*>/;
  if (!tag.test(html)) return false;
  writeFileSync(
    index,
    html.replace(tag, `<meta name="sentry-release" content="${escapeAttribute(release)}">`),
  );
  return true;
}
