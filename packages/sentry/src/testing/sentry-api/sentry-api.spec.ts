import { bootstrapTokenScopes, type SentryApiDouble, startSentryApiDouble } from './index';

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

  it('starts as a fresh self-hosted install: organization, team and internal project named sentry (B1)', async () => {
    expect((await call('GET', '/organizations/')).body).toEqual([
      { id: '1', slug: 'sentry', name: 'Sentry' },
    ]);
    expect((await call('GET', '/organizations/sentry/teams/')).body).toEqual([
      { id: '1', slug: 'sentry', name: 'Sentry' },
    ]);
    expect((await call('GET', '/organizations/sentry/projects/')).body).toMatchObject([{ slug: 'internal' }]);
  });

  it('answers 401 without or with an unknown token and 403 without an accepted scope (B0)', async () => {
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

  it('renames the organization, after which the old slug is gone (B1)', async () => {
    expect(
      await call('PUT', '/organizations/sentry/', { slug: 'fundamental', name: 'fundamental' }),
    ).toMatchObject({
      status: 200,
      body: { slug: 'fundamental' },
    });
    expect((await call('GET', '/organizations/sentry/teams/')).status).toBe(404);
    expect((await call('PUT', '/organizations/fundamental/', { slug: 'Not A Slug' })).status).toBe(400);
  });

  it('answers 409 to a second team or project with the same slug (B2)', async () => {
    expect((await call('POST', '/organizations/sentry/teams/', { slug: 'web' })).status).toBe(201);
    expect((await call('POST', '/organizations/sentry/teams/', { slug: 'web' })).status).toBe(409);
    expect((await createProject('api')).status).toBe(201);
    expect(await createProject('api')).toMatchObject({
      status: 409,
      body: { detail: 'A project with this slug already exists.' },
    });
  });

  it('gives every new project a key whose public DSN names the request host (B2)', async () => {
    const project = (await createProject('api')).body;
    const [key] = (await call('GET', '/projects/sentry/api/keys/')).body;
    expect(key.dsn.public).toBe(`http://${key.public}@${new URL(sentry.url).host}/${project.id}`);
  });

  it('adds a default issue rule unless default_rules is false (B3)', async () => {
    await createProject('with-default');
    await createProject('without-default', { default_rules: false });
    expect((await call('GET', '/projects/sentry/with-default/rules/')).body).toHaveLength(1);
    expect((await call('GET', '/projects/sentry/without-default/rules/')).body).toHaveLength(0);
  });

  it('refuses a platform Sentry no longer lists, such as csharp-aspnetcore (B2)', async () => {
    expect(await createProject('api', { platform: 'csharp-aspnetcore' })).toMatchObject({
      status: 400,
      body: { platform: ['Invalid platform'] },
    });
    expect((await createProject('api', { platform: 'dotnet-aspnetcore' })).status).toBe(201);
  });

  describe('issue rules (B3)', () => {
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

  describe('metric alerts (B4)', () => {
    const alert = (overrides: object) => ({
      name: 'p95',
      aggregate: 'p95(transaction.duration)',
      dataset: 'transactions',
      eventTypes: ['transaction'],
      query: '',
      timeWindow: 10,
      thresholdType: 0,
      projects: ['api'],
      triggers: [{ label: 'critical', alertThreshold: 2000, actions: [] }],
      ...overrides,
    });
    beforeEach(() => createProject('api'));

    it.each([
      ['two projects', { projects: ['api', 'internal'] }, 'projects'],
      ['an unknown aggregate', { aggregate: 'p95(span.duration)' }, 'aggregate'],
      ['no time window', { timeWindow: undefined }, 'timeWindow'],
      ['a window Sentry does not offer', { timeWindow: 7 }, 'timeWindow'],
    ])('refuses %s, naming the field', async (_, overrides, field) => {
      const { status, body } = await call('POST', '/organizations/sentry/alert-rules/', alert(overrides));
      expect(status).toBe(400);
      expect(Object.keys(body)).toEqual([field]);
    });

    it('creates a valid one and returns target identifiers as strings', async () => {
      const actions = [{ type: 'email', targetType: 'team', targetIdentifier: 1 }];
      const { status, body } = await call(
        'POST',
        '/organizations/sentry/alert-rules/',
        alert({ triggers: [{ label: 'critical', alertThreshold: 2000, actions }] }),
      );
      expect(status).toBe(201);
      expect(body.triggers[0].actions[0].targetIdentifier).toBe('1');
    });
  });

  it('shows an org auth token only in the 201 that created it, and the token has scope org:ci (B1)', async () => {
    const created = await call('POST', '/organizations/sentry/org-auth-tokens/', { name: 'ci' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^sntrys_/);
    const [listed] = (await call('GET', '/organizations/sentry/org-auth-tokens/')).body;
    expect(listed).toMatchObject({ name: 'ci', scopes: ['org:ci'] });
    expect(listed.token).toBeUndefined();
    expect((await call('GET', '/organizations/', undefined, created.body.token)).status).toBe(403);
    expect((await call('POST', '/organizations/sentry/org-auth-tokens/', { name: ' ' })).status).toBe(400);
  });

  it('lists no GitHub integration until one is seeded, then links a repository once (B5)', async () => {
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
