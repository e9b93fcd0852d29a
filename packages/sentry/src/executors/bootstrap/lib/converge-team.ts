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

/**
 * Looks the team up, creates it when missing; a 409 means it appeared meanwhile, so it is looked up again.
 * With `adopt` the team must exist: creating one takes team:write, which a member's token lacks
 * (getsentry/sentry organization_teams.py OrganizationTeamsPermission: POST takes org:write, org:admin or
 * team:write).
 */
export async function convergeTeam(
  api: SentryApi,
  org: string,
  desired: BootstrapState['team'],
  report: Report,
  adopt = false,
): Promise<TeamSummary> {
  const teams = await listTeams(api, org);
  const existing = teams.find(({ slug }) => slug === desired.slug);
  if (existing) {
    report.record('unchanged', `team ${desired.slug}`);
    return existing;
  }
  if (adopt)
    throw new BootstrapError(
      `Team "${desired.slug}" does not exist in organization "${org}" (the token sees: ` +
        `${teams.map(({ slug }) => slug).join(', ') || 'none'}), and with --adopt the bootstrap creates none: ` +
        'set team.slug in the desired state to one of them.',
    );
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
