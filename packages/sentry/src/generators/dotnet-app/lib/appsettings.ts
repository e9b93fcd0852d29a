import { joinPathFragments, Tree } from '@nx/devkit';
import { JsoncSyntaxError, readJsoncValue, setJsoncProperties } from '../../../edit/jsonc-document';
import { OptionError } from '../../../utils/option-error';
import type { NormalizedDotnetAppOptions, Setting } from './normalize-options';

/**
 * Where the settings go:
 * - appsettings.json (every environment, committed): the DSN, which is public (it only lets a client send
 *   events) and makes `dotnet run` report too — or "" when none is known, which keeps the SDK off instead of
 *   failing at start-up; and the sample rates.
 * - appsettings.Production.json (the deployed app, ASPNETCORE_ENVIRONMENT unset or Production): the
 *   environment name given with --environment, so local runs keep reporting "development".
 * - the DSN of a deployed app comes from the Secret sentry-credentials through Sentry__Dsn: environment
 *   variables beat both files, so rotating the key or moving the Sentry instance needs no rebuild, and no
 *   DSN is written into appsettings.Production.json where it could drift from the Secret.
 */
export interface AppSettingsFiles {
  path: string;
  text: string;
}

type Properties = Record<string, Setting<unknown>>;

function editSection(
  tree: Tree,
  path: string,
  properties: Properties,
  project: string,
): AppSettingsFiles | undefined {
  // A new file starts as the .NET templates write theirs: two-space JSON.
  const before = tree.read(path, 'utf-8') ?? '{\n  "Sentry": {}\n}\n';
  try {
    const section = readJsoncValue(before, ['Sentry']);
    if (section !== undefined && (typeof section !== 'object' || section === null || Array.isArray(section)))
      throw new JsoncSyntaxError('"Sentry" is not an object');
    const present = (section ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      Object.entries(properties)
        .filter(([key, { given }]) => given || present[key] === undefined || present[key] === '')
        .map(([key, { value }]) => [key, value]),
    );
    const after = setJsoncProperties(before, ['Sentry'], values);
    return after === before && tree.exists(path) ? undefined : { path, text: after };
  } catch (error) {
    if (!(error instanceof JsoncSyntaxError)) throw error;
    throw new OptionError(
      'project',
      project,
      `a project whose ${path} is JSON with comments (${error.message})`,
    );
  }
}

/** The new texts of the appsettings files that change. */
export function appSettingsEdits(
  tree: Tree,
  root: string,
  options: NormalizedDotnetAppOptions,
  profiling: boolean,
): AppSettingsFiles[] {
  const common: Properties = {
    Dsn: options.dsn ?? { value: '', given: false },
    TracesSampleRate: options.tracesSampleRate,
    ...(profiling ? { ProfilesSampleRate: options.profilesSampleRate } : {}),
  };
  const production: Properties = options.environment
    ? { Environment: { value: options.environment, given: true } }
    : {};
  return [
    editSection(tree, joinPathFragments(root, 'appsettings.json'), common, options.project),
    Object.keys(production).length > 0
      ? editSection(tree, joinPathFragments(root, 'appsettings.Production.json'), production, options.project)
      : undefined,
  ].filter((file): file is AppSettingsFiles => file !== undefined);
}
