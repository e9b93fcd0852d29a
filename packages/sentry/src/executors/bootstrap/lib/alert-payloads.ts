import type { TeamSummary } from './converge-team';
import type { IssueAlertState, MetricAlertState } from '../../../bootstrap-state/desired-state';

const conditionIds: Record<IssueAlertState['when'], string> = {
  'first-seen': 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition',
  regression: 'sentry.rules.conditions.regression_event.RegressionEventCondition',
};

/** An issue rule that e-mails the team, owned by the team. */
export function issueRulePayload(alert: IssueAlertState, team: TeamSummary) {
  return {
    name: alert.name,
    owner: `team:${team.id}`,
    frequency: alert.frequencyMinutes,
    actionMatch: 'all',
    filterMatch: 'all',
    conditions: [{ id: conditionIds[alert.when] }],
    filters: [],
    actions: [
      {
        id: 'sentry.mail.actions.NotifyEmailAction',
        targetType: 'Team',
        targetIdentifier: Number(team.id),
        fallthroughType: 'ActiveMembers',
      },
    ],
  };
}

/**
 * What each dataset of the desired state is in Sentry's alert-rule API. The span dataset is
 * events_analytics_platform with query type 1 (performance) and event type trace_item_span
 * (QUERY_TYPE_VALID_DATASETS / QUERY_TYPE_VALID_EVENT_TYPES of getsentry/sentry
 * src/sentry/snuba/snuba_query_validator.py); the errors dataset is events, query type 0.
 */
const datasetFields: Record<
  MetricAlertState['dataset'],
  { dataset: string; queryType: number; eventTypes: string[] }
> = {
  spans: { dataset: 'events_analytics_platform', queryType: 1, eventTypes: ['trace_item_span'] },
  events: { dataset: 'events', queryType: 0, eventTypes: ['error', 'default'] },
};

/** A metric alert on exactly one project with a critical trigger that e-mails the team. */
export function metricAlertPayload(alert: MetricAlertState, project: string, team: TeamSummary) {
  return {
    name: alert.name,
    owner: `team:${team.id}`,
    projects: [project],
    ...datasetFields[alert.dataset],
    aggregate: alert.aggregate,
    query: alert.query,
    timeWindow: alert.timeWindowMinutes,
    thresholdType: 0,
    triggers: [
      {
        label: 'critical',
        alertThreshold: alert.above,
        actions: [{ type: 'email', targetType: 'team', targetIdentifier: team.id }],
      },
    ],
  };
}

const scalar = (value: unknown) => typeof value === 'string' || typeof value === 'number';

/**
 * True when Sentry's copy has every value the payload sets. Sentry adds ids, labels and defaults, and
 * returns some numbers as strings (a target identifier) or floats (2000.0), so scalars compare as text.
 */
export function matchesPayload(payload: unknown, actual: unknown): boolean {
  if (Array.isArray(payload))
    return (
      Array.isArray(actual) &&
      actual.length === payload.length &&
      payload.every((item, index) => matchesPayload(item, actual[index]))
    );
  if (payload !== null && typeof payload === 'object')
    return (
      actual !== null &&
      typeof actual === 'object' &&
      Object.entries(payload).every(([key, value]) =>
        matchesPayload(value, (actual as Record<string, unknown>)[key]),
      )
    );
  return payload === actual || (scalar(payload) && scalar(actual) && String(payload) === String(actual));
}

type Json = Record<string, unknown>;

/**
 * True when Sentry's copy of an issue rule has what the payload sets, in either GET shape. With
 * `organizations:workflow-engine-rule-serializers` (on in our sentry.conf.py) the rule is read back from
 * its workflow by WorkflowEngineRuleSerializer (getsentry/sentry src/sentry/api/serializers/models/rule.py):
 * `actions` comes back empty, as actions are not translated back yet, and the owner's identifier lands in
 * `createdBy` with `owner` null. What the GET does not report cannot be compared, so it is left out rather
 * than "fixed" with a PUT on every run; a rule always has an action, so an empty list means "not reported".
 */
export function matchesIssueRule(payload: ReturnType<typeof issueRulePayload>, actual: unknown): boolean {
  const rule = (actual ?? {}) as Json;
  const reported: Json = { ...payload };
  if (Array.isArray(rule['actions']) && rule['actions'].length === 0) delete reported['actions'];
  const owner = rule['owner'] ?? (typeof rule['createdBy'] === 'string' ? rule['createdBy'] : undefined);
  return matchesPayload(reported, { ...rule, owner });
}

/**
 * True when Sentry's copy of a metric alert has what the payload sets, in whichever GET shape Sentry
 * reads it back. The legacy AlertRuleSerializer (getsentry/sentry
 * src/sentry/incidents/endpoints/serializers/alert_rule.py, index file id 1581089075) reports the time
 * window in minutes (`time_window / 60`), dataset, queryType, eventTypes and thresholdType, and carries
 * `detectionType` too. With `organizations:workflow-engine-rule-serializers` the alert is read from its
 * detector: WorkflowEngineDetectorSerializer (src/sentry/incidents/endpoints/serializers/
 * workflow_engine_detector.py @d590fda89b77e17b5f76c214e6a4768472266986) reports the snuba query's window in
 * seconds and no dataset, queryType, eventTypes or top-level thresholdType (the threshold type sits in each
 * trigger); upstream's backport works towards the legacy shape again
 * (src/sentry/workflow_engine/docs/legacy_backport.md). So the time window matches in minutes or seconds,
 * and the fields not every shape has are compared only where this one reports them; what no GET reports
 * cannot be compared, and is left out rather than "fixed" with a PUT on every run.
 */
export function matchesMetricAlert(payload: ReturnType<typeof metricAlertPayload>, actual: unknown): boolean {
  const alert = (actual ?? {}) as Json;
  const { timeWindow, thresholdType, triggers, ...rest } = payload;
  const common = Object.fromEntries(
    Object.entries(rest).filter(
      ([key]) => !['dataset', 'queryType', 'eventTypes'].includes(key) || key in alert,
    ),
  );
  const reportedWindow = Number(alert['timeWindow']);
  if (reportedWindow !== timeWindow && reportedWindow !== timeWindow * 60) return false;
  if ('thresholdType' in alert && !matchesPayload(thresholdType, alert['thresholdType'])) return false;
  const reportedTriggers = Array.isArray(alert['triggers']) ? (alert['triggers'] as Json[]) : [];
  if (
    reportedTriggers.some(
      (trigger) => 'thresholdType' in trigger && !matchesPayload(thresholdType, trigger['thresholdType']),
    )
  )
    return false;
  return matchesPayload({ ...common, triggers }, alert);
}
