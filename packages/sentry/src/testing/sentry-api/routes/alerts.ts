import { isDeepStrictEqual } from 'node:util';
import type { IssueRule, MetricAlertRule, Project, SentryModel } from '../model';
import { type DoubleVariants, fieldError, HttpReply, list, notFound, ok, type Route } from '../route';
import { permission } from '../scopes';

/** Condition ids the double knows, with the label Sentry adds when it serializes a rule. */
const conditionLabels: Record<string, string> = {
  'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition': 'A new issue is created',
  'sentry.rules.conditions.regression_event.RegressionEventCondition':
    'The issue changes state from resolved to unresolved',
  'sentry.rules.conditions.reappeared_event.ReappearedEventCondition':
    'The issue changes state from archived to escalating',
  'sentry.rules.conditions.high_priority_issue.NewHighPriorityIssueCondition':
    'Sentry marks a new issue as high priority',
  'sentry.rules.conditions.high_priority_issue.ExistingHighPriorityIssueCondition':
    'Sentry marks an existing issue as high priority',
};
const emailAction = 'sentry.mail.actions.NotifyEmailAction';

/**
 * The aggregates each dataset accepts (check_aggregate_column_support), as far as a bootstrap can meet
 * them. Span alerts (events_analytics_platform) are not checked at all: check_aggregate_column_support
 * ends with `or allow_eap` (getsentry/sentry src/sentry/incidents/logic.py, index file id 70427579538) and
 * the query validator skips snql validation for EAP ("TODO(edward): Bypass snql query validation for EAP
 * queries", src/sentry/snuba/snuba_query_validator.py, index file id 3496566109), so a bad span query or
 * aggregate is saved and only fails when the alert runs.
 */
const legacyPerformanceAggregate =
  /^(count\(\)|count_unique\(user\)|failure_rate\(\)|apdex\(\d+\)|(avg|p50|p75|p95|p99|p100)\(transaction\.duration\)|percentile\(transaction\.duration,\s*0?\.\d+\))$/;
const aggregatesOf: Record<string, RegExp> = {
  events: /^(count\(\)|count_unique\(user\))$/,
  transactions: legacyPerformanceAggregate,
  generic_metrics: legacyPerformanceAggregate,
  events_analytics_platform: /^.+$/,
};
/** QUERY_TYPE_VALID_DATASETS / QUERY_TYPE_VALID_EVENT_TYPES of src/sentry/snuba/snuba_query_validator.py. */
const queryTypeOf: Record<string, number> = {
  events: 0,
  transactions: 1,
  generic_metrics: 1,
  events_analytics_platform: 1,
};
const eventTypesOf: Record<string, string[]> = {
  events: ['error', 'default'],
  transactions: ['transaction'],
  generic_metrics: ['transaction'],
  events_analytics_platform: ['trace_item_span', 'trace_item_log'],
};
/**
 * `organizations:discover-saved-queries-deprecation` (on in our feature-complete profile) refuses new
 * transaction-based metric alerts and edits of their query (getsentry/sentry
 * src/sentry/incidents/metric_issue_detector.py `_validate_transaction_dataset_deprecation` and
 * `is_editing_transaction_dataset`; tests/sentry/incidents/endpoints/test_organization_alert_rule_index.py
 * `test_transactions_dataset_deprecation_validation`: 400 with the message as the body's only item).
 */
const transactionDatasets = ['transactions', 'generic_metrics'];
const spanMigrationHint =
  'as we migrate to the span dataset. Create span-based alerts (dataset: events_analytics_platform) with the is_transaction:true filter instead.';
const creationRefused = `Creation of transaction-based alerts is disabled, ${spanMigrationHint}`;
const updateRefused = `Updates to transaction-based alerts is disabled, ${spanMigrationHint}`;

type Json = Record<string, unknown>;
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

function teamExists(model: SentryModel, identifier: unknown): boolean {
  return model.teams.some((team) => team.id === String(identifier));
}

function assertOwner(model: SentryModel, owner: unknown) {
  if (owner === undefined || owner === null) return;
  const [kind, id] = String(owner).split(':');
  if (kind !== 'team' || !teamExists(model, id))
    fieldError('owner', 'Could not parse actor. Format should be `type:id`');
}

/**
 * The checks of ProjectRulesPostSerializer and of the endpoint itself; the e-mail action's target through
 * MemberTeamForm.clean (getsentry/sentry src/sentry/mail/forms/member_team.py): a team must own the project.
 */
function validateIssueRule(model: SentryModel, project: Project, body: Json): Json {
  const name = body['name'];
  if (typeof name !== 'string' || name.length === 0) fieldError('name', 'This field is required.');
  if (String(name).length > 256) fieldError('name', 'Ensure this field has no more than 256 characters.');
  const frequency = body['frequency'];
  if (typeof frequency !== 'number' || !Number.isInteger(frequency) || frequency < 5 || frequency > 43200)
    fieldError('frequency', 'Ensure this value is between 5 and 43200.');
  if (!['all', 'any', 'none'].includes(String(body['actionMatch'])))
    fieldError('actionMatch', `"${String(body['actionMatch'])}" is not a valid choice.`);
  for (const condition of asArray(body['conditions']))
    if (!conditionLabels[String(condition['id'])])
      fieldError('conditions', `Invalid node. Could not find '${String(condition['id'])}'`);
  const actions = asArray(body['actions']);
  if (actions.length === 0) fieldError('actions', 'You must add an action for this alert to fire.');
  for (const action of actions) {
    if (action['id'] !== emailAction)
      fieldError('actions', `Invalid node. Could not find '${String(action['id'])}'`);
    if (!['IssueOwners', 'Team', 'Member'].includes(String(action['targetType'])))
      fieldError('actions', 'Invalid target type');
    if (action['targetType'] === 'Team' && !teamExists(model, action['targetIdentifier']))
      fieldError('actions', 'Team does not exist');
    if (action['targetType'] === 'Team' && !project.teamIds.includes(String(action['targetIdentifier'])))
      fieldError('actions', 'This team is not part of the project.');
  }
  assertOwner(model, body['owner']);
  return {
    name,
    environment: body['environment'] ?? null,
    owner: body['owner'] ?? null,
    frequency,
    actionMatch: body['actionMatch'],
    filterMatch: body['filterMatch'] ?? null,
    conditions: asArray(body['conditions']),
    filters: asArray(body['filters']),
    actions,
  };
}

/** Sentry refuses a rule whose logic equals an active rule of the project, whatever its name. */
function assertNotDuplicate(model: SentryModel, project: Project, data: Json, ownId?: string) {
  const logic = (rule: Json) => ({
    environment: rule['environment'] ?? null,
    actionMatch: rule['actionMatch'],
    filterMatch: rule['filterMatch'] ?? null,
    frequency: rule['frequency'],
    conditions: [...asArray(rule['conditions']), ...asArray(rule['filters'])],
    actions: asArray(rule['actions']).map((action) =>
      Object.fromEntries(Object.entries(action).filter(([key]) => key !== 'uuid')),
    ),
  });
  const duplicate = model.issueRules.find(
    (rule) =>
      rule.projectId === project.id && rule.id !== ownId && isDeepStrictEqual(logic(rule.data), logic(data)),
  );
  if (duplicate)
    throw new HttpReply(400, {
      name: [
        `This rule is an exact duplicate of '${String(duplicate.data['name'])}' in this project and may not be created.`,
      ],
      ruleId: [Number(duplicate.id)],
    });
}

const labelled = (nodes: unknown, label: (node: Json) => string) =>
  asArray(nodes).map((node) => ({ ...node, name: label(node) }));

/** The legacy shape (getsentry/sentry src/sentry/api/serializers/models/rule.py, RuleSerializer). */
function serializeIssueRule(project: Project, rule: IssueRule) {
  return {
    id: rule.id,
    ...rule.data,
    conditions: labelled(rule.data['conditions'], (node) => conditionLabels[String(node['id'])] ?? ''),
    actions: labelled(rule.data['actions'], (node) => `Send a notification to ${String(node['targetType'])}`),
    projects: [project.slug],
    status: 'active',
  };
}

/**
 * With `organizations:workflow-engine-rule-serializers`, WorkflowEngineRuleSerializer of the same file
 * (getsentry/sentry src/sentry/api/serializers/models/rule.py, the indexed version): conditions and
 * filters translated back from the workflow, `actions` an empty list ("TODO: reverse translate
 * actions"), and the owner's identifier reported as `createdBy` while `owner` stays null.
 */
function serializeWorkflowRule(project: Project, rule: IssueRule) {
  const legacy = serializeIssueRule(project, rule);
  return {
    id: rule.id,
    conditions: legacy.conditions,
    filters: asArray(rule.data['filters']),
    actions: [],
    actionMatch: rule.data['actionMatch'],
    filterMatch: rule.data['filterMatch'] ?? 'all',
    frequency: rule.data['frequency'],
    name: rule.data['name'],
    dateCreated: '2026-01-01T00:00:00Z',
    owner: null,
    createdBy: rule.data['owner'] ?? null,
    environment: rule.data['environment'] ?? null,
    projects: [project.slug],
    status: 'active',
    snooze: false,
  };
}

/** The workflows of a project's metric alerts as the issue-rule list reports them (see DoubleVariants). */
function metricAlertWorkflows(model: SentryModel, project: Project, ids: 'fake-id' | 'null-id') {
  return model.metricAlertRules
    .filter((rule) => ((rule.data['projects'] as string[] | undefined) ?? []).includes(project.slug))
    .map((rule) => ({
      ...serializeWorkflowRule(project, {
        id: ids === 'fake-id' ? String(Number(rule.id) + 10 ** 10) : '',
        projectId: project.id,
        data: { name: rule.data['name'], actionMatch: 'any', frequency: 30 },
      }),
      ...(ids === 'null-id' ? { id: null } : {}),
    }));
}

const issueRuleSerializer = (features: ReadonlySet<string>) =>
  features.has('organizations:workflow-engine-rule-serializers') ? serializeWorkflowRule : serializeIssueRule;

/** The checks of the metric alert serializer that a bootstrap can trip over. */
function validateMetricAlert(model: SentryModel, features: ReadonlySet<string>, body: Json): Json {
  const name = body['name'];
  if (typeof name !== 'string' || name.length === 0 || name.length > 256)
    fieldError('name', 'Ensure this field has between 1 and 256 characters.');
  const dataset = String(body['dataset'] ?? 'events');
  if (!eventTypesOf[dataset]) fieldError('dataset', `Invalid dataset "${dataset}"`);
  if (
    features.has('organizations:discover-saved-queries-deprecation') &&
    transactionDatasets.includes(dataset)
  )
    throw new HttpReply(400, [creationRefused]);
  if (typeof body['aggregate'] !== 'string' || !aggregatesOf[dataset].test(body['aggregate']))
    fieldError('aggregate', 'Invalid Metric: We do not currently support this field.');
  if (body['timeWindow'] === undefined) fieldError('timeWindow', 'This field is required.');
  // AlertRuleSerializer: time_window = IntegerField(min_value=1, max_value=1440), no fixed choices.
  const timeWindow = Number(body['timeWindow']);
  if (!Number.isInteger(timeWindow) || timeWindow < 1 || timeWindow > 1440)
    fieldError('timeWindow', 'Ensure this value is between 1 and 1440.');
  if (dataset === 'events_analytics_platform' && Number(body['timeWindow']) < 5)
    fieldError(
      'nonFieldErrors',
      'Invalid Time Window: Time window for this alert type must be at least 5 minutes.',
    );
  if (typeof body['query'] !== 'string') fieldError('query', 'This field is required.');
  if (body['thresholdType'] !== 0 && body['thresholdType'] !== 1)
    fieldError('thresholdType', 'Invalid threshold type, valid values are [0, 1]');
  const projects = Array.isArray(body['projects']) ? body['projects'] : [];
  if (projects.length !== 1) fieldError('projects', 'A metric alert needs exactly one project.');
  if (!model.projects.some((project) => project.slug === projects[0]))
    fieldError('projects', `Invalid project: "${String(projects[0])}"`);
  const queryType = body['queryType'] ?? queryTypeOf[dataset];
  if (queryType !== queryTypeOf[dataset])
    fieldError('nonFieldErrors', 'Invalid dataset for this query type.');
  const eventTypes = Array.isArray(body['eventTypes']) ? body['eventTypes'].map(String) : [];
  if (eventTypes.some((type) => !eventTypesOf[dataset].includes(type)))
    fieldError('eventTypes', `Invalid event types for this dataset: ${eventTypesOf[dataset].join(', ')}`);
  if (body['extrapolationMode'] === 'server_weighted')
    throw new HttpReply(400, ['server_weighted extrapolation mode is not supported for new alerts.']);
  const triggers = asArray(body['triggers']);
  if (triggers.length < 1 || triggers.length > 2)
    fieldError(
      'nonFieldErrors',
      'Must send 1 or 2 triggers - A critical trigger, and an optional warning trigger',
    );
  triggers.forEach((trigger, index) => {
    const label = index === 0 ? 'critical' : 'warning';
    if (trigger['label'] !== label)
      fieldError('nonFieldErrors', `Trigger ${index + 1} must be labeled "${label}"`);
    if (typeof trigger['alertThreshold'] !== 'number')
      fieldError('alertThreshold', 'A valid number is required.');
    for (const action of asArray(trigger['actions'])) {
      if (action['type'] !== 'email')
        fieldError('actions', `Invalid action type "${String(action['type'])}"`);
      if (!['user', 'team', 'specific'].includes(String(action['targetType'])))
        fieldError('actions', 'Invalid target type');
      if (action['targetType'] === 'team' && !teamExists(model, action['targetIdentifier']))
        fieldError('actions', 'Team does not exist');
    }
  });
  assertOwner(model, body['owner']);
  return {
    name,
    aggregate: body['aggregate'],
    dataset,
    queryType,
    eventTypes,
    query: body['query'],
    timeWindow: Number(body['timeWindow']),
    thresholdType: body['thresholdType'],
    resolveThreshold: body['resolveThreshold'] ?? null,
    environment: body['environment'] ?? null,
    owner: body['owner'] ?? null,
    projects,
    triggers,
  };
}

/** The query of a metric alert, what `is_editing_transaction_dataset` compares. */
const queryOf = (data: Json) =>
  ['dataset', 'query', 'aggregate', 'timeWindow', 'eventTypes'].map((key) => JSON.stringify(data[key]));

const triggerActions = (rule: MetricAlertRule, trigger: Json, index: number) =>
  asArray(trigger['actions']).map((action, actionIndex) => ({
    id: `${rule.id}${index}${actionIndex}`,
    alertRuleTriggerId: `${rule.id}${index}`,
    ...action,
    targetIdentifier: String(action['targetIdentifier']),
    inputChannelId: null,
    integrationId: null,
    sentryAppId: null,
  }));

/**
 * The legacy shape (getsentry/sentry src/sentry/incidents/endpoints/serializers/alert_rule.py, index file
 * id 1581089075, AlertRuleSerializer): ids and a trigger action's target identifier as strings, the time
 * window in minutes (`time_window / 60`), and `detectionType` (`obj.detection_type`, "static").
 */
function serializeMetricAlert(rule: MetricAlertRule) {
  return {
    id: rule.id,
    ...rule.data,
    detectionType: 'static',
    triggers: asArray(rule.data['triggers']).map((trigger, index) => ({
      id: `${rule.id}${index}`,
      alertRuleId: rule.id,
      ...trigger,
      actions: triggerActions(rule, trigger, index),
    })),
  };
}

/**
 * With `organizations:workflow-engine-rule-serializers` (on in our sentry.conf.py) the alert-rule
 * endpoints answer from the detector the rule was migrated to, through WorkflowEngineDetectorSerializer
 * (getsentry/sentry src/sentry/incidents/endpoints/serializers/workflow_engine_detector.py, indexed at
 * d590fda89b77e17b5f76c214e6a4768472266986; triggers from workflow_engine_data_condition.py at
 * 61cdc880218da83e4728a599c32ac7dfa36800c1): no dataset, eventTypes, queryType, thresholdType or
 * environment at the top, the time window of the snuba query in seconds, each trigger carrying the
 * threshold type and resolve threshold, and `detectionType`.
 */
function serializeDetector(rule: MetricAlertRule) {
  const { data } = rule;
  return {
    id: rule.id,
    name: data['name'],
    organizationId: '1',
    status: 0,
    query: data['query'],
    aggregate: data['aggregate'],
    timeWindow: Number(data['timeWindow']) * 60,
    resolution: 60,
    thresholdPeriod: 1,
    triggers: asArray(data['triggers']).map((trigger, index) => ({
      id: `${rule.id}${index}`,
      alertRuleId: rule.id,
      label: trigger['label'],
      thresholdType: data['thresholdType'],
      alertThreshold: trigger['alertThreshold'],
      resolveThreshold: data['resolveThreshold'] ?? null,
      dateCreated: '2026-01-01T00:00:00Z',
      actions: triggerActions(rule, trigger, index),
    })),
    projects: [...((data['projects'] as string[] | undefined) ?? [])].sort(),
    owner: data['owner'] ?? null,
    dateModified: '2026-01-01T00:00:00Z',
    dateCreated: '2026-01-01T00:00:00Z',
    createdBy: {},
    description: '',
    detectionType: 'metric_issue',
  };
}

const metricAlertSerializer = (features: ReadonlySet<string>, variants: DoubleVariants) =>
  features.has('organizations:workflow-engine-rule-serializers') && variants.detectorShape !== 'legacy-parity'
    ? serializeDetector
    : serializeMetricAlert;

const issueRuleOf = (model: SentryModel, project: Project, id: string) =>
  model.issueRules.find((rule) => rule.id === id && rule.projectId === project.id) ?? notFound();

const metricAlertOf = (model: SentryModel, id: string) =>
  model.metricAlertRules.find((rule) => rule.id === id) ?? notFound();

// Issue alert rules of a project. Models getsentry/sentry src/sentry/api/endpoints/project_rules.py
// (ProjectRulesEndpoint; bearer tokens, ProjectAlertRulePermission; the whole project's list) and
// project_rule_details.py.
export const alertRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/projects/:org/:project/rules/',
    scopes: permission.projectAlertRules.GET,
    handle: ({ model, params, features, variants }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      const serialize = issueRuleSerializer(features);
      const rules = model.issueRules
        .filter((rule) => rule.projectId === project.id)
        .map((rule) => serialize(project, rule));
      const workflows =
        variants.metricWorkflowsInRuleList && serialize === serializeWorkflowRule
          ? metricAlertWorkflows(model, project, variants.metricWorkflowsInRuleList)
          : [];
      return list([...rules, ...workflows]);
    },
  },
  // 400 without actions, 400 + ruleId for an exact duplicate; success is 200, as in project_rules.py.
  {
    method: 'POST',
    pattern: '/projects/:org/:project/rules/',
    scopes: permission.projectAlertRules.WRITE,
    handle: ({ model, params, body }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      const data = validateIssueRule(model, project, body);
      assertNotDuplicate(model, project, data);
      const rule = { id: model.nextId(), projectId: project.id, data };
      model.issueRules.push(rule);
      return ok(serializeIssueRule(project, rule));
    },
  },
  {
    method: 'PUT',
    pattern: '/projects/:org/:project/rules/:rule/',
    scopes: permission.projectAlertRules.WRITE,
    handle: ({ model, params, body }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      const rule = issueRuleOf(model, project, params['rule']);
      const data = validateIssueRule(model, project, body);
      assertNotDuplicate(model, project, data, rule.id);
      rule.data = data;
      return ok(serializeIssueRule(project, rule));
    },
  },
  {
    method: 'DELETE',
    pattern: '/projects/:org/:project/rules/:rule/',
    scopes: permission.projectAlertRules.WRITE,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      const rule = issueRuleOf(model, model.projectBySlug(params['project']), params['rule']);
      model.issueRules.splice(model.issueRules.indexOf(rule), 1);
      return { status: 202 };
    },
  },
  // Span queries as Discover and Explore run them. Models getsentry/sentry
  // src/sentry/api/endpoints/organization_events.py (OrganizationEventsEndpoint; OrganizationEventPermission
  // of src/sentry/api/bases/organization.py). It answers every query, empty, unless a test makes it refuse.
  {
    method: 'GET',
    pattern: '/organizations/:org/events/',
    scopes: permission.organizationEvents.GET,
    handle: ({ model, params, variants }) => {
      model.organizationBySlug(params['org']);
      if (variants.spanQueryError) throw new HttpReply(400, { detail: variants.spanQueryError });
      return ok({ data: [], meta: { fields: {}, units: {} } });
    },
  },
  // Metric alert rules of the organization. Models getsentry/sentry
  // src/sentry/incidents/endpoints/organization_alert_rule_index.py (AlertRuleIndexMixin.fetch_metric_alert and
  // create_metric_alert, in the indexed version that has the mixin; the index names no commit for it) and
  // organization_alert_rule_details.py: bearer tokens, OrganizationAlertRulePermission; 404 without
  // `organizations:incidents`; the list is narrowed by get_projects (`project=-1` for every project) and,
  // without `organizations:performance-view`, to the errors dataset. Sentry pages it by 25, newest first.
  {
    method: 'GET',
    pattern: '/organizations/:org/alert-rules/',
    scopes: permission.organizationAlertRules.GET,
    handle: ({ model, params, query, userId, features, variants }) => {
      model.organizationBySlug(params['org']);
      if (!features.has('organizations:incidents')) notFound();
      const visible = new Set(model.projectsFor(userId, query).map(({ slug }) => slug));
      const serialize = metricAlertSerializer(features, variants);
      return list(
        model.metricAlertRules
          .filter((rule) =>
            ((rule.data['projects'] as string[] | undefined) ?? []).some((slug) => visible.has(slug)),
          )
          .filter(
            (rule) =>
              features.has('organizations:performance-view') ||
              (rule.data['dataset'] ?? 'events') === 'events',
          )
          .map(serialize),
      );
    },
  },
  {
    method: 'POST',
    pattern: '/organizations/:org/alert-rules/',
    scopes: permission.organizationAlertRules.POST,
    handle: ({ model, params, body, features }) => {
      model.organizationBySlug(params['org']);
      if (!features.has('organizations:incidents')) notFound();
      const rule = { id: model.nextId(), data: validateMetricAlert(model, features, body) };
      model.metricAlertRules.push(rule);
      return ok(serializeMetricAlert(rule), 201);
    },
  },
  {
    method: 'PUT',
    pattern: '/organizations/:org/alert-rules/:rule/',
    scopes: permission.organizationAlertRules.WRITE,
    handle: ({ model, params, body, features }) => {
      model.organizationBySlug(params['org']);
      const rule = metricAlertOf(model, params['rule']);
      const deprecation = features.has('organizations:discover-saved-queries-deprecation');
      const without = new Set(features);
      without.delete('organizations:discover-saved-queries-deprecation');
      const data = validateMetricAlert(model, without, body);
      // An unchanged transaction query may stay; a changed one is refused like a new one.
      if (
        deprecation &&
        transactionDatasets.includes(String(data['dataset'])) &&
        queryOf(data).join() !== queryOf(rule.data).join()
      )
        throw new HttpReply(400, [updateRefused]);
      rule.data = data;
      return ok(serializeMetricAlert(rule));
    },
  },
  {
    method: 'DELETE',
    pattern: '/organizations/:org/alert-rules/:rule/',
    scopes: permission.organizationAlertRules.WRITE,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      const rule = metricAlertOf(model, params['rule']);
      model.metricAlertRules.splice(model.metricAlertRules.indexOf(rule), 1);
      return { status: 204 };
    },
  },
];
