import { issueRulePayload, matchesIssueRule, matchesMetricAlert, metricAlertPayload } from './alert-payloads';
import { apiPath, type SentryApi } from './api-client';
import type { TeamSummary } from './converge-team';
import type { AlertState, IssueAlertState, MetricAlertState } from '../../../bootstrap-state/desired-state';
import { BootstrapError, responseError, serverMessages } from './errors';
import type { Report } from './report';
import { scopes } from './scopes';

interface ExistingAlert {
  id: string;
  name: string;
  projects?: string[];
  conditions?: unknown[];
}

export interface AlertTargets {
  api: SentryApi;
  org: string;
  team: TeamSummary;
  /** Slugs of the desired projects. */
  projects: string[];
  alerts: AlertState[];
  prune: boolean;
  /** Existing rules are used as they are: no settings changed, no rule renamed (differences reported). */
  adopt?: boolean;
  report: Report;
}

const adoptedRule = 'kept as it is: its settings differ from the desired state';

/** The id of the rule Sentry says a new one duplicates; the API sends it as a one-element list. */
function duplicateRuleId(body: unknown): string | undefined {
  const ruleId = (body as { ruleId?: unknown } | undefined)?.ruleId;
  const id = Array.isArray(ruleId) ? ruleId[0] : ruleId;
  return id === undefined || id === null ? undefined : String(id);
}

/**
 * The alert lists through the legacy routes, which self-hosted 26.8 still serves: they are deprecated
 * (sentry.io answers 410 in brownout windows, getsentry/cli#1182; self-hosted is exempt,
 * src/sentry/api/helpers/deprecation.py) and upstream PR #121879 removes them in favour of
 * /organizations/{org}/workflows/ and /detectors/. A 404 or 410 there gets a message that says so.
 */
async function listLegacyAlerts(
  api: SentryApi,
  path: string,
  acceptedScopes: Parameters<SentryApi['list']>[1],
  query?: Record<string, string>,
): Promise<ExistingAlert[]> {
  try {
    return await api.list<ExistingAlert>(path, acceptedScopes, query);
  } catch (error) {
    if (!(error instanceof BootstrapError) || (error.status !== 404 && error.status !== 410)) throw error;
    throw new BootstrapError(
      `${error.message}. Sentry removed its legacy alert routes (/api/0${path} among them) in releases after ` +
        'self-hosted 26.8, which this plugin supports; their replacements, /organizations/{org}/workflows/ and ' +
        '/detectors/, are not supported yet. Run the bootstrap against Sentry 26.8' +
        (path.includes('/alert-rules/') ? ', with organizations:incidents on.' : '.'),
      error.status,
    );
  }
}

/** Ids from get_fake_id_from_object_id (object id + 10**10; getsentry/sentry index file id 4359617548). */
const fakeIdOffset = 10 ** 10;

/**
 * Whether an entry of a project's issue-rule list is an issue rule --prune may delete. Under the
 * workflow-engine serializers the list holds every workflow of the project (src/sentry/api/bases/rule.py
 * @eccd80b: "GET and DELETE use Workflow Engine unconditionally"), also those with no legacy rule, such as
 * a metric alert's: they carry a fake id, or null in earlier serializers, and no issue conditions. Deleting
 * one would fail (404) or remove what a metric alert needs.
 */
function isLegacyIssueRule({ id, conditions }: ExistingAlert): boolean {
  if (id === null || id === undefined || !/^\d+$/.test(String(id)) || Number(id) >= fakeIdOffset)
    return false;
  return !Array.isArray(conditions) || conditions.length > 0;
}

/** Issue rules live per project and are found by name; with --prune, the others of the project go. */
async function convergeIssueAlerts(targets: AlertTargets, project: string): Promise<void> {
  const { api, org, team, report } = targets;
  const rulesPath = apiPath`/projects/${org}/${project}/rules/`;
  const rulePath = (id: string) => apiPath`/projects/${org}/${project}/rules/${id}/`;
  // Workflows with no legacy rule are neither matched by name nor pruned.
  const existing = (await listLegacyAlerts(api, rulesPath, scopes.issueAlertRead)).filter(isLegacyIssueRule);
  const kept = new Set<string>();
  const wanted = targets.alerts.filter(
    (alert): alert is IssueAlertState => alert.type === 'issue' && alert.projects.includes(project),
  );
  for (const alert of wanted) {
    const payload = issueRulePayload(alert, team);
    const subject = `issue alert "${alert.name}" (${project})`;
    const current = existing.find(({ name }) => name === alert.name);
    if (current) {
      kept.add(String(current.id));
      if (matchesIssueRule(payload, current)) report.record('unchanged', subject);
      else if (targets.adopt) report.record('adopted', subject, adoptedRule);
      else {
        await api.put(rulePath(current.id), scopes.issueAlertWrite, payload);
        report.record('updated', subject);
      }
      continue;
    }
    const { status, body } = await api.post<ExistingAlert>(rulesPath, scopes.issueAlertWrite, payload, [400]);
    if (status !== 400) {
      kept.add(String(body.id));
      report.record('created', subject);
      continue;
    }
    const duplicateId = duplicateRuleId(body);
    if (duplicateId === undefined)
      throw responseError(`POST /api/0${rulesPath}`, status, body, scopes.issueAlertWrite);
    kept.add(duplicateId);
    const previous = existing.find(({ id }) => String(id) === duplicateId)?.name ?? `#${duplicateId}`;
    if (targets.adopt) {
      report.record('adopted', subject, `Sentry has the same rule as "${previous}"; kept under that name`);
      continue;
    }
    // Sentry refuses a second rule with the same logic under another name. Taking the existing one over
    // under our name lets the next run find it by name instead of posting again.
    await api.put(rulePath(duplicateId), scopes.issueAlertWrite, payload);
    report.record('adopted', subject, `Sentry had the same rule as "${previous}"; it now carries this name`);
  }
  if (!targets.prune) return;
  for (const rule of existing.filter(({ id }) => !kept.has(String(id)))) {
    await api.delete(rulePath(rule.id), scopes.issueAlertWrite);
    report.record('deleted', `issue alert "${rule.name}" (${project})`);
  }
}

/**
 * Span-based alerts need `organizations:performance-view`, which only the feature-complete profile
 * enables: without it Sentry leaves every alert not on the errors dataset out of its list
 * (AlertRuleIndexMixin.fetch_metric_alert), so each run would create them again — and no span data
 * arrives on the errors-only stack anyway. Returns whether the organization has the flag.
 */
async function hasPerformanceView({ api, org }: AlertTargets): Promise<boolean> {
  const { body } = await api.send<{ features?: unknown }>(
    'GET',
    apiPath`/organizations/${org}/`,
    scopes.organizationRead,
  );
  return Array.isArray(body?.features) && body.features.includes('performance-view');
}

/**
 * Sentry saves a span alert without checking its query or aggregate (src/sentry/snuba/snuba_query_validator.py
 * skips snql validation for EAP, index file id 3496566109): a bad one would only fail when the alert runs.
 * The events endpoint resolves both through the same EAP resolver and answers 400 when it cannot, so the
 * query is run once, over the last hour, before the alert is written.
 */
async function checkSpanQuery({ api, org }: AlertTargets, alert: MetricAlertState): Promise<void> {
  const { status, body } = await api.send('GET', apiPath`/organizations/${org}/events/`, scopes.eventRead, {
    query: {
      dataset: 'spans',
      field: alert.aggregate,
      query: alert.query,
      project: '-1',
      statsPeriod: '1h',
      per_page: '1',
    },
    tolerate: [400],
  });
  if (status === 400)
    throw new BootstrapError(
      `Sentry cannot run the span query of metric alert "${alert.name}" (aggregate ${alert.aggregate}, query ` +
        `"${alert.query}"): ${serverMessages(body)}. It would save the alert anyway and fail when it runs; ` +
        'fix the alert in the desired state.',
    );
}

/** Metric alerts live in the organization, one project each, found by name and project. */
async function convergeMetricAlerts(targets: AlertTargets): Promise<void> {
  const { api, org, team, report } = targets;
  const rulesPath = apiPath`/organizations/${org}/alert-rules/`;
  const rulePath = (id: string) => apiPath`/organizations/${org}/alert-rules/${id}/`;
  // project=-1: the rules of every project. Without it Sentry lists only those of projects whose teams
  // the token's user is a member of, and a rerun would create the others again.
  const existing = await listLegacyAlerts(api, rulesPath, scopes.metricAlertRead, { project: '-1' });
  const kept = new Set<string>();
  const wanted = targets.alerts.filter((alert): alert is MetricAlertState => alert.type === 'metric');
  const spansServed =
    !wanted.some(({ dataset }) => dataset === 'spans') || (await hasPerformanceView(targets));
  for (const alert of wanted) {
    if (alert.dataset === 'spans' && spansServed) await checkSpanQuery(targets, alert);
    for (const project of alert.projects.filter((slug) => targets.projects.includes(slug))) {
      const payload = metricAlertPayload(alert, project, team);
      const subject = `metric alert "${alert.name}" (${project})`;
      if (alert.dataset === 'spans' && !spansServed) {
        report.record(
          'skipped',
          subject,
          'span-based alerts need the feature-complete profile (organizations:performance-view is off here)',
        );
        continue;
      }
      const current = existing.find(
        ({ name, projects }) => name === alert.name && projects?.includes(project),
      );
      if (!current) {
        await api.post(rulesPath, scopes.metricAlertCreate, payload);
        report.record('created', subject);
        continue;
      }
      kept.add(String(current.id));
      if (matchesMetricAlert(payload, current)) report.record('unchanged', subject);
      else if (targets.adopt) report.record('adopted', subject, adoptedRule);
      else {
        await api.put(rulePath(current.id), scopes.metricAlertWrite, payload);
        report.record('updated', subject);
      }
    }
  }
  if (!targets.prune) return;
  for (const rule of existing.filter(({ id }) => !kept.has(String(id)))) {
    await api.delete(rulePath(rule.id), scopes.metricAlertWrite);
    report.record('deleted', `metric alert "${rule.name}" (${rule.projects?.join(', ') ?? 'no project'})`);
  }
}

/** Issue alerts in every desired project, then the organization's metric alerts. */
export async function convergeAlerts(targets: AlertTargets): Promise<void> {
  for (const project of targets.projects) await convergeIssueAlerts(targets, project);
  await convergeMetricAlerts(targets);
}
