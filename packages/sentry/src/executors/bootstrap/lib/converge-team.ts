import { apiPath, type SentryApi } from './api-client';
import type { BootstrapState } from '../../../bootstrap-state/desired-state';
import { BootstrapError } from './errors';
import type { Report } from './report';
import { scopes } from './scopes';

export interface TeamSummary {
  id: string;
  slug: string;
  name: string;
}

/**
 * The team `sentry upgrade` creates with the install (getsentry/sentry src/sentry/receivers/core.py); it
 * owns the install's own project, which prune keeps too.
 */
const installTeam = 'sentry';

const listTeams = (api: SentryApi, org: string) =>
  api.list<TeamSummary>(apiPath`/organizations/${org}/teams/`, scopes.organizationRead);

/** Looks the team up, creates it when missing; a 409 means it appeared meanwhile, so it is looked up again. */
export async function convergeTeam(
  api: SentryApi,
  org: string,
  desired: BootstrapState['team'],
  report: Report,
): Promise<TeamSummary> {
  const existing = (await listTeams(api, org)).find(({ slug }) => slug === desired.slug);
  if (existing) {
    report.record('unchanged', `team ${desired.slug}`);
    return existing;
  }
  const { status, body } = await api.post<TeamSummary>(
    apiPath`/organizations/${org}/teams/`,
    scopes.teamCreate,
    { slug: desired.slug, name: desired.name },
    [409],
  );
  if (status !== 409) {
    report.record('created', `team ${desired.slug}`);
    return body;
  }
  const team = (await listTeams(api, org)).find(({ slug }) => slug === desired.slug);
  if (!team)
    throw new BootstrapError(`Sentry says team "${desired.slug}" exists (409) but does not list it.`);
  report.record('unchanged', `team ${desired.slug}`, 'created meanwhile by someone else');
  return team;
}

/** With --prune: deletes the teams the desired state does not name, except the install's own. */
export async function pruneTeams(
  api: SentryApi,
  org: string,
  desired: BootstrapState['team'],
  report: Report,
): Promise<void> {
  for (const team of await listTeams(api, org)) {
    if (team.slug === desired.slug || team.slug === installTeam) continue;
    await api.delete(apiPath`/teams/${org}/${team.slug}/`, scopes.teamDelete);
    report.record('deleted', `team ${team.slug}`);
  }
}
