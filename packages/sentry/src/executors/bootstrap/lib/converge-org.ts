import { apiPath, type SentryApi } from './api-client';
import type { BootstrapState } from '../../../bootstrap-state/desired-state';
import { BootstrapError } from './errors';
import type { Report } from './report';
import { scopes } from './scopes';

interface OrganizationSummary {
  slug: string;
  name: string;
}

/**
 * The organization `sentry upgrade` creates on a fresh install (getsentry/sentry src/sentry/receivers/core.py
 * create_default_project, commit 8c619f2e).
 */
const selfHostedDefaultOrganization = 'sentry';

/**
 * Makes the desired organization exist and returns its slug. Self-hosted runs a single organization and a
 * token cannot create one (SENTRY_SINGLE_ORGANIZATION, set by getsentry/self-hosted 26.8.0
 * sentry/sentry.conf.example.py, turns off `organizations:create`: getsentry/sentry
 * src/sentry/runner/initializer.py), so when the desired slug is missing the default `sentry` is renamed.
 * With `adopt` (a Sentry run elsewhere, a token without org:write) the organization must exist and is used as
 * it is.
 */
export async function convergeOrganization(
  api: SentryApi,
  desired: BootstrapState['organization'],
  report: Report,
  adopt = false,
): Promise<string> {
  const organizations = await api.list<OrganizationSummary>('/organizations/', scopes.organizationRead);
  const existing = organizations.find(({ slug }) => slug === desired.slug);
  const seen = organizations.map(({ slug }) => slug).join(', ') || 'none';
  if (existing) {
    if (existing.name === desired.name) report.record('unchanged', `organization ${desired.slug}`);
    else if (adopt)
      report.record('adopted', `organization ${desired.slug}`, `kept as it is: name "${existing.name}"`);
    else {
      await api.put(apiPath`/organizations/${desired.slug}/`, scopes.organizationWrite, {
        name: desired.name,
      });
      report.record('updated', `organization ${desired.slug}`, `name "${existing.name}" → "${desired.name}"`);
    }
    return desired.slug;
  }

  if (adopt)
    throw new BootstrapError(
      `Organization "${desired.slug}" does not exist (the token sees: ${seen}), and with --adopt the bootstrap ` +
        'creates and renames none: set organization.slug in the desired state to one of them.',
    );
  const fallback = organizations.find(({ slug }) => slug === selfHostedDefaultOrganization);
  if (!fallback) {
    throw new BootstrapError(
      `Organization "${desired.slug}" does not exist and there is no default "${selfHostedDefaultOrganization}" ` +
        `organization to rename (the token sees: ${seen}). Self-hosted runs one organization: set ` +
        'organization.slug in the desired state to the one this instance has.',
    );
  }
  await api.put(apiPath`/organizations/${fallback.slug}/`, scopes.organizationWrite, {
    slug: desired.slug,
    name: desired.name,
  });
  report.record(
    'renamed',
    `organization ${fallback.slug} → ${desired.slug}`,
    `self-hosted runs one organization, so its default "${fallback.name}" now carries the desired slug and name`,
  );
  return desired.slug;
}
