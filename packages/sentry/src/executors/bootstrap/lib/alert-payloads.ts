import type { TeamSummary } from './converge-team';
import type { IssueAlertState, MetricAlertState } from './desired-state';

const conditionIds: Record<IssueAlertState['when'], string> = {
  'first-seen': 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition',
  regression: 'sentry.rules.conditions.regression_event.RegressionEventCondition',
};

/** B3: an issue rule that e-mails the team, owned by the team. */
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
 * B4: a metric alert on exactly one project with a critical trigger that e-mails the team. queryType and
 * eventTypes follow from the dataset (1 / transaction for transactions, 0 / error+default for events).
 */
export function metricAlertPayload(alert: MetricAlertState, project: string, team: TeamSummary) {
  const transactions = alert.dataset === 'transactions';
  return {
    name: alert.name,
    owner: `team:${team.id}`,
    projects: [project],
    dataset: alert.dataset,
    queryType: transactions ? 1 : 0,
    eventTypes: transactions ? ['transaction'] : ['error', 'default'],
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
