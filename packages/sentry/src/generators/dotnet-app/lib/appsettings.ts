import { joinPathFragments, Tree } from '@nx/devkit';
import { JsoncSyntaxError, readJsoncValue, setJsoncProperties } from '../../../edit/jsonc-document';
import { eolOf, indentUnitOf } from '../../../edit/text-edit';
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

/** A JSONC parse failure of an appsettings file, as the refusal that names --project. */
function readSettings<T>(path: string, project: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof JsoncSyntaxError)) throw error;
    throw new OptionError(
      'project',
      project,
      `a project whose ${path} is JSON with comments (${error.message})`,
    );
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A Sentry sink that Serilog.Settings.Configuration builds from `Serilog:WriteTo` (an array of entries, or an
 * object of named entries): its place in the file, and the DSN it passes, if any.
 */
export interface SettingsSink {
  path: string;
  /** JSON path of the entry's Args object. */
  args: (string | number)[];
  /** The key of its DSN argument as the file spells it (arguments match case-insensitively). */
  dsnKey?: string;
  dsn?: string;
}

/** The appsettings files of the project: appsettings.json and every appsettings.<Environment>.json. */
const appSettingsPaths = (tree: Tree, root: string) =>
  tree
    .children(root)
    .filter((file) => /^appsettings(\.[^.]+)?\.json$/i.test(file))
    .map((file) => joinPathFragments(root, file));

/** Every `{ "Name": "Sentry", … }` entry of Serilog:WriteTo in the project's appsettings files. */
export function sentrySinksInSettings(tree: Tree, root: string, project: string): SettingsSink[] {
  return appSettingsPaths(tree, root).flatMap((path) =>
    readSettings(path, project, () => {
      const writeTo = readJsoncValue(tree.read(path, 'utf-8') ?? '', ['Serilog', 'WriteTo']);
      const entries: [string | number, unknown][] = Array.isArray(writeTo)
        ? writeTo.map((entry, index) => [index, entry])
        : isObject(writeTo)
          ? Object.entries(writeTo)
          : [];
      return entries
        .filter(([, entry]) => isObject(entry) && entry['Name'] === 'Sentry')
        .map(([key, entry]) => {
          const args = isObject(entry) && isObject(entry['Args']) ? entry['Args'] : {};
          const dsnKey = Object.keys(args).find((arg) => arg.toLowerCase() === 'dsn');
          const dsn = dsnKey === undefined ? undefined : args[dsnKey];
          return {
            path,
            args: ['Serilog', 'WriteTo', key, 'Args'],
            dsnKey,
            dsn: typeof dsn === 'string' && dsn !== '' ? dsn : undefined,
          };
        });
    }),
  );
}

/**
 * Sentry.Serilog's configuration-file overloads have no InitializeSdk argument: the sink initialises an SDK
 * of its own exactly when the entry passes `dsn` (SentrySinkExtensions.ConfigureSentrySerilogOptions sets
 * `InitializeSdk = dsn is not null`, src/Sentry.Serilog/SentrySinkExtensions.cs, getsentry/sentry-dotnet tag
 * 6.9.0), and Serilog.Settings.Configuration ignores arguments no overload names. So the sink's equivalent of
 * `InitializeSdk = false` is an entry without `dsn`; UseSentry initialises the SDK from the "Sentry" section.
 */
function withoutSinkDsn(text: string, sinks: readonly SettingsSink[]): string {
  return sinks.reduce(
    (edited, sink) =>
      sink.dsnKey === undefined
        ? edited
        : setJsoncProperties(edited, sink.args, { [sink.dsnKey]: undefined }),
    text,
  );
}

function editSection(
  tree: Tree,
  path: string,
  properties: Properties,
  project: string,
  sinks: readonly SettingsSink[],
  newFileText: string,
): AppSettingsFiles | undefined {
  const original = tree.read(path, 'utf-8');
  const before = original ?? newFileText;
  return readSettings(path, project, () => {
    const section = readJsoncValue(before, ['Sentry']);
    if (section !== undefined && !isObject(section)) throw new JsoncSyntaxError('"Sentry" is not an object');
    const present = section ?? {};
    const values = Object.fromEntries(
      Object.entries(properties)
        .filter(([key, { given }]) => given || present[key] === undefined || present[key] === '')
        .map(([key, { value }]) => [key, value]),
    );
    const after = setJsoncProperties(
      withoutSinkDsn(
        before,
        sinks.filter((sink) => sink.path === path),
      ),
      ['Sentry'],
      values,
    );
    return after === original ? undefined : { path, text: after };
  });
}

/**
 * A new appsettings file: laid out like the project's appsettings.json (indentation, line endings), or as the
 * .NET templates write theirs, two-space JSON, when there is none.
 */
function newSettingsText(model: string | null): string {
  const eol = model === null ? '\n' : eolOf(model);
  const unit = model === null ? '  ' : indentUnitOf(model);
  return `{${eol}${unit}"Sentry": {}${eol}}${eol}`;
}

/** The new texts of the appsettings files that change. */
export function appSettingsEdits(
  tree: Tree,
  root: string,
  options: NormalizedDotnetAppOptions,
  profiling: boolean,
  sinks: readonly SettingsSink[],
): AppSettingsFiles[] {
  // The DSN a sink initialised its SDK with becomes UseSentry's, so the app keeps reporting where it did.
  const sinkDsn = sinks.find((sink) => sink.dsn !== undefined)?.dsn;
  const common: Properties = {
    Dsn: options.dsn ?? { value: sinkDsn ?? '', given: false },
    TracesSampleRate: options.tracesSampleRate,
    ...(profiling ? { ProfilesSampleRate: options.profilesSampleRate } : {}),
  };
  const production: Properties = options.environment
    ? { Environment: { value: options.environment, given: true } }
    : {};
  const mainPath = joinPathFragments(root, 'appsettings.json');
  const productionPath = joinPathFragments(root, 'appsettings.Production.json');
  const edited = [
    editSection(tree, mainPath, common, options.project, sinks, newSettingsText(null)),
    Object.keys(production).length > 0
      ? editSection(
          tree,
          productionPath,
          production,
          options.project,
          sinks,
          newSettingsText(tree.read(mainPath, 'utf-8')),
        )
      : undefined,
  ];
  // Other environments' files only lose their sink's DSN.
  const others = [...new Set(sinks.map((sink) => sink.path))]
    .filter((path) => path !== mainPath && !(Object.keys(production).length > 0 && path === productionPath))
    .map((path) => {
      const text = tree.read(path, 'utf-8') ?? '';
      const after = withoutSinkDsn(
        text,
        sinks.filter((sink) => sink.path === path),
      );
      return after === text ? undefined : { path, text: after };
    });
  return [...edited, ...others].filter((file): file is AppSettingsFiles => file !== undefined);
}
