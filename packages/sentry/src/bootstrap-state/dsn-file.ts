import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Tree } from '@nx/devkit';
import { BootstrapError } from './bootstrap-error';

/**
 * Where bootstrap writes the DSNs, relative to the workspace root. Per machine and per Sentry instance,
 * so it is git-ignored; the app generators read it for their default --dsn.
 */
export const defaultDsnFile = '.sentry/dsn.json';

function parseDsns(text: string, path: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, string>;
  } catch {
    // Reported below with the path.
  }
  throw new BootstrapError(
    `${path} is not a JSON object of project slug → DSN; delete it and run the bootstrap target again.`,
  );
}

const readDsns = (path: string) => parseDsns(readFileSync(path, 'utf-8'), path);

/**
 * The public DSN bootstrap recorded for a Sentry project, or undefined when there is no DSN file or no
 * entry for the project (bootstrap has not run on this machine).
 */
export function readDsnFile(
  workspaceRoot: string,
  projectSlug: string,
  dsnFile = defaultDsnFile,
): string | undefined {
  const path = resolve(workspaceRoot, dsnFile);
  if (!existsSync(path)) return undefined;
  const dsn = readDsns(path)[projectSlug];
  return typeof dsn === 'string' ? dsn : undefined;
}

/** The same lookup through a generator's Tree, which sees the workspace's files and its own pending writes. */
export function readDsnFromTree(tree: Tree, projectSlug: string): string | undefined {
  const text = tree.read(defaultDsnFile, 'utf-8');
  if (text === null) return undefined;
  const dsn = parseDsns(text, defaultDsnFile)[projectSlug];
  return typeof dsn === 'string' ? dsn : undefined;
}

/** Writes the DSNs into the file, keeping entries of other projects; returns whether the file changed. */
export function writeDsnFile(path: string, dsns: Record<string, string>): boolean {
  const before = existsSync(path) ? readFileSync(path, 'utf-8') : undefined;
  const content = `${JSON.stringify({ ...(before === undefined ? {} : readDsns(path)), ...dsns }, null, 2)}\n`;
  if (content === before) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return true;
}

/**
 * Adds the DSN file (inside the workspace) to the workspace's .gitignore unless a line already names it or
 * a folder holding it. Returns the line it added. Wildcards are not interpreted: at worst a redundant line.
 */
export function ignoreDsnFile(workspaceRoot: string, path: string): string | undefined {
  const parts = relative(workspaceRoot, path).split(sep);
  const covering = new Set(
    parts.flatMap((_, index) => {
      const prefix = parts.slice(0, index + 1).join('/');
      return [prefix, `/${prefix}`, `${prefix}/`, `/${prefix}/`];
    }),
  );
  const gitignore = join(workspaceRoot, '.gitignore');
  const current = existsSync(gitignore) ? readFileSync(gitignore, 'utf-8') : '';
  if (current.split(/\r?\n/).some((line) => covering.has(line.trim()))) return undefined;
  const line = `/${parts.join('/')}`;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  writeFileSync(
    gitignore,
    `${current}${separator}# Sentry DSNs of this machine, written by the bootstrap target\n${line}\n`,
  );
  return line;
}
