import type {
  AlertState,
  BootstrapState,
  CodeMappingState,
  IssueAlertState,
  MetricAlertState,
  ProjectState,
} from './desired-state';
import { githubRepositoryPattern } from '../utils/git-remote';
import { sentrySlugPatterns } from '../utils/sentry-options';
import { gitBranchPattern } from '../utils/validators';
import { BootstrapError } from './bootstrap-error';

type Fields = Record<string, unknown>;

const slug = sentrySlugPatterns.mixed;
const slugText =
  'a Sentry slug: lower-case letters, digits, "_" and "-", at most 50 characters, not only digits';
const line = (max: number) => new RegExp(`^[^\\u0000-\\u001f]{1,${max}}$`);
const platform = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const repository = githubRepositoryPattern;
const pathRoot = /^[^\s'"]*$/;
const branch = gitBranchPattern;
const timeWindows = [1, 5, 10, 15, 30, 60, 120, 240, 1440];

/** Reads one file's fields, naming the field (as a path such as `projects[1].platform`) in every error. */
class FieldReader {
  constructor(private readonly file: string) {}

  fail(path: string, value: unknown, expected: string): never {
    throw new BootstrapError(
      value === undefined
        ? `Missing ${path} in ${this.file}: expected ${expected}.`
        : `Invalid ${path} ${JSON.stringify(value)} in ${this.file}: expected ${expected}.`,
    );
  }

  /** An object with exactly the named fields: an unknown one is almost always a typo. */
  object(path: string, value: unknown, fields: readonly string[]): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path || 'the file', value, `an object with ${fields.join(', ')}`);
    const unknown = Object.keys(value).find((key) => !fields.includes(key));
    if (unknown !== undefined)
      throw new BootstrapError(
        `Unknown field ${path ? `${path}.` : ''}${unknown} in ${this.file}: expected only ${fields.join(', ')}.`,
      );
    return value as Fields;
  }

  string(path: string, value: unknown, pattern: RegExp, expected: string): string {
    if (typeof value !== 'string' || !pattern.test(value)) this.fail(path, value, expected);
    return value;
  }

  oneOf<T>(path: string, value: unknown, options: readonly T[], expected?: string): T {
    if (!options.includes(value as T))
      this.fail(path, value, expected ?? options.map((option) => JSON.stringify(option)).join(' or '));
    return value as T;
  }

  array(path: string, value: unknown, expected: string, minimum = 0): unknown[] {
    if (!Array.isArray(value) || value.length < minimum) this.fail(path, value, expected);
    return value;
  }

  /** Refuses the second of two entries with the same key: Sentry would refuse or merge them. */
  unique(path: string, field: string, keys: string[], values: unknown[], expected: string): void {
    keys.forEach((key, index) => {
      if (keys.indexOf(key) < index)
        this.fail(`${path}[${index}]${field && `.${field}`}`, values[index], expected);
    });
  }
}

function projectOf(read: FieldReader, path: string, value: unknown): ProjectState {
  const fields = read.object(path, value, ['slug', 'name', 'platform']);
  const platformId = read.string(`${path}.platform`, fields['platform'], platform, 'a Sentry platform id');
  // Sentry's getting-started list, which it validates platforms against, names .NET `dotnet-*` now.
  if (platformId.startsWith('csharp'))
    read.fail(
      `${path}.platform`,
      platformId,
      `a current Sentry platform id: ${platformId.replace('csharp', 'dotnet')}`,
    );
  return {
    slug: read.string(`${path}.slug`, fields['slug'], slug, slugText),
    name: read.string(`${path}.name`, fields['name'], line(50), 'a name of 1 to 50 characters'),
    platform: platformId,
  };
}

function alertOf(read: FieldReader, path: string, value: unknown, projects: string[]): AlertState {
  const type = read.oneOf(`${path}.type`, (value as Fields | null)?.['type'], ['issue', 'metric'] as const);
  const fields = read.object(
    path,
    value,
    type === 'issue'
      ? ['type', 'name', 'projects', 'when', 'frequencyMinutes', 'action']
      : ['type', 'name', 'projects', 'dataset', 'aggregate', 'query', 'above', 'timeWindowMinutes', 'action'],
  );
  // No list: every project of the file, including those the app generators register later.
  const watched =
    fields['projects'] === undefined
      ? projects
      : read
          .array(`${path}.projects`, fields['projects'], 'a list of at least one project slug', 1)
          .map((entry, index) =>
            read.oneOf(
              `${path}.projects[${index}]`,
              entry,
              projects,
              `one of the projects: ${projects.join(', ')}`,
            ),
          );
  const common = {
    name: read.string(`${path}.name`, fields['name'], line(256), 'a name of 1 to 256 characters'),
    projects: watched,
    action: read.oneOf(
      `${path}.action`,
      fields['action'],
      ['email-team'] as const,
      '"email-team" (the action that works on a fresh install, without any integration)',
    ),
  };
  if (type === 'issue') {
    const frequency = fields['frequencyMinutes'];
    if (typeof frequency !== 'number' || !Number.isInteger(frequency) || frequency < 5 || frequency > 43200)
      read.fail(`${path}.frequencyMinutes`, frequency, 'whole minutes from 5 to 43200');
    return {
      type,
      ...common,
      when: read.oneOf(`${path}.when`, fields['when'], ['first-seen', 'regression'] as const),
      frequencyMinutes: frequency,
    } satisfies IssueAlertState;
  }
  const aggregate = read.string(`${path}.aggregate`, fields['aggregate'], line(200), 'a Sentry aggregate');
  const above = fields['above'];
  if (typeof above !== 'number' || !Number.isFinite(above)) read.fail(`${path}.above`, above, 'a number');
  // failure_rate() is a fraction of transactions, not a percentage.
  if (aggregate === 'failure_rate()' && (above <= 0 || above >= 1))
    read.fail(`${path}.above`, above, 'a ratio between 0 and 1 for failure_rate(), e.g. 0.05 for 5 %');
  // Sentry 26.8 with organizations:discover-saved-queries-deprecation (our feature-complete profile)
  // refuses new transaction-based alerts; say what to write instead before anything is sent.
  if (fields['dataset'] === 'transactions')
    read.fail(
      `${path}.dataset`,
      fields['dataset'],
      '"spans" (Sentry 26.8 refuses transaction-based alerts: use the span dataset, the query ' +
        '"is_transaction:true …" and span.duration instead of transaction.duration) or "events"',
    );
  if (fields['dataset'] === 'spans' && aggregate.includes('transaction.duration'))
    read.fail(`${path}.aggregate`, aggregate, 'an aggregate of the span dataset, e.g. p95(span.duration)');
  return {
    type,
    ...common,
    dataset: read.oneOf(`${path}.dataset`, fields['dataset'], ['spans', 'events'] as const),
    aggregate,
    query: read.string(`${path}.query`, fields['query'], /^[^\n]*$/, 'a search query on one line, or ""'),
    above,
    timeWindowMinutes: read.oneOf(
      `${path}.timeWindowMinutes`,
      fields['timeWindowMinutes'],
      timeWindows,
      `one of ${timeWindows.join(', ')} minutes`,
    ),
  } satisfies MetricAlertState;
}

function codeMappingOf(
  read: FieldReader,
  path: string,
  value: unknown,
  projects: string[],
  repositories: string[],
): CodeMappingState {
  const fields = read.object(path, value, [
    'project',
    'repository',
    'stackRoot',
    'sourceRoot',
    'defaultBranch',
  ]);
  const root = 'a path without spaces or quotes, or ""';
  return {
    project: read.oneOf(
      `${path}.project`,
      fields['project'],
      projects,
      `one of the projects: ${projects.join(', ')}`,
    ),
    repository: read.oneOf(
      `${path}.repository`,
      fields['repository'],
      repositories,
      `one of github.repositories: ${repositories.join(', ')}`,
    ),
    stackRoot: read.string(`${path}.stackRoot`, fields['stackRoot'], pathRoot, root),
    sourceRoot: read.string(`${path}.sourceRoot`, fields['sourceRoot'], pathRoot, root),
    defaultBranch: read.string(
      `${path}.defaultBranch`,
      fields['defaultBranch'],
      branch,
      'a branch name such as main',
    ),
  };
}

/** Checks a parsed state file field by field and returns it typed; throws a BootstrapError naming the field. */
export function validateState(value: unknown, file: string): BootstrapState {
  const read = new FieldReader(file);
  const root = read.object('', value, ['organization', 'team', 'projects', 'alerts', 'ciToken', 'github']);
  const named = (path: string, entry: unknown) => {
    const fields = read.object(path, entry, ['slug', 'name']);
    return {
      slug: read.string(`${path}.slug`, fields['slug'], slug, slugText),
      name: read.string(`${path}.name`, fields['name'], line(64), 'a name of 1 to 64 characters'),
    };
  };

  const organization = named('organization', root['organization']);
  const team = named('team', root['team']);
  const projects = read
    .array('projects', root['projects'], 'a list of projects (the app generators add theirs)')
    .map((entry, index) => projectOf(read, `projects[${index}]`, entry));
  const projectSlugs = projects.map((project) => project.slug);
  read.unique('projects', 'slug', projectSlugs, projectSlugs, 'a slug no other project has');

  const alerts = read
    .array('alerts', root['alerts'], 'a list of alerts')
    .map((entry, index) => alertOf(read, `alerts[${index}]`, entry, projectSlugs));
  const alertNames = alerts.map((alert) => alert.name);
  read.unique(
    'alerts',
    'name',
    alertNames,
    alertNames,
    'a name no other alert has: bootstrap finds alerts by name',
  );

  const github = read.object('github', root['github'], ['repositories', 'codeMappings']);
  const repositories = read
    .array('github.repositories', github['repositories'], 'a list of GitHub repositories')
    .map((entry, index) =>
      read.string(`github.repositories[${index}]`, entry, repository, 'a GitHub repository as owner/name'),
    );
  const repositoryKeys = repositories.map((name) => name.toLowerCase());
  read.unique('github.repositories', '', repositoryKeys, repositories, 'a repository not listed before');
  const codeMappings = read
    .array('github.codeMappings', github['codeMappings'], 'a list of code mappings')
    .map((entry, index) =>
      codeMappingOf(read, `github.codeMappings[${index}]`, entry, projectSlugs, repositories),
    );
  read.unique(
    'github.codeMappings',
    'stackRoot',
    codeMappings.map((mapping) => `${mapping.project}:${mapping.stackRoot}`),
    codeMappings.map((mapping) => mapping.stackRoot),
    'a stackRoot its project has in no other code mapping',
  );

  const ciToken = read.object('ciToken', root['ciToken'], ['name']);
  return {
    organization,
    team,
    projects,
    alerts,
    ciToken: {
      name: read.string('ciToken.name', ciToken['name'], line(255), 'a token name of 1 to 255 characters'),
    },
    github: { repositories, codeMappings },
  };
}
