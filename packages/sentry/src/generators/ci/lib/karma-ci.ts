import { getProjects, type TargetConfiguration, type Tree } from '@nx/devkit';
import { writeProjectConfiguration } from '../../../utils/project-configuration';

/** The Karma builders of Angular: the webpack one (Angular 16 and on) and the esbuild one (17.1 and on). */
const karmaExecutors = ['@angular-devkit/build-angular:karma', '@angular/build:karma'];

/** The configuration the workflow's test run asks for (`nx affected -t … --configuration=ci`). */
export const ciConfigurationName = 'ci';

/**
 * Chrome refuses to start as root without --no-sandbox (a self-hosted runner often runs as root), and
 * karma-chrome-launcher's ChromeHeadless does not pass it. @angular/build's Karma builder without a
 * karmaConfig uses its built-in configuration, which defines ChromeHeadlessNoSandbox (@angular/build 21.2.27
 * src/builders/karma/karma-config.js); Angular 16's does not (angular/angular-cli packages/angular_devkit/
 * build_angular/src/builders/karma/index.ts@16.x), and a karma.conf.js of the user's may not either, so
 * there it is ChromeHeadless (the ci README says how to run it as root).
 */
function headlessBrowser(target: TargetConfiguration): string {
  return target.executor === '@angular/build:karma' && !target.options?.['karmaConfig']
    ? 'ChromeHeadlessNoSandbox'
    : 'ChromeHeadless';
}

/**
 * Karma in CI: Angular's Karma builder defaults `watch` to true, takes the browsers of karma.conf.js (Chrome
 * with a window) and does not read CI=true (@angular/build 21.2.27 src/builders/karma/options.js and
 * schema.json), so `nx affected -t test` started Karma in watch mode and never returned. The `ci`
 * configuration runs once in headless Chrome. Nx falls back to a target's default configuration when it
 * lacks the one asked for (nrwl/nx packages/nx/src/tasks-runner/create-task-graph.ts resolveConfiguration
 * @22.7.12, the same in 20.1.4 and 21.6.11), so lint, build and other test runners are left as they are.
 *
 * Adds the configuration to every Karma test target that has none (one the user wrote stays) and tells
 * whether the workspace has Karma targets at all.
 */
export function addKarmaCiConfigurations(tree: Tree): boolean {
  let found = false;
  for (const [name, project] of getProjects(tree)) {
    let changed = false;
    for (const target of Object.values(project.targets ?? {})) {
      if (!karmaExecutors.includes(target.executor ?? '')) continue;
      found = true;
      if (target.configurations?.[ciConfigurationName]) continue;
      target.configurations = {
        ...target.configurations,
        [ciConfigurationName]: { watch: false, browsers: headlessBrowser(target) },
      };
      changed = true;
    }
    if (changed) writeProjectConfiguration(tree, name, project);
  }
  return found;
}
