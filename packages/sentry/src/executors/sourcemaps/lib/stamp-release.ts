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
  const stamped = html.replace(
    /<meta name="sentry-release" content="[^"]*">/,
    `<meta name="sentry-release" content="${escapeAttribute(release)}">`,
  );
  writeFileSync(index, stamped);
  return stamped !== html || html.includes(`content="${escapeAttribute(release)}"`);
}
