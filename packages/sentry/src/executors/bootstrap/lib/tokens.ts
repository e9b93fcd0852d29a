import type { BootstrapState } from '../../../bootstrap-state/desired-state';

/** Where the executor runs: the infra project whose `ci-token` target mints the token, if any. */
export interface CiTokenTarget {
  /** The Nx project of the stack (the one this target belongs to), e.g. sentry-infra. */
  project?: string;
  org: string;
}

/**
 * The CI org auth token (scope org:ci) cannot be created with a bearer token: Sentry's org auth token
 * endpoints authenticate browser sessions only (getsentry/sentry src/sentry/api/endpoints/
 * organization_auth_tokens.py, SessionNoAuthTokenAuthentication since PR #99457), and the API would not
 * even list them to this executor. So the executor does not try: the stack's `ci-token` target
 * (scripts/ci-token.sh) mints it inside the cluster, where the web pod's Django shell can, and shows it
 * once. This returns the lines that say how.
 */
export function ciTokenSteps(
  target: CiTokenTarget,
  desired: BootstrapState['ciToken'],
  repositories: string[],
): string[] {
  const options = `--org ${target.org} --name ${desired.name}`;
  const command = target.project
    ? `npx nx run ${target.project}:ci-token -- ${options}`
    : `bash <stack directory>/scripts/ci-token.sh ${options}`;
  const store =
    repositories.length === 0
      ? ['Store it as the SENTRY_AUTH_TOKEN secret of your CI.']
      : [
          ...repositories.map((repository) => `gh secret set SENTRY_AUTH_TOKEN --repo ${repository}`),
          '(gh asks for the value: paste the token.)',
        ];
  return [
    'Sentry mints org auth tokens for browser sessions only, so this target does not; mint it in the cluster:',
    `  ${command}`,
    'It prints the token once (Sentry keeps only its hash) and does nothing when a token of that name exists.',
    ...store,
  ];
}
