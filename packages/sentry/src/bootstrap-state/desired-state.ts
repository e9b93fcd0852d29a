import { joinPathFragments, type Tree, writeJson } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { BootstrapError } from './bootstrap-error';
import { validateState } from './validate-state';

/**
 * What the bootstrap makes a Sentry organization look like: a committed JSON file beside the infra
 * manifests. The executor converges Sentry to it; the user edits it like any other source file.
 */
export interface BootstrapState {
  organization: { slug: string; name: string };
  /** The team that owns the projects and receives every alert e-mail. */
  team: { slug: string; name: string };
  projects: ProjectState[];
  alerts: AlertState[];
  /** The org auth token CI uploads source maps and symbols with (scope org:ci). */
  ciToken: { name: string };
  github: { repositories: string[]; codeMappings: CodeMappingState[] };
}

export interface ProjectState {
  slug: string;
  name: string;
  /** A Sentry platform id, e.g. dotnet-aspnetcore or javascript-angular. */
  platform: string;
}

interface AlertStateBase {
  name: string;
  /**
   * Slugs of the projects the alert watches; Sentry gets one rule per project. Left out of the file, the
   * alert watches every project in it, so projects the app generators register later are covered too.
   */
  projects: string[];
  /** The only action that works on a fresh install, before any chat or paging integration exists. */
  action: 'email-team';
}

/**
 * An issue alert (getsentry/sentry src/sentry/api/endpoints/project_rules.py, commit ad4e985f): fires per
 * issue on a state change.
 */
export interface IssueAlertState extends AlertStateBase {
  type: 'issue';
  when: 'first-seen' | 'regression';
  /** Minimum minutes between two notifications for the same issue (5–43200). */
  frequencyMinutes: number;
}

/**
 * A metric alert (getsentry/sentry src/sentry/incidents/endpoints/organization_alert_rule_index.py, commit
 * 6538658a): fires when an aggregate over a time window crosses a threshold. `spans` is the span dataset
 * (events_analytics_platform): Sentry 26.8 with our flags refuses new transaction-based alerts, so
 * performance alerts are span-based, filtered with `is_transaction:true` and measured on `span.duration`.
 * `events` is the errors dataset.
 */
export interface MetricAlertState extends AlertStateBase {
  type: 'metric';
  dataset: 'spans' | 'events';
  aggregate: string;
  /** Sentry search syntax; empty for every event of the dataset. */
  query: string;
  /** Critical threshold in the aggregate's unit: a ratio for failure_rate(), milliseconds for durations. */
  above: number;
  timeWindowMinutes: number;
}

export type AlertState = IssueAlertState | MetricAlertState;

/**
 * Maps stack-trace paths of a project to files of a linked repository (getsentry/sentry
 * src/sentry/integrations/api/endpoints/organization_code_mappings.py, commit c7ee81d7).
 */
export interface CodeMappingState {
  project: string;
  repository: string;
  /** Path prefix as it appears in stack frames; empty matches every frame. */
  stackRoot: string;
  /** The same files' path inside the repository. */
  sourceRoot: string;
  defaultBranch: string;
}

export const stateFileName = 'sentry-bootstrap.json';

/**
 * The "error rate" alert is the share of requests the app itself failed. On spans, failure_rate() counts
 * every span whose `sentry.status` is not ok, cancelled or unknown, over all spans (getsentry/sentry
 * src/sentry/search/eap/spans/formulas.py `failure_rate`, in the version the index holds as file id
 * 5818175928; the version indexed at e4f9e37bea15264277f9ba2ca5ca91f7b8406d0f has only
 * `http_response_rate`). Relay keeps only ok/error in a v2 span's status and moves the SDK's detail
 * (not_found, unauthenticated…) to `sentry.status.message` (getsentry/relay
 * `span_v1_status_to_span_v2_status`), so a crawler's 404s or expired sessions' 401s count as failures and
 * no status filter can tell them apart. The HTTP code can: `span.status_code` is the public alias of
 * `sentry.status_code`, a string attribute (src/sentry/search/eap/spans/attributes.py
 * @e4f9e37bea15264277f9ba2ca5ca91f7b8406d0f), and `4*` is a wildcard value of a negated text filter
 * (src/sentry/api/event_search.py @00155e92310d8abafc27cc6f88e136a91428308f, `text_filter`). Those requests
 * are left out of the rate, numerator and denominator.
 */
const clientErrorFilter = '!span.status_code:4*';

/** An alert as the state file may hold it: without `projects` it watches every project of the file. */
export type AlertInFile = WithOptionalProjects<AlertState>;
type WithOptionalProjects<Alert> = Alert extends AlertState
  ? Omit<Alert, 'projects'> & { projects?: string[] }
  : never;

/** The state file before validation resolves each alert's projects. */
export type BootstrapStateFile = Omit<BootstrapState, 'alerts'> & { alerts: AlertInFile[] };

/**
 * A new stack's desired state: the organization and team the user named, no project yet (the app
 * generators register theirs: `registerSentryProject`), the four alerts of a first setup watching every
 * project, e-mailed to the team, and the CI token. `.NET / ASP.NET Core` projects are Sentry's
 * `dotnet-aspnetcore`: current Sentry validates platforms against its getting-started list, which has no
 * `csharp-*` ids.
 */
export function defaultBootstrapState(organization: string, team: string): BootstrapStateFile {
  return {
    organization: { slug: organization, name: organization },
    team: { slug: team, name: team },
    projects: [],
    alerts: [
      {
        type: 'metric',
        name: 'Error rate above 5%',
        dataset: 'spans',
        aggregate: 'failure_rate()',
        query: `is_transaction:true ${clientErrorFilter}`,
        above: 0.05,
        timeWindowMinutes: 10,
        action: 'email-team',
      },
      {
        type: 'issue',
        name: 'New issue',
        when: 'first-seen',
        frequencyMinutes: 30,
        action: 'email-team',
      },
      {
        type: 'issue',
        name: 'Regression of a resolved issue',
        when: 'regression',
        frequencyMinutes: 30,
        action: 'email-team',
      },
      {
        type: 'metric',
        name: 'p95 latency above 2 s',
        dataset: 'spans',
        aggregate: 'p95(span.duration)',
        query: 'is_transaction:true',
        above: 2000,
        timeWindowMinutes: 10,
        action: 'email-team',
      },
    ],
    ciToken: { name: 'ci' },
    github: { repositories: [], codeMappings: [] },
  };
}

/**
 * Writes `<directory>/sentry-bootstrap.json` once. The state is validated first, so a bad value is refused
 * before anything is written. An existing file is the user's and is left exactly as it is. Returns whether it
 * wrote.
 */
export function writeBootstrapState(tree: Tree, directory: string, state: BootstrapStateFile): boolean {
  const path = joinPathFragments(directory, stateFileName);
  validateState(state, path);
  if (tree.exists(path)) return false;
  writeJson(tree, path, state);
  return true;
}

/** Reads and validates the state file; `shownPath` is how messages name it. */
export function readBootstrapState(absolutePath: string, shownPath: string): BootstrapState {
  if (!existsSync(absolutePath))
    throw new BootstrapError(
      `No desired state at ${shownPath}. The infra generator writes it (nx g @fundamental/sentry:infra); ` +
        'or pass --stateFile with the path of yours.',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(absolutePath, 'utf-8'));
  } catch (error) {
    throw new BootstrapError(`${shownPath} is not valid JSON: ${(error as Error).message}`);
  }
  return validateState(parsed, shownPath);
}
