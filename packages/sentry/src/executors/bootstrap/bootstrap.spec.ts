import {
  type BootstrapHarness,
  bootstrapHarness,
  type BootstrapRun,
} from '../../testing/sentry-api/bootstrap-harness';
import type { IssueAlertState, MetricAlertState } from '../../bootstrap-state/desired-state';
import { issueRulePayload } from './lib/alert-payloads';
import { seedBootstrapState } from '../../testing/sentry-api/seed-state';

const seedProjects = ['dotnet-backend', 'angular-frontend'];

/** The DSN lines of a run's output: `<slug>  <dsn>` under "DSNs:". */
const dsnLines = ({ output }: BootstrapRun) =>
  output.split('\n').filter((line) => /^\s+\S+\s+http:\/\//.test(line));

describe('bootstrap executor', () => {
  let harness: BootstrapHarness;
  beforeEach(async () => (harness = await bootstrapHarness()));
  afterEach(() => harness.dispose());

  const writesSince = (from: number) => harness.writesSince(from);

  const projectId = (slug: string) =>
    harness.sentry.model.projects.find((project) => project.slug === slug)?.id;
  const issueRuleNames = (slug: string) =>
    harness.sentry.model.issueRules
      .filter((rule) => rule.projectId === projectId(slug))
      .map((rule) => rule.data['name']);
  const metricAlertsOf = (slug: string) =>
    harness.sentry.model.metricAlertRules.filter((rule) =>
      (rule.data['projects'] as string[]).includes(slug),
    );

  describe('on a fresh install', () => {
    let run: BootstrapRun;
    beforeEach(async () => (run = await harness.run()));

    it('renames the default organization and says why', () => {
      expect(run).toMatchObject({ success: true, errors: '' });
      expect(harness.sentry.model.organization).toMatchObject({ slug: 'fundamental', name: 'fundamental' });
      expect(run.output).toContain(
        'renamed    organization sentry → fundamental — self-hosted runs one organization',
      );
    });

    it('creates the team and both projects with their platforms, owned by the team', () => {
      const { model } = harness.sentry;
      const team = model.teams.find(({ slug }) => slug === 'fundamental');
      expect(model.projects.map(({ slug, platform, teamIds }) => ({ slug, platform, teamIds }))).toEqual([
        { slug: 'internal', platform: null, teamIds: ['1'] },
        { slug: 'dotnet-backend', platform: 'dotnet-aspnetcore', teamIds: [team?.id] },
        { slug: 'angular-frontend', platform: 'javascript-angular', teamIds: [team?.id] },
      ]);
    });

    it('creates the four alerts in each project, each e-mailing the team, and no default rule', () => {
      const team = harness.sentry.model.teams.find(({ slug }) => slug === 'fundamental');
      for (const slug of seedProjects) {
        expect(issueRuleNames(slug)).toEqual(['New issue', 'Regression of a resolved issue']);
        const alerts = metricAlertsOf(slug).map(({ data }) => data);
        expect(alerts.map((alert) => [alert['name'], alert['aggregate']])).toEqual([
          ['Error rate above 5%', 'failure_rate()'],
          ['p95 latency above 2 s', 'p95(span.duration)'],
        ]);
        expect(
          alerts.map((alert) => (alert['triggers'] as Array<{ alertThreshold: number }>)[0].alertThreshold),
        ).toEqual([0.05, 2000]);
        expect(alerts[0]['triggers']).toEqual([
          {
            label: 'critical',
            alertThreshold: 0.05,
            actions: [{ type: 'email', targetType: 'team', targetIdentifier: team?.id }],
          },
        ]);
      }
      const newIssue = harness.sentry.model.issueRules.find((rule) => rule.data['name'] === 'New issue');
      expect(newIssue?.data['actions']).toEqual([
        {
          id: 'sentry.mail.actions.NotifyEmailAction',
          targetType: 'Team',
          targetIdentifier: Number(team?.id),
          fallthroughType: 'ActiveMembers',
        },
      ]);
    });

    it('writes the DSNs to the git-ignored DSN file and prints them', () => {
      const { model } = harness.sentry;
      const dsnOf = (slug: string) => {
        const key = model.keys.find((candidate) => candidate.projectId === projectId(slug));
        return `http://${key?.public}@${new URL(harness.sentry.url).host}/${projectId(slug)}`;
      };
      expect(JSON.parse(harness.read('.sentry/dsn.json'))).toEqual({
        'dotnet-backend': dsnOf('dotnet-backend'),
        'angular-frontend': dsnOf('angular-frontend'),
      });
      expect(harness.read('.gitignore')).toContain('\n/.sentry/dsn.json\n');
      expect(dsnLines(run)).toEqual([
        `  dotnet-backend    ${dsnOf('dotnet-backend')}`,
        `  angular-frontend  ${dsnOf('angular-frontend')}`,
      ]);
    });

    it('leaves the CI token to the in-cluster ci-token target and says how to store it', () => {
      expect(harness.sentry.model.orgAuthTokens).toEqual([]);
      expect(run.output).toContain(
        'CI token "ci" (scope org:ci, for sentry-cli in CI):\n' +
          '  Sentry mints org auth tokens for browser sessions only, so this target does not; mint it in the cluster:\n' +
          '    npx nx run sentry-infra:ci-token -- --org fundamental --name ci\n',
      );
      expect(run.output).toContain('  gh secret set SENTRY_AUTH_TOKEN --repo PeSahm/Fundamental.Backend');
      expect(run.output).toContain('  gh secret set SENTRY_AUTH_TOKEN --repo PeSahm/Fundamental.FrontEnd');
    });

    it('changes nothing on a second run: no POST, PUT or DELETE, the same DSNs', async () => {
      const from = harness.sentry.requests.length;
      const dsnFile = harness.read('.sentry/dsn.json');
      const gitignore = harness.read('.gitignore');
      const second = await harness.run();
      expect(second.success).toBe(true);
      expect(writesSince(from)).toEqual([]);
      expect(harness.read('.sentry/dsn.json')).toBe(dsnFile);
      expect(harness.read('.gitignore')).toBe(gitignore);
      expect(dsnLines(second)).toEqual(dsnLines(run));
      expect(second.output).toMatch(/Summary: \d+ unchanged\.$/);
    });

    it('updates an alert whose desired threshold changed, with PUT and nothing else', async () => {
      const alerts = seedBootstrapState.alerts.map((alert) =>
        alert.name === 'Error rate above 5%' ? { ...(alert as MetricAlertState), above: 0.1 } : alert,
      );
      harness.writeState({ ...seedBootstrapState, alerts });
      const from = harness.sentry.requests.length;
      expect((await harness.run()).success).toBe(true);
      const ids = seedProjects.map((slug) => metricAlertsOf(slug)[0].id);
      expect(writesSince(from)).toEqual(
        ids.map((id) => `PUT /api/0/organizations/fundamental/alert-rules/${id}/ 200`),
      );
    });

    it('takes over an identical rule Sentry refuses to duplicate, by the ruleId of its 400', async () => {
      const rule = harness.sentry.model.issueRules.find(
        ({ projectId: id, data }) => id === projectId('dotnet-backend') && data['name'] === 'New issue',
      );
      if (!rule) throw new Error('the run created no rule');
      rule.data = { ...rule.data, name: 'Renamed by hand' };
      const from = harness.sentry.requests.length;
      const adopting = await harness.run();
      expect(writesSince(from)).toEqual([
        'POST /api/0/projects/fundamental/dotnet-backend/rules/ 400',
        `PUT /api/0/projects/fundamental/dotnet-backend/rules/${rule.id}/ 200`,
      ]);
      expect(adopting.output).toContain('adopted    issue alert "New issue" (dotnet-backend)');
      expect(issueRuleNames('dotnet-backend')).toEqual(['New issue', 'Regression of a resolved issue']);
      const next = harness.sentry.requests.length;
      await harness.run();
      expect(writesSince(next)).toEqual([]);
    });

    it('deletes nothing without --prune, and with it only what the state does not name', async () => {
      const { model } = harness.sentry;
      const legacy = { id: model.nextId(), slug: 'legacy', name: 'legacy', memberUserIds: [] };
      model.teams.push(legacy);
      model.addProject({ slug: 'old-app', name: 'old-app', platform: 'node', teamIds: [legacy.id] });
      const handMadeRule = {
        id: model.nextId(),
        projectId: String(projectId('dotnet-backend')),
        data: {
          name: 'Mine',
          conditions: [{ id: 'sentry.rules.conditions.reappeared_event.ReappearedEventCondition' }],
        },
      };
      model.issueRules.push(handMadeRule);
      const handMadeAlert = { id: model.nextId(), data: { name: 'p99', projects: ['dotnet-backend'] } };
      model.metricAlertRules.push(handMadeAlert);

      const from = harness.sentry.requests.length;
      expect((await harness.run()).success).toBe(true);
      expect(writesSince(from)).toEqual([]);

      const pruneFrom = harness.sentry.requests.length;
      const pruning = await harness.run({ prune: true });
      expect(pruning.success).toBe(true);
      expect(writesSince(pruneFrom)).toEqual([
        `DELETE /api/0/projects/fundamental/dotnet-backend/rules/${handMadeRule.id}/ 202`,
        `DELETE /api/0/organizations/fundamental/alert-rules/${handMadeAlert.id}/ 204`,
        'DELETE /api/0/projects/fundamental/old-app/ 204',
        'DELETE /api/0/teams/fundamental/legacy/ 204',
      ]);
      expect(model.projects.map(({ slug }) => slug)).toEqual(['internal', ...seedProjects]);
      expect(model.teams.map(({ slug }) => slug)).toEqual(['sentry', 'fundamental']);
      expect(issueRuleNames('dotnet-backend')).toEqual(['New issue', 'Regression of a resolved issue']);
      expect(metricAlertsOf('dotnet-backend')).toHaveLength(2);
    });
  });

  describe('the organization', () => {
    it('is reused, not renamed, when it already has the desired slug', async () => {
      Object.assign(harness.sentry.model.organization, { slug: 'fundamental', name: 'fundamental' });
      const run = await harness.run();
      expect(run.output).toContain('unchanged  organization fundamental');
      expect(writesSince(0).filter((write) => write.startsWith('PUT /api/0/organizations/'))).toEqual([]);
    });

    it('is refused when neither the desired nor the default organization exists', async () => {
      harness.sentry.model.organization.slug = 'acme';
      const run = await harness.run();
      expect(run.success).toBe(false);
      expect(run.errors).toContain(
        'Organization "fundamental" does not exist and there is no default "sentry" organization to rename ' +
          '(the token sees: acme).',
      );
    });
  });

  describe('with --adopt (a Sentry run elsewhere, a token without admin rights)', () => {
    // A team admin's token: Sentry's member role plus its team-admin role, no org:write or org:admin
    // (getsentry/sentry 26.8.0 src/sentry/conf/server.py SENTRY_ROLES "member", SENTRY_TEAM_ROLES "admin").
    const memberToken = 'sntryu_member';
    const memberScopes = [
      ...['event:read', 'event:write', 'event:admin', 'project:releases', 'project:read', 'org:read'],
      ...['member:read', 'team:read', 'alerts:read', 'alerts:write'],
      ...['team:write', 'team:admin', 'project:write', 'project:admin', 'org:integrations'],
    ];
    const asMember = { SENTRY_URL: '', SENTRY_AUTH_TOKEN: memberToken };
    beforeEach(async () => {
      await harness.dispose();
      harness = await bootstrapHarness({ tokens: { [memberToken]: memberScopes } });
      asMember.SENTRY_URL = harness.sentry.url;
      // The provider's organization and team, as someone else set them up: the API project in the team with
      // its own name, platform and "New issue" rule (hourly), the front end's project outside the team.
      const { model } = harness.sentry;
      Object.assign(model.organization, { slug: 'fundamental', name: 'Fundamental Ltd' });
      const team = { id: model.nextId(), slug: 'fundamental', name: 'Fundamental' };
      model.teams.push({ ...team, memberUserIds: ['1'] });
      const api = model.addProject({
        slug: 'dotnet-backend',
        name: 'API',
        platform: 'dotnet',
        teamIds: [team.id],
      });
      model.addProject({ slug: 'angular-frontend', name: 'Web', platform: 'javascript', teamIds: [] });
      const newIssue = seedBootstrapState.alerts.find(({ name }) => name === 'New issue') as IssueAlertState;
      model.issueRules.push({
        id: model.nextId(),
        projectId: api.id,
        data: { environment: null, ...issueRulePayload(newIssue, team), frequency: 60 },
      });
    });

    it('uses the organization, team, projects and rules as they are: no rename, no PUT, differences reported', async () => {
      const run = await harness.run({ adopt: true }, asMember);
      expect(run.errors).toBe('');
      expect(run.success).toBe(true);
      expect(run.output).toContain(
        'adopted    organization fundamental — kept as it is: name "Fundamental Ltd"',
      );
      expect(run.output).toContain(
        'adopted    project dotnet-backend — kept as it is: name "API", platform dotnet',
      );
      expect(run.output).toContain(
        'adopted    project angular-frontend — kept as it is: name "Web", platform javascript, not in team fundamental',
      );
      expect(run.output).toContain(
        'adopted    issue alert "New issue" (dotnet-backend) — kept as it is: its settings differ from the desired state',
      );
      expect(run.output).toContain(
        'created    issue alert "Regression of a resolved issue" (dotnet-backend)',
      );
      // Sentry refuses a rule e-mailing a team that does not own the project (member_team.py).
      expect(run.output).toContain(
        'skipped    alerts of angular-frontend — team fundamental does not own it',
      );
      expect(issueRuleNames('angular-frontend')).toEqual([]);
      expect(metricAlertsOf('angular-frontend')).toEqual([]);
      expect(writesSince(0).filter((write) => write.startsWith('PUT '))).toEqual([]);
      expect(harness.sentry.model.organization.name).toBe('Fundamental Ltd');
    });

    it('creates no team: a missing one is refused with the ones the token sees', async () => {
      harness.sentry.model.teams.splice(1);
      const run = await harness.run({ adopt: true }, asMember);
      expect(run.success).toBe(false);
      expect(run.errors).toContain(
        'Team "fundamental" does not exist in organization "fundamental" (the token sees: sentry), and with ' +
          '--adopt the bootstrap creates none: set team.slug in the desired state to one of them.',
      );
      expect(writesSince(0)).toEqual([]);
    });

    it('without it, the same token fails on the rename it has no right to', async () => {
      const run = await harness.run({}, asMember);
      expect(run.success).toBe(false);
      expect(run.errors).toContain('403');
    });

    it('never creates or renames an organization: a missing one is refused with the ones the token sees', async () => {
      harness.sentry.model.organization.slug = 'sentry';
      const run = await harness.run({ adopt: true }, asMember);
      expect(run.success).toBe(false);
      expect(run.errors).toContain(
        'Organization "fundamental" does not exist (the token sees: sentry), and with --adopt the bootstrap ' +
          'creates and renames none: set organization.slug in the desired state to one of them.',
      );
      expect(writesSince(0)).toEqual([]);
    });

    it('refuses --prune beside it: an adopted organization holds what others made', async () => {
      const run = await harness.run({ adopt: true, prune: true }, asMember);
      expect(run.success).toBe(false);
      expect(run.errors).toContain('Invalid --prune true: expected false with --adopt');
      expect(harness.sentry.requests).toEqual([]);
    });
  });

  it('reconciles a project that appeared between its lookup and its creation (409)', async () => {
    let raced = false;
    harness.sentry.beforeRequest((method, path) => {
      if (raced || method !== 'POST' || path !== '/api/0/teams/fundamental/fundamental/projects/') return;
      raced = true;
      harness.sentry.model.addProject({
        slug: 'dotnet-backend',
        name: 'dotnet-backend',
        platform: null,
        teamIds: [],
      });
    });
    const run = await harness.run();
    expect(run.success).toBe(true);
    expect(run.output).toContain(
      'updated    project dotnet-backend — platform none → dotnet-aspnetcore, team fundamental added',
    );
    expect(harness.sentry.model.projects.filter(({ slug }) => slug === 'dotnet-backend')).toHaveLength(1);
  });

  it('follows the cursors of paginated lists, so a second run still creates nothing', async () => {
    await harness.dispose();
    harness = await bootstrapHarness({ pageSize: 1 });
    expect((await harness.run()).success).toBe(true);
    const from = harness.sentry.requests.length;
    expect((await harness.run()).success).toBe(true);
    expect(writesSince(from)).toEqual([]);
  });

  describe('GitHub', () => {
    it('without an installation, only explains the manual step', async () => {
      const run = await harness.run();
      expect(run.output).toContain(
        `Install the Sentry GitHub App — the one manual step — from Settings → Integrations → GitHub:\n` +
          `    ${harness.sentry.url}/settings/fundamental/integrations/github/`,
      );
      expect(harness.sentry.requests.filter(({ path }) => /\/(repos|code-mappings)\//.test(path))).toEqual(
        [],
      );
    });

    it('with an installation, links the repositories and code mappings once', async () => {
      const integration = harness.sentry.seedGithubIntegration('PeSahm');
      const run = await harness.run();
      expect(run.success).toBe(true);
      expect(run.output).not.toContain('Install the Sentry GitHub App');
      expect(writesSince(0).filter((write) => /\/(repos|code-mappings)\//.test(write))).toEqual([
        'POST /api/0/organizations/fundamental/repos/ 201',
        'POST /api/0/organizations/fundamental/repos/ 201',
        'POST /api/0/organizations/fundamental/code-mappings/ 201',
        'POST /api/0/organizations/fundamental/code-mappings/ 201',
      ]);
      const { repositories, codeMappings } = harness.sentry.model;
      expect(repositories.map(({ name, integrationId }) => [name, integrationId])).toEqual([
        ['PeSahm/Fundamental.Backend', integration.id],
        ['PeSahm/Fundamental.FrontEnd', integration.id],
      ]);
      expect(codeMappings.map(({ projectId: id, repositoryId }) => [id, repositoryId])).toEqual([
        [projectId('dotnet-backend'), repositories[0].id],
        [projectId('angular-frontend'), repositories[1].id],
      ]);

      const from = harness.sentry.requests.length;
      await harness.run();
      expect(writesSince(from)).toEqual([]);
    });
  });
});
