import {
  joinPathFragments,
  type ProjectConfiguration,
  readJson,
  type Tree,
  updateProjectConfiguration,
} from '@nx/devkit';
import { updateJsoncDocument } from '../edit/jsonc-document';

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

/** Writes a JSON file to hold `value`, changing only what differs: its layout and key order stay. */
function updateJsonFile(tree: Tree, path: string, value: Record<string, unknown>): void {
  const text = tree.read(path, 'utf-8') ?? '{}';
  const updated = updateJsoncDocument(text, value);
  if (updated !== text) tree.write(path, updated);
}

/**
 * A project.json is updated in place: devkit rewrites the whole file (nrwl/nx 22.7.12, same file,
 * updateProjectConfigurationInProjectJson), putting `name` and `$schema` first, adding them when the file had
 * none, and expanding every one-line array.
 */
export function writeProjectConfiguration(tree: Tree, name: string, project: ProjectConfiguration): void {
  if (definedInAngularJson(tree, name, project.root)) {
    const angularJson = readJson<Required<AngularJson>>(tree, 'angular.json');
    angularJson.projects[name] = toAngularJsonProject(project);
    return updateJsonFile(tree, 'angular.json', angularJson);
  }
  const projectJson = joinPathFragments(project.root, 'project.json');
  if (!tree.exists(projectJson)) return updateProjectConfiguration(tree, name, project);
  const current = readJson<Record<string, unknown>>(tree, projectJson);
  // `root` is where the file is; `name` and `$schema` stay as the file has them.
  updateJsonFile(tree, projectJson, {
    ...project,
    root: undefined,
    name: current['name'],
    $schema: current['$schema'],
  });
}
