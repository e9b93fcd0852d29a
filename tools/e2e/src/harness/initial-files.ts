import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a built app's index.html loads before the app runs: its scripts, module preloads and stylesheets. */
export function initialFiles(output: string): string[] {
  const html = readFileSync(join(output, 'index.html'), 'utf-8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+\.(?:js|css))"/g)].map(
    (match) => match[1],
  );
  return [...new Set(files)];
}
