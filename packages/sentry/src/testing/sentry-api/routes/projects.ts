import type { Project, ProjectKey, SentryModel } from '../model';
import { fieldError, HttpReply, list, ok, type Route } from '../route';
import { permission } from '../scopes';
import { slugMessage, slugPattern } from './organizations';

/**
 * A sample of Sentry's GETTING_STARTED_DOCS_PLATFORMS (src/sentry/models/project.py), which
 * `Project.is_valid_platform` checks. The .NET ids are `dotnet-*`; the older `csharp-*` ids are not in it.
 */
const validPlatforms = new Set([
  'other',
  'dotnet',
  'dotnet-aspnet',
  'dotnet-aspnetcore',
  'javascript',
  'javascript-angular',
  'javascript-react',
  'node',
  'python',
  'python-django',
]);

/** What `default_rules` (true unless sent false) adds to a new project; the shape is simplified. */
const defaultRule = {
  name: 'Send a notification for high priority issues',
  actionMatch: 'any',
  filterMatch: 'all',
  frequency: 30,
  conditions: [
    { id: 'sentry.rules.conditions.high_priority_issue.NewHighPriorityIssueCondition' },
    { id: 'sentry.rules.conditions.high_priority_issue.ExistingHighPriorityIssueCondition' },
  ],
  filters: [],
  actions: [
    {
      id: 'sentry.mail.actions.NotifyEmailAction',
      targetType: 'IssueOwners',
      fallthroughType: 'ActiveMembers',
    },
  ],
};

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);

function serializeProject(model: SentryModel, project: Project) {
  const teams = model.teams
    .filter((team) => project.teamIds.includes(team.id))
    .map(({ id, slug, name }) => ({ id, slug, name }));
  return { id: project.id, slug: project.slug, name: project.name, platform: project.platform, teams };
}

function serializeKey(key: ProjectKey, host: string) {
  return {
    id: key.id,
    name: key.name,
    public: key.public,
    secret: key.secret,
    projectId: Number(key.projectId),
    isActive: true,
    dsn: {
      public: `http://${key.public}@${host}/${key.projectId}`,
      secret: `http://${key.public}:${key.secret}@${host}/${key.projectId}`,
    },
  };
}

function assertPlatform(platform: unknown) {
  if (platform !== undefined && platform !== null && !validPlatforms.has(String(platform)))
    fieldError('platform', 'Invalid platform');
}

export const projectRoutes: Route[] = [
  // List teams. Models getsentry/sentry src/sentry/core/endpoints/organization_teams.py (indexed at
  // d2bdc6de3778af9602032fccd8a04242eec67b8a): bearer tokens, OrganizationTeamsPermission.
  {
    method: 'GET',
    pattern: '/organizations/:org/teams/',
    scopes: permission.organizationTeams.GET,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      return list(model.teams.map(({ id, slug, name }) => ({ id, slug, name })));
    },
  },
  // Create a team; 409 when the slug exists; the creating user joins it (same file).
  {
    method: 'POST',
    pattern: '/organizations/:org/teams/',
    scopes: permission.organizationTeams.POST,
    handle: ({ model, params, body, userId }) => {
      model.organizationBySlug(params['org']);
      const name = typeof body['name'] === 'string' ? body['name'] : undefined;
      const slug = typeof body['slug'] === 'string' ? body['slug'] : name && slugify(name);
      if (!slug) throw new HttpReply(400, { non_field_errors: ['Name or slug is required'] });
      if (!slugPattern.test(slug)) fieldError('slug', slugMessage);
      if (model.teams.some((team) => team.slug === slug))
        throw new HttpReply(409, { detail: 'A team with this slug already exists.' });
      // The creating user joins the team (should_add_creator_to_team in organization_teams.py).
      const team = { id: model.nextId(), slug, name: name ?? slug, memberUserIds: userId ? [userId] : [] };
      model.teams.push(team);
      return ok({ id: team.id, slug, name: team.name }, 201);
    },
  },
  // Delete a team. Models getsentry/sentry src/sentry/core/endpoints/team_details.py: bearer tokens,
  // TeamPermission.
  {
    method: 'DELETE',
    pattern: '/teams/:org/:team/',
    scopes: permission.team.DELETE,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      const team = model.teamBySlug(params['team']);
      model.teams.splice(model.teams.indexOf(team), 1);
      for (const project of model.projects) project.teamIds = project.teamIds.filter((id) => id !== team.id);
      return { status: 204 };
    },
  },
  // The organization's projects. Models getsentry/sentry src/sentry/core/endpoints/organization_projects.py
  // (indexed at 57915b5d48ce6aaf45bb1d6cd66e717def85e4fd): bearer tokens; not narrowed to the caller's teams
  // (only the `is_member` search term does that); `all_projects=1` answers every project unpaginated.
  {
    method: 'GET',
    pattern: '/organizations/:org/projects/',
    scopes: permission.organization.GET,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      return list(model.projects.map((project) => serializeProject(model, project)));
    },
  },
  // Create a team-bound project; 409 on a duplicate slug; default_rules adds a rule unless false. Models
  // getsentry/sentry src/sentry/core/endpoints/team_projects.py (indexed at
  // d60df2f2f3d6fb238096ffb1111e1cb2f82af7af): bearer tokens, TeamProjectPermission.
  {
    method: 'POST',
    pattern: '/teams/:org/:team/projects/',
    scopes: permission.teamProjects.POST,
    handle: ({ model, params, body }) => {
      model.organizationBySlug(params['org']);
      const team = model.teamBySlug(params['team']);
      const name = body['name'];
      if (typeof name !== 'string' || name.length === 0) fieldError('name', 'This field is required.');
      if (typeof name === 'string' && name.length > 50)
        fieldError('name', 'Ensure this field has no more than 50 characters.');
      const slug = typeof body['slug'] === 'string' ? body['slug'] : slugify(String(name));
      if (!slugPattern.test(slug)) fieldError('slug', slugMessage);
      assertPlatform(body['platform']);
      if (model.projects.some((project) => project.slug === slug))
        throw new HttpReply(409, { detail: 'A project with this slug already exists.' });
      const project = model.addProject({
        slug,
        name: String(name),
        platform: typeof body['platform'] === 'string' ? body['platform'] : null,
        teamIds: [team.id],
      });
      if (body['default_rules'] !== false)
        model.issueRules.push({ id: model.nextId(), projectId: project.id, data: { ...defaultRule } });
      return ok(serializeProject(model, project), 201);
    },
  },
  // Project settings. Models getsentry/sentry src/sentry/core/endpoints/project_details.py (indexed at
  // f308db5a18791fcaf0308abb2ad22481811a82c9): bearer tokens, ProjectPermission.
  {
    method: 'PUT',
    pattern: '/projects/:org/:project/',
    scopes: permission.project.PUT,
    handle: ({ model, params, body }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      assertPlatform(body['platform']);
      if (typeof body['platform'] === 'string') project.platform = body['platform'];
      if (typeof body['name'] === 'string') project.name = body['name'];
      return ok(serializeProject(model, project));
    },
  },
  {
    method: 'DELETE',
    pattern: '/projects/:org/:project/',
    scopes: permission.project.DELETE,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      model.projects.splice(model.projects.indexOf(project), 1);
      return { status: 204 };
    },
  },
  // Add a team to a project. Models getsentry/sentry src/sentry/core/endpoints/project_team_details.py:
  // bearer tokens.
  {
    method: 'POST',
    pattern: '/projects/:org/:project/teams/:team/',
    scopes: permission.project.POST,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      const team = model.teamBySlug(params['team']);
      if (!project.teamIds.includes(team.id)) project.teamIds.push(team.id);
      return ok(serializeProject(model, project), 201);
    },
  },
  // Client keys; `dsn.public` is what SDKs are configured with. Models getsentry/sentry
  // src/sentry/core/endpoints/project_keys.py (indexed at d298a1a48996342d79be76310e5a9f68f60b09e9): bearer
  // tokens, ProjectKeyPermission.
  {
    method: 'GET',
    pattern: '/projects/:org/:project/keys/',
    scopes: permission.project.GET,
    handle: ({ model, params, host }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      return list(
        model.keys.filter((key) => key.projectId === project.id).map((key) => serializeKey(key, host)),
      );
    },
  },
  {
    method: 'POST',
    pattern: '/projects/:org/:project/keys/',
    scopes: permission.project.POST,
    handle: ({ model, params, body, host }) => {
      model.organizationBySlug(params['org']);
      const project = model.projectBySlug(params['project']);
      const name = typeof body['name'] === 'string' ? body['name'] : 'Default';
      return ok(serializeKey(model.addKey(project.id, name), host), 201);
    },
  },
];
