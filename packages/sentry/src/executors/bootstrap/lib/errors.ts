import { BootstrapError } from '../../../bootstrap-state/bootstrap-error';

export { BootstrapError };

/** Where the first token lives after setup.sh (the infra generator's install script). */
export const firstTokenHint =
  'setup.sh stored the first token: on the MicroK8s host `source /root/.sentry-credentials` (it sets SENTRY_URL ' +
  'and SENTRY_AUTH_TOKEN), or from a workstation ' +
  '`export SENTRY_AUTH_TOKEN="$(kubectl -n sentry get secret sentry-bootstrap-token -o jsonpath=\'{.data.token}\' | base64 -d)"`';

/** Keys whose messages concern the whole request rather than one field. */
const generalKeys = new Set(['detail', 'non_field_errors', 'nonFieldErrors', '__all__']);

/**
 * Sentry's error bodies, flattened to one line: DRF's `{ field: [messages] }`, `{ detail }` (a string,
 * a list, or an API exception's `{ code, message, extra }`) or a bare string.
 */
export function serverMessages(body: unknown): string {
  if (body === null || body === undefined || body === '') return 'no details';
  if (typeof body !== 'object') return String(body);
  if (Array.isArray(body)) return body.map(serverMessages).join('; ');
  if ('message' in body) return serverMessages(body.message);
  return Object.entries(body)
    .map(([key, value]) =>
      generalKeys.has(key) ? serverMessages(value) : `${key}: ${serverMessages(value)}`,
    )
    .join('; ');
}

/** The network error behind a failed fetch: Node puts the system error (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.message || cause?.code || (error as Error).message || String(error);
}

export function unreachableError(baseUrl: string, request: string, error: unknown): BootstrapError {
  return new BootstrapError(
    `Cannot reach Sentry at ${baseUrl} (${request}): ${networkReason(error)}. ` +
      'Check SENTRY_URL and that Sentry answers there.',
  );
}

/** The error for a status the caller did not expect, worded for what the user can change. */
export function responseError(
  request: string,
  status: number,
  body: unknown,
  acceptedScopes: readonly string[],
): BootstrapError {
  const details = serverMessages(body);
  if (status === 401)
    return new BootstrapError(
      `Sentry did not accept SENTRY_AUTH_TOKEN (401 on ${request}: ${details}). ` +
        `The token is wrong, revoked or expired; ${firstTokenHint}`,
    );
  if (status === 403)
    return new BootstrapError(
      `Sentry refused ${request} (403: ${details}): the token has none of the scopes this endpoint accepts — ` +
        `${acceptedScopes.join(', ')}. Use a user token with them; an org auth token (scope org:ci) only ` +
        'serves CI uploads.',
    );
  if (status === 400) return new BootstrapError(`Sentry rejected ${request} (400): ${details}`);
  return new BootstrapError(`Sentry answered ${status} to ${request}: ${details}`, status);
}
