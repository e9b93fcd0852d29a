import { joinPathFragments, type Tree } from '@nx/devkit';
import type { TypeScriptFiles } from '../../../edit/typescript-files';
import type { AngularApp } from './angular-app';

/** Every `*.server.ts` of the app plus its SSR entries: the code that runs on the server. */
function serverSources(tree: Tree, app: AngularApp): string[] {
  const found: string[] = [...app.serverFiles];
  const visit = (folder: string) => {
    for (const child of tree.children(folder)) {
      const path = joinPathFragments(folder, child);
      if (tree.isFile(path)) {
        if (/\.server\.ts$/.test(child)) found.push(path);
      } else if (child !== 'node_modules') visit(path);
    }
  };
  visit(app.sourceRoot);
  return [...new Set(found)].filter((path) => tree.exists(path));
}

/**
 * A predicate: does server code import `name` from `path`? Such a configuration is merged into the server
 * config (SSR), so Sentry's providers must not go into it.
 */
export function serverImportsOf(
  tree: Tree,
  files: TypeScriptFiles,
  app: AngularApp,
): (path: string, name: string) => boolean {
  const servers = serverSources(tree, app).map((path) => files.get(path));
  return (path, name) =>
    servers.some((server) =>
      server.getImportDeclarations().some((declaration) => {
        const specifier = declaration.getModuleSpecifierValue();
        if (!specifier.startsWith('.')) return false;
        const resolved = joinPathFragments(server.getDirectoryPath().slice(1), `${specifier}.ts`);
        return resolved === path && declaration.getNamedImports().some((named) => named.getName() === name);
      }),
    );
}
