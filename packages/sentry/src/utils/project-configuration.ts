import {
  type ProjectConfiguration,
  readJson,
  type Tree,
  updateProjectConfiguration,
  writeJson,
} from '@nx/devkit';

type AngularJson = { projects?: Record<string, Record<string, unknown>> };

/** Nx's names for what angular.json calls architect, schematics and builder. */
const angularJsonKeys: Record<string, string> = { targets: 'architect', generators: 'schematics' };

/** A project in angular.json's words: the keys in their order, targets under `architect` with a `builder`. */
function toAngularJsonProject(project: ProjectConfiguration): Record<string, unknown> {
  const entries = Object.entries(project)
    .filter(([key]) => key !== 'name')
    .map(([key, value]): [string, unknown] => {
      if (key !== 'targets') return [angularJsonKeys[key] ?? key, value];
      const targets = Object.entries(value as Record<string, Record<string, unknown>>).map(
        ([name, target]): [string, unknown] => [
          name,
          Object.fromEntries(
            Object.entries(target).map(([field, setting]) => [
              field === 'executor' ? 'builder' : field,
              setting,
            ]),
          ),
        ],
      );
      return ['architect', Object.fromEntries(targets)];
    });
  return Object.fromEntries(entries);
}

/**
 * `updateProjectConfiguration`, also for a project that angular.json defines (an Angular CLI workspace that
 * `nx init` converted): devkit reads such projects from angular.json but writes only project.json or a
 * package.json `nx` key (nrwl/nx 22.7.12, packages/nx/src/generators/utils/project-configuration.ts), which for
 * the CLI's root project defines it a second time and stops the project graph. The project goes back into
 * angular.json instead, in angular.json's words.
 */
/** Is the project defined in angular.json (and not by a project.json of its own)? */
export function definedInAngularJson(tree: Tree, name: string, root: string): boolean {
  if (!tree.exists('angular.json') || tree.exists(`${root || '.'}/project.json`)) return false;
  return !!readJson<AngularJson>(tree, 'angular.json').projects?.[name];
}

export function writeProjectConfiguration(tree: Tree, name: string, project: ProjectConfiguration): void {
  if (!definedInAngularJson(tree, name, project.root)) return updateProjectConfiguration(tree, name, project);
  const angularJson = readJson<Required<AngularJson>>(tree, 'angular.json');
  angularJson.projects[name] = toAngularJsonProject(project);
  writeJson(tree, 'angular.json', angularJson);
}
