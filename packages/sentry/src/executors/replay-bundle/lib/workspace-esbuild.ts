import { createRequire } from 'node:module';
import { join } from 'node:path';

type Esbuild = typeof import('esbuild');

/**
 * The workspace's own esbuild (every Angular workspace has it through @angular/build or
 * @angular-devkit/build-angular), so the replay bundle is built by the same bundler as the app.
 */
export function workspaceEsbuild(workspaceRoot: string): Esbuild {
  const requireFromWorkspace = createRequire(join(workspaceRoot, 'package.json'));
  try {
    return requireFromWorkspace('esbuild') as Esbuild;
  } catch {
    throw new Error(
      'esbuild is not installed in this workspace: the replay bundle is built with it (Angular builders bring it; otherwise add it with "npm install -D esbuild").',
    );
  }
}
