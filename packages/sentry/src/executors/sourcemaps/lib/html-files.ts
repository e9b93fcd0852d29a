import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every .html file below a folder, as paths relative to it: index, SSR shells, prerendered routes. */
export function htmlFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}
