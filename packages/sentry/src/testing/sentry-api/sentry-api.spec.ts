import { bootstrapTokenScopes, type SentryApiDouble, startSentryApiDouble } from './index';
import { configuredFeatures } from './server';

const admin = 'sntryu_admin';

describe('Sentry API double', () => {
  let sentry: SentryApiDouble;
  beforeEach(
    async () => (sentry = await startSentryApiDouble({ tokens: { [admin]: bootstrapTokenScopes } })),
  );
  afterEach(() => sentry.close());

  async function call(method: string, path: string, body?: unknown, token: string | null = admin) {
    const response = await fetch(`${sentry.url}/api/0${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      link: response.headers.get('link'),
    };
  }

  const createProject = (slug: string, extra: object = {}) =>
    call('POST', '/teams/sentry/sentry/projects/', { name: slug, slug, platform: 'node', ...extra });

  it('starts as a fresh self-hosted install: organization, team and internal project named sentry', async () => {
    expect((await call('GET', '/organizations/')).body).toEqual([
      { id: '1', slug: 'sentry', name: 'Sentry' },
    ]);
    expect((await call('GET', '/organizations/sentry/teams/')).body).toEqual([
      { id: '1', slug: 'sentry', name: 'Sentry' },
    ]);
    expect((await call('GET', '/organizations/sentry/projects/')).body).toMatchObject([{ slug: 'internal' }]);
  });

  it('answers 401 without or with an unknown token and 403 without an accepted scope', async () => {
    sentry.addToken('ci-like', ['org:ci']);
    expect(await call('GET', '/organizations/', undefined, null)).toMatchObject({ status: 401 });
    expect(await call('GET', '/organizations/', undefined, 'nope')).toMatchObject({
      status: 401,
      body: { detail: 'Invalid token' },
    });
    expect(await call('GET', '/organizations/', undefined, 'ci-like')).toMatchObject({ status: 403 });
    sentry.addToken('reader', ['org:read']);
    expect(await call('POST', '/organizations/sentry/teams/', { slug: 'x' }, 'reader')).toMatchObject({
      status: 403,
    });
  });

  it('renames the organization, after which the old slug is gone', async () => {
    expect(
      await call('PUT', '/organizations/sentry/', { slug: 'fundamental', name: 'fundamental' }),
    ).toMatchObject({
      status: 200,
      body: { slug: 'fundamental' },
    });
    expect((await call('GET', '/organizations/sentry/teams/')).status).toBe(404);
    expect((await call('PUT', '/organizations/fundamental/', { slug: 'Not A Slug' })).status).toBe(400);
  });

  it('answers 409 to a second team or project with the same slug', async () => {
    expect((await call('POST', '/organizations/sentry/teams/', { slug: 'web' })).status).toBe(201);
    expect((await call('POST', '/organizations/sentry/teams/', { slug: 'web' })).status).toBe(409);
    expect((await createProject('api')).status).toBe(201);
    expect(await createProject('api')).toMatchObject({
      status: 409,
      body: { detail: 'A project with this slug already exists.' },
    });
  });

  it('gives every new project a key whose public DSN names the request host', async () => {
    const project = (await createProject('api')).body;
    const [key] = (await call('GET', '/projects/sentry/api/keys/')).body;
    expect(key.dsn.public).toBe(`http://${key.public}@${new URL(sentry.url).host}/${project.id}`);
  });

  it('adds a default issue rule unless default_rules is false', async () => {
    await createProject('with-default');
    await createProject('without-default', { default_rules: false });
    expect((await call('GET', '/projects/sentry/with-default/rules/')).body).toHaveLength(1);
    expect((await call('GET', '/projects/sentry/without-default/rules/')).body).toHaveLength(0);
  });

  it('refuses a platform Sentry no longer lists, such as csharp-aspnetcore', async () => {
    expect(await createProject('api', { platform: 'csharp-aspnetcore' })).toMatchObject({
      status: 400,
      body: { platform: ['Invalid platform'] },
    });
    expect((await createProject('api', { platform: 'dotnet-aspnetcore' })).status).toBe(201);
  });

  describe('issue rules', () => {
    const rule = (name: string, actions: object[]) => ({
      name,
      frequency: 30,
      actionMatch: 'all',
      conditions: [{ id: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition' }],
      actions,
    });
    const emailTeam = [
      { id: 'sentry.mail.actions.NotifyEmailAction', targetType: 'Team', targetIdentifier: 1 },
    ];
    beforeEach(() => createProject('api', { default_rules: false }));

    it('refuses a rule without actions', async () => {
      expect(await call('POST', '/projects/sentry/api/rules/', rule('silent', []))).toMatchObject({
        status: 400,
        body: { actions: ['You must add an action for this alert to fire.'] },
      });
    });

    it('refuses an exact duplicate under another name with the id of the existing rule', async () => {
      const first = await call('POST', '/projects/sentry/api/rules/', rule('first', emailTeam));
      expect(first.status).toBe(200);
      expect(await call('POST', '/projects/sentry/api/rules/', rule('second', emailTeam))).toEqual({
        status: 400,
        link: null,
        body: {
          name: ["This rule is an exact duplicate of 'first' in this project and may not be created."],
          ruleId: [Number(first.body.id)],
        },
      });
    });
  });

  describe('metric alerts', () => {
    const alert = (overrides: object) => ({
      name: 'p95',
      aggregate: 'p95(span.duration)',
      dataset: 'events_analytics_platform',
      queryType: 1,
      eventTypes: ['trace_item_span'],
      query: 'is_transaction:true',
      timeWindow: 10,
      thresholdType: 0,
      projects: ['api'],
      triggers: [{ label: 'critical', alertThreshold: 2000, actions: [] }],
      ...overrides,
    });
    const post = (overrides: object) => call('POST', '/organizations/sentry/alert-rules/', alert(overrides));
    beforeEach(() => createProject('api'));

    it.each([
      ['two projects', { projects: ['api', 'internal'] }, 'projects'],
      ['no time window', { timeWindow: undefined }, 'timeWindow'],
      ['a window over a day', { timeWindow: 1441 }, 'timeWindow'],
      ['a span alert under 5 minutes', { timeWindow: 1 }, 'nonFieldErrors'],
      ['a transaction event type on spans', { eventTypes: ['transaction'] }, 'eventTypes'],
      ['the errors query type on spans', { queryType: 0 }, 'nonFieldErrors'],
    ])('refuses %s, naming the field', async (_, overrides, field) => {
      const { status, body } = await post(overrides);
      expect(status).toBe(400);
      expect(Object.keys(body)).toEqual([field]);
    });

    it('takes any whole window of 5 to 1440 minutes on spans, as time_window has no fixed choices', async () => {
      // AlertRuleSerializer.time_window is IntegerField(min_value=1, max_value=1440); only crash-rate
      // alerts have a fixed list (CRASH_RATE_ALERTS_ALLOWED_TIME_WINDOWS).
      for (const timeWindow of [7, 1440]) expect((await post({ timeWindow })).status).toBe(201);
    });

    it('saves any span aggregate and query unchecked, as Sentry skips query validation for EAP', async () => {
      // A bad attribute only shows when the alert runs: the double must not promise more than that.
      for (const overrides of [
        { aggregate: 'p95(transaction.duration)' },
        { aggregate: 'failure_rate()', query: '!span.status_code:4* no.such.attribute:1' },
      ])
        expect((await post(overrides)).status).toBe(201);
    });

    it.each([
      ['transactions', 'p95(transaction.duration)'],
      ['generic_metrics', 'p95(transaction.duration)'],
    ])(
      'refuses a new %s alert while discover-saved-queries-deprecation is on, with the message as the body',
      async (dataset, aggregate) => {
        const { status, body } = await post({ dataset, aggregate, eventTypes: ['transaction'], query: '' });
        expect(status).toBe(400);
        expect(body).toEqual([expect.stringMatching(/^Creation of transaction-based alerts is disabled/)]);
        sentry.features.delete('organizations:discover-saved-queries-deprecation');
        expect((await post({ dataset, aggregate, eventTypes: ['transaction'], query: '' })).status).toBe(201);
      },
    );

    it('refuses to edit the query of a transaction alert once the deprecation is on', async () => {
      sentry.features.delete('organizations:discover-saved-queries-deprecation');
      const legacy = { dataset: 'transactions', aggregate: 'p95(transaction.duration)', query: '' };
      const created = (await post({ ...legacy, eventTypes: ['transaction'] })).body;
      sentry.features.add('organizations:discover-saved-queries-deprecation');
      const path = `/organizations/sentry/alert-rules/${created.id}/`;
      expect(
        (await call('PUT', path, alert({ ...legacy, eventTypes: ['transaction'], name: 'p95!' }))).status,
      ).toBe(200);
      const edited = await call('PUT', path, alert({ ...legacy, eventTypes: ['transaction'], query: 'a:b' }));
      expect(edited).toMatchObject({
        status: 400,
        body: [expect.stringMatching(/^Updates to transaction-based/)],
      });
    });

    it('creates a valid one and returns target identifiers as strings', async () => {
      const actions = [{ type: 'email', targetType: 'team', targetIdentifier: 1 }];
      const { status, body } = await post({
        triggers: [{ label: 'critical', alertThreshold: 2000, actions }],
      });
      expect(status).toBe(201);
      expect(body.triggers[0].actions[0].targetIdentifier).toBe('1');
    });

    it('lists the detector shape under workflow-engine-rule-serializers, the legacy shape without', async () => {
      await post({});
      const [detector] = (await call('GET', '/organizations/sentry/alert-rules/?project=-1')).body;
      expect(detector).toMatchObject({ timeWindow: 600, detectionType: 'metric_issue', projects: ['api'] });
      expect(detector.triggers[0]).toMatchObject({
        label: 'critical',
        thresholdType: 0,
        alertThreshold: 2000,
      });
      for (const key of ['dataset', 'eventTypes', 'queryType', 'thresholdType'])
        expect(detector).not.toHaveProperty(key);
      sentry.features.delete('organizations:workflow-engine-rule-serializers');
      const [legacy] = (await call('GET', '/organizations/sentry/alert-rules/?project=-1')).body;
      expect(legacy).toMatchObject({
        timeWindow: 10,
        dataset: 'events_analytics_platform',
        thresholdType: 0,
        detectionType: 'static',
      });
    });

    it("lists only the projects of the caller's teams unless project=-1, and hides span alerts without performance-view", async () => {
      await post({});
      sentry.model.teams[0].memberUserIds = [];
      expect((await call('GET', '/organizations/sentry/alert-rules/')).body).toEqual([]);
      expect((await call('GET', '/organizations/sentry/alert-rules/?project=-1')).body).toHaveLength(1);
      sentry.features.delete('organizations:performance-view');
      expect((await call('GET', '/organizations/sentry/alert-rules/?project=-1')).body).toEqual([]);
    });
  });

  it('has the flags of our feature-complete sentry.conf.py unless told otherwise', async () => {
    expect([...sentry.features]).toEqual(configuredFeatures('feature-complete'));
    await sentry.close();
    sentry = await startSentryApiDouble({ features: configuredFeatures('errors-only') });
    expect(sentry.features.has('organizations:discover-saved-queries-deprecation')).toBe(false);
  });

  it('adds the creator of a team to it, as organization_teams.py does', async () => {
    await call('POST', '/organizations/sentry/teams/', { slug: 'web' });
    expect(sentry.model.teams.find(({ slug }) => slug === 'web')?.memberUserIds).toEqual(['1']);
  });

  it('refuses every bearer token on the session-only org auth token endpoints with 403 (PR #99457)', async () => {
    const refused = { status: 403, body: { detail: 'Authentication credentials were not provided.' } };
    expect(await call('GET', '/organizations/sentry/org-auth-tokens/')).toMatchObject(refused);
    expect(await call('POST', '/organizations/sentry/org-auth-tokens/', { name: 'ci' })).toMatchObject(
      refused,
    );
    expect(await call('POST', '/organizations/sentry/org-auth-tokens/', { name: 'ci' }, null)).toMatchObject(
      refused,
    );
    expect(sentry.model.orgAuthTokens).toEqual([]);
  });

  it('lists no GitHub integration until one is seeded, then links a repository once', async () => {
    expect((await call('GET', '/organizations/sentry/integrations/?provider_key=github')).body).toEqual([]);
    const integration = sentry.seedGithubIntegration('PeSahm');
    const link = { provider: 'integrations:github', installation: integration.id, identifier: 'PeSahm/App' };
    const repository = await call('POST', '/organizations/sentry/repos/', link);
    expect(repository.status).toBe(201);
    expect(await call('POST', '/organizations/sentry/repos/', link)).toMatchObject({
      status: 400,
      body: { detail: { code: 'repo_exists' } },
    });

    const project = (await createProject('api')).body;
    const mapping = {
      projectId: Number(project.id),
      repositoryId: Number(repository.body.id),
      integrationId: Number(integration.id),
      stackRoot: '',
      sourceRoot: '',
      defaultBranch: 'main',
    };
    expect((await call('POST', '/organizations/sentry/code-mappings/', mapping)).status).toBe(201);
    sentry.model.teams[0].memberUserIds = [];
    expect((await call('GET', '/organizations/sentry/code-mappings/')).body).toEqual([]);
    expect((await call('GET', '/organizations/sentry/code-mappings/?project=-1')).body).toHaveLength(1);
    expect(await call('POST', '/organizations/sentry/code-mappings/', mapping)).toMatchObject({
      status: 400,
      body: { nonFieldErrors: ['Code path config already exists with this project and stack trace root'] },
    });
  });

  it('pages lists with Sentry-style Link cursors and logs every request', async () => {
    await sentry.close();
    sentry = await startSentryApiDouble({ tokens: { [admin]: bootstrapTokenScopes }, pageSize: 1 });
    await call('POST', '/organizations/sentry/teams/', { slug: 'web' });
    const first = await call('GET', '/organizations/sentry/teams/');
    expect(first.body).toHaveLength(1);
    expect(first.link).toContain('rel="next"; results="true"; cursor="1:1:0"');
    const second = await call('GET', '/organizations/sentry/teams/?cursor=1:1:0');
    expect(second.body).toMatchObject([{ slug: 'web' }]);
    expect(second.link).toContain('rel="next"; results="false"');
    expect(sentry.writes().map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'POST /api/0/organizations/sentry/teams/ 201',
    ]);
  });
});
