import { apiPath, type SentryApi } from './api-client';
import type { BootstrapState } from './desired-state';
import type { Report } from './report';
import { scopes } from './scopes';

interface OrgAuthToken {
  name: string;
  tokenLastCharacters?: string;
  /** Present only in the response that created the token (B1). */
  token?: string;
}

/**
 * Creates the CI org auth token once (scope org:ci, what sentry-cli needs for releases and uploads).
 * Returns its value when it was created now — the only time Sentry ever shows it — else undefined.
 */
export async function convergeCiToken(
  api: SentryApi,
  baseUrl: string,
  org: string,
  desired: BootstrapState['ciToken'],
  report: Report,
): Promise<string | undefined> {
  const tokensPath = apiPath`/organizations/${org}/org-auth-tokens/`;
  const existing = (await api.list<OrgAuthToken>(tokensPath, scopes.orgAuthTokens)).find(
    ({ name }) => name === desired.name,
  );
  if (existing) {
    report.record(
      'unchanged',
      `CI token "${desired.name}" (…${existing.tokenLastCharacters ?? ''})`,
      `Sentry showed its value once, when it was created; if it is lost, delete the token at ` +
        `${baseUrl}/settings/${org}/auth-tokens/ and run again`,
    );
    return undefined;
  }
  const { body } = await api.post<OrgAuthToken>(tokensPath, scopes.orgAuthTokens, { name: desired.name });
  report.record('created', `CI token "${desired.name}"`, 'scope org:ci');
  return body.token;
}

/** The next step for a new token: it goes into each repository's secret, never into a file. */
export function ciTokenInstructions(token: string, repositories: string[]): string[] {
  if (repositories.length === 0) return [token, 'Store it as the SENTRY_AUTH_TOKEN secret of your CI.'];
  return [
    token,
    ...repositories.map((repository) => `gh secret set SENTRY_AUTH_TOKEN --repo ${repository}`),
    '(gh asks for the value: paste the token above.)',
  ];
}
