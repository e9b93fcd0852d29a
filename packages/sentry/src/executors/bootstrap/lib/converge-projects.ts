import { apiPath, type SentryApi } from './api-client';
import type { TeamSummary } from './converge-team';
import type { ProjectState } from '../../../bootstrap-state/desired-state';
import { BootstrapError } from './errors';
import type { Report } from './report';
import { scopes } from './scopes';

export interface SentryProject {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  teams: Array<{ slug: string }>;
}

interface ProjectKey {
  isActive: boolean;
  dsn: { public: string };
}

/**
 * The project `sentry upgrade` creates for Sentry's own events (getsentry/sentry
 * src/sentry/receivers/core.py, commit 8c619f2e). Prune keeps it: the upgrade creates
 * its default organization, team and project again when this project is missing, which would bring an
 * organization `sentry` back beside the renamed one.
 */
const installProject = 'internal';

// Without all_projects=1 Sentry lists only the projects of teams the token's user belongs to.
const listProjects = (api: SentryApi, org: string) =>
  api.list<SentryProject>(apiPath`/organizations/${org}/projects/`, scopes.organizationRead, {
    all_projects: '1',
  });

/** Creates the project; a 409 means it appeared meanwhile, and the caller reconciles the existing one. */
async function createProject(
  api: SentryApi,
  org: string,
  team: TeamSummary,
  desired: ProjectState,
): Promise<SentryProject | undefined> {
  const { status, body } = await api.post<SentryProject>(
    apiPath`/teams/${org}/${team.slug}/projects/`,
    scopes.projectWrite,
    // default_rules false: the state's alerts are the whole set; Sentry's default rule (new high-priority
    // issues) would overlap "New issue" and be deleted by the next --prune.
    { name: desired.name, slug: desired.slug, platform: desired.platform, default_rules: false },
    [409],
  );
  return status === 409 ? undefined : body;
}

/** How an existing project differs from the desired one. */
const differences = (project: SentryProject, desired: ProjectState, team: TeamSummary) => ({
  name: project.name !== desired.name,
  platform: project.platform !== desired.platform,
  team: !project.teams.some(({ slug }) => slug === team.slug),
});

/** Brings an existing project to the desired name, platform and team; returns what changed. */
async function reconcileProject(
  api: SentryApi,
  org: string,
  team: TeamSummary,
  project: SentryProject,
  desired: ProjectState,
): Promise<string[]> {
  const differs = differences(project, desired, team);
  const settings = {
    ...(differs.name ? { name: desired.name } : {}),
    ...(differs.platform ? { platform: desired.platform } : {}),
  };
  const changes = [
    ...(differs.name ? [`name "${project.name}" → "${desired.name}"`] : []),
    ...(differs.platform ? [`platform ${project.platform ?? 'none'} → ${desired.platform}`] : []),
  ];
  if (changes.length > 0)
    await api.put(apiPath`/projects/${org}/${desired.slug}/`, scopes.projectWrite, settings);
  if (differs.team) {
    await api.post(apiPath`/projects/${org}/${desired.slug}/teams/${team.slug}/`, scopes.projectWrite, {});
    changes.push(`team ${team.slug} added`);
  }
  return changes;
}

/** With --adopt: what differs from the desired project, said and left as it is. */
function adoptedDifferences(team: TeamSummary, project: SentryProject, desired: ProjectState): string[] {
  const differs = differences(project, desired, team);
  return [
    ...(differs.name ? [`name "${project.name}"`] : []),
    ...(differs.platform ? [`platform ${project.platform ?? 'none'}`] : []),
    ...(differs.team ? [`not in team ${team.slug}`] : []),
  ];
}

/** Makes every desired project exist, owned by the team; returns them by slug. */
export async function convergeProjects(
  api: SentryApi,
  org: string,
  team: TeamSummary,
  desired: ProjectState[],
  report: Report,
  adopt = false,
): Promise<Map<string, SentryProject>> {
  let existing = await listProjects(api, org);
  const projects = new Map<string, SentryProject>();
  for (const wanted of desired) {
    let project = existing.find(({ slug }) => slug === wanted.slug);
    if (!project) {
      const created = await createProject(api, org, team, wanted);
      if (created) {
        report.record('created', `project ${wanted.slug}`, wanted.platform);
        projects.set(wanted.slug, created);
        continue;
      }
      existing = await listProjects(api, org);
      project = existing.find(({ slug }) => slug === wanted.slug);
      if (!project)
        throw new BootstrapError(`Sentry says project "${wanted.slug}" exists (409) but does not list it.`);
    }
    if (adopt) {
      const kept = adoptedDifferences(team, project, wanted);
      if (kept.length)
        report.record('adopted', `project ${wanted.slug}`, `kept as it is: ${kept.join(', ')}`);
      else report.record('unchanged', `project ${wanted.slug}`);
    } else {
      const changes = await reconcileProject(api, org, team, project, wanted);
      report.record(changes.length ? 'updated' : 'unchanged', `project ${wanted.slug}`, changes.join(', '));
    }
    projects.set(wanted.slug, project);
  }
  return projects;
}

/** The public DSN of each project: its first active key, or a new key when it has none. */
export async function projectDsns(
  api: SentryApi,
  org: string,
  projects: Map<string, SentryProject>,
  report: Report,
): Promise<Record<string, string>> {
  const dsns: Record<string, string> = {};
  for (const slug of projects.keys()) {
    const keysPath = apiPath`/projects/${org}/${slug}/keys/`;
    let key = (await api.list<ProjectKey>(keysPath, scopes.projectRead)).find(({ isActive }) => isActive);
    if (!key) {
      key = (await api.post<ProjectKey>(keysPath, scopes.projectWrite, { name: 'Default' })).body;
      report.record('created', `client key of ${slug}`, 'it had no active key');
    }
    dsns[slug] = key.dsn.public;
  }
  return dsns;
}

/** With --prune: deletes the projects the desired state does not name, except the install's own. */
export async function pruneProjects(
  api: SentryApi,
  org: string,
  desired: ProjectState[],
  report: Report,
): Promise<void> {
  for (const project of await listProjects(api, org)) {
    if (project.slug === installProject || desired.some(({ slug }) => slug === project.slug)) continue;
    await api.delete(apiPath`/projects/${org}/${project.slug}/`, scopes.projectDelete);
    report.record('deleted', `project ${project.slug}`);
  }
}
