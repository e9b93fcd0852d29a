import { dirname } from 'node:path';
import {
  addDependenciesToPackageJson,
  formatFiles,
  type GeneratorCallback,
  joinPathFragments,
  logger,
  type Tree,
} from '@nx/devkit';
import { SyntaxKind } from 'ts-morph';
import { TypeScriptFiles } from '../../edit/typescript-files';
import { relativeSpecifier } from '../../edit/typescript-imports';
import { sentryAngularIvyVersion, sentryAngularVersion, sentryCliVersion } from '../../versions';
import { addReleaseMeta, updateBuildTargets } from './lib/build-target';
import { checkInitialBudgets } from './lib/budgets';
import { shipReleaseInDockerfile } from './lib/dockerfile';
import { addSentryEnvironment, ensureEnvironmentFiles } from './lib/environments';
import { registerSentryProject } from '../../bootstrap-state/register-project';
import { normalizeOptions } from './lib/normalize-options';
import { addSentryProviders } from './lib/providers';
import { addSentryInit, replayModuleName, replayModuleSource } from './lib/sentry-init';
import { serverImportsOf } from './lib/server-files';
import type { AngularAppGeneratorSchema } from './schema';

export async function angularAppGenerator(
  tree: Tree,
  rawOptions: AngularAppGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, rawOptions);
  const { app, sdk } = options;
  const files = new TypeScriptFiles(tree);

  const { environments } = options;
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
  const changed = files.flush();

  updateBuildTargets(tree, app, { sentryProject: options.sentryProject, sdk, replayModule });
  addReleaseMeta(tree, app);
  shipReleaseInDockerfile(tree, app);
  checkInitialBudgets(tree, app, options.raiseBudget, alreadyWired);
  const { sentryProject } = options;
  registerSentryProject(tree, {
    project: { slug: sentryProject, name: sentryProject, platform: 'javascript-angular' },
    github: options.github,
    frameRoot: '',
  });

  const install = options.skipPackageJson
    ? undefined
    : addDependenciesToPackageJson(
        tree,
        { [sdk]: sdk === '@sentry/angular' ? sentryAngularVersion : sentryAngularIvyVersion },
        { '@sentry/cli': sentryCliVersion },
        undefined,
        true,
      );
  if (crossOriginApis.length > 0)
    // The browser preflights a cross-origin request with headers it does not know (Fetch standard, CORS).
    logger.info(
      `${app.name} sends the trace headers to ${crossOriginApis.join(', ')}: those APIs must answer the CORS preflight with ` +
        'Access-Control-Allow-Headers: sentry-trace, baggage (dotnet-app adds them to a WithHeaders policy), or traced requests fail.',
    );
  if (!options.skipFormat) await formatFiles(tree);
  logger.info(
    `Sentry (${sdk}) wired into ${app.name}: ${changed.length ? changed.join(', ') : 'code already wired'}; ` +
      `run "nx run ${app.name}:sentry-sourcemaps" after a production build (SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_URL; SENTRY_RELEASE in CI).`,
  );
  return () => install?.();
}

export default angularAppGenerator;
