import { dirname } from 'node:path';
import { joinPathFragments, logger, type Tree } from '@nx/devkit';
import { SyntaxKind } from 'ts-morph';
import { TypeScriptFiles } from '../../../edit/typescript-files';
import { relativeSpecifier } from '../../../edit/typescript-imports';
import { addSentryEnvironment, ensureEnvironmentFiles } from './environments';
import type { NormalizedAngularAppOptions } from './normalize-options';
import { addSentryProviders } from './providers';
import { addSentryInit, replayModuleName, replayModuleSource } from './sentry-init';
import { serverImportsOf } from './server-files';

export interface SourceEdits {
  /** The files the edits changed. */
  changed: string[];
  /** The APIs the trace headers now reach across origins. */
  crossOriginApis: string[];
  /** main.ts imported a Sentry SDK before this run. */
  alreadyWired: boolean;
  replayModule: string;
}

/**
 * The TypeScript edits of the app (environments, main.ts, providers, the replay module): the only part of the
 * generator that needs ts-morph, so the generator loads this module when it runs.
 */
export function editSources(tree: Tree, options: NormalizedAngularAppOptions): SourceEdits {
  const { app, sdk, environments } = options;
  const files = new TypeScriptFiles(tree);

  ensureEnvironmentFiles(tree, files, app, environments);
  const crossOriginApis = addSentryEnvironment(files, environments, options.settings, options.dsns);
  const main = files.get(app.mainFile);
  // Read before the edits: only the first wiring changes the size of the initial files.
  const alreadyWired = main
    .getImportDeclarations()
    .some((declaration) => declaration.getModuleSpecifierValue().startsWith('@sentry/'));
  addSentryInit(main, sdk, relativeSpecifier(app.mainFile, environments.base));
  const replayModule = joinPathFragments(dirname(app.mainFile), `${replayModuleName}.ts`);
  if (!files.exists(replayModule)) files.create(replayModule, replayModuleSource(sdk));
  addSentryProviders(main, {
    files,
    sdk,
    angularMajor: app.angularMajor,
    serverImported: serverImportsOf(tree, files, app),
  });
  // Nothing of Sentry in the server entries (SSR): they must never import the browser SDK.
  for (const server of app.serverFiles)
    if (
      files.exists(server) &&
      files
        .get(server)
        .getDescendantsOfKind(SyntaxKind.StringLiteral)
        .some((literal) => literal.getLiteralValue() === sdk)
    )
      logger.warn(
        `${server} imports ${sdk}: Sentry's Angular SDK runs in the browser only; remove it from the server entry.`,
      );
  return { changed: files.flush(), crossOriginApis, alreadyWired, replayModule };
}
