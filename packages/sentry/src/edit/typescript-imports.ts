import type { SourceFile } from 'ts-morph';

/** Adds `import { name } from 'module'` unless the file already imports that name from there. */
export function ensureNamedImport(file: SourceFile, moduleSpecifier: string, name: string): void {
  const declaration = file.getImportDeclaration(
    (candidate) => candidate.getModuleSpecifierValue() === moduleSpecifier && !candidate.getNamespaceImport(),
  );
  if (!declaration) {
    file.addImportDeclaration({ moduleSpecifier, namedImports: [name] });
    return;
  }
  if (!declaration.getNamedImports().some((named) => named.getName() === name))
    declaration.addNamedImport(name);
}

/**
 * Ensures `import * as <alias> from 'module'` and returns the alias in use (an existing namespace import of the
 * module keeps its own name).
 */
export function ensureNamespaceImport(file: SourceFile, moduleSpecifier: string, alias: string): string {
  const existing = file
    .getImportDeclarations()
    .find(
      (candidate) =>
        candidate.getModuleSpecifierValue() === moduleSpecifier && candidate.getNamespaceImport(),
    );
  if (existing) return existing.getNamespaceImportOrThrow().getText();
  const imports = file.getImportDeclarations();
  file.insertImportDeclaration(imports.length, { moduleSpecifier, namespaceImport: alias });
  return alias;
}

/** The relative module specifier from one workspace file to another (without extension). */
export function relativeSpecifier(fromFile: string, toFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.replace(/\.ts$/, '').split('/');
  let common = 0;
  while (common < from.length && from[common] === to[common]) common++;
  const up = from.length - common;
  const path = [...Array(up).fill('..'), ...to.slice(common)].join('/');
  return up === 0 ? `./${path}` : path;
}
