import {
  addDependenciesToPackageJson,
  formatFiles,
  type GeneratorCallback,
  logger,
  runTasksInSerial,
  type Tree,
} from '@nx/devkit';
import { sentryAngularIvyVersion, sentryAngularVersion, sentryCliVersion } from '../../versions';
import { addReleaseMeta, updateBuildTargets } from './lib/build-target';
import { checkInitialBudgets } from './lib/budgets';
import { shipReleaseInDockerfile } from './lib/dockerfile';
import { registerSentryProject } from '../../bootstrap-state/register-project';
import { normalizeOptions } from './lib/normalize-options';
import type { AngularAppGeneratorSchema } from './schema';

export async function angularAppGenerator(
  tree: Tree,
  rawOptions: AngularAppGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, rawOptions);
  const { app, sdk } = options;
  // ts-morph (with its own TypeScript) is loaded only now: the package's other generators, its executors and
  // the graph plugin never pay for it.
  const { editSources } = await import('./lib/source-edits');
  const { changed, crossOriginApis, alreadyWired, replayModule } = editSources(tree, options);

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

  const tasks: GeneratorCallback[] = [];
  if (!options.skipPackageJson)
    tasks.push(
      addDependenciesToPackageJson(
        tree,
        { [sdk]: sdk === '@sentry/angular' ? sentryAngularVersion : sentryAngularIvyVersion },
        { '@sentry/cli': sentryCliVersion },
        undefined,
        true,
      ),
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
  return runTasksInSerial(...tasks);
}

export default angularAppGenerator;
