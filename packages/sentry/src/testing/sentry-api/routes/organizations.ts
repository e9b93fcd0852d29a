import { randomBytes } from 'node:crypto';
import type { OrgAuthToken } from '../model';
import { fieldError, HttpReply, list, ok, type Route, type RouteContext } from '../route';
import { permission } from '../scopes';

/** Sentry's slug rule (SentrySlugField): lower-case letters, digits, `_` and `-`, not all digits. */
export const slugPattern = /^(?![0-9]+$)[a-z0-9_-]{1,50}$/;
export const slugMessage =
  'Enter a valid slug consisting of lowercase letters, numbers, underscores or hyphens. It cannot be entirely numeric.';

const serializeToken = ({ id, name, token, dateCreated }: OrgAuthToken) => ({
  id,
  name,
  scopes: ['org:ci'],
  tokenLastCharacters: token.slice(-4),
  dateCreated,
  dateLastUsed: null,
  projectLastUsedId: null,
});

/** An org token embeds the org slug and the instance URL; its exact encoding is Sentry's business. */
function newOrgToken(orgSlug: string, host: string): string {
  const payload = Buffer.from(JSON.stringify({ org: orgSlug, url: `http://${host}` })).toString('base64url');
  return `sntrys_${payload}_${randomBytes(24).toString('base64url')}`;
}

export const organizationRoutes = (registerToken: (token: string) => void): Route[] => [
  // The organizations the token's user belongs to — on self-hosted, the one organization. Models
  // getsentry/sentry src/sentry/core/endpoints/organization_index.py (bearer tokens).
  {
    method: 'GET',
    pattern: '/organizations/',
    scopes: permission.organization.GET,
    handle: ({ model }) => list([{ ...model.organization }]),
  },
  // Models getsentry/sentry src/sentry/core/endpoints/organization_details.py (bearer tokens,
  // OrganizationPermission).
  // "rename via PUT /api/0/organizations/sentry/ {name, slug}" — the single-organization way to get a
  // custom slug; afterwards the old slug answers 404.
  {
    method: 'GET',
    pattern: '/organizations/:org/',
    scopes: permission.organization.GET,
    // DetailedOrganizationSerializer lists the organization's flags without the `organizations:` prefix
    // (only those registered with api_expose=True; the double lists all it has).
    handle: ({ model, params, features }) =>
      ok({
        ...model.organizationBySlug(params['org']),
        features: [...features]
          .filter((flag) => flag.startsWith('organizations:'))
          .map((flag) => flag.slice('organizations:'.length)),
      }),
  },
  {
    method: 'PUT',
    pattern: '/organizations/:org/',
    scopes: permission.organization.PUT,
    handle: ({ model, params, body }) => {
      const organization = model.organizationBySlug(params['org']);
      if (body['slug'] !== undefined && (typeof body['slug'] !== 'string' || !slugPattern.test(body['slug'])))
        fieldError('slug', slugMessage);
      if (body['name'] !== undefined && (typeof body['name'] !== 'string' || body['name'].length === 0))
        fieldError('name', 'This field may not be blank.');
      if (typeof body['slug'] === 'string') organization.slug = body['slug'];
      if (typeof body['name'] === 'string') organization.name = body['name'];
      return ok({ ...organization });
    },
  },
  // Org auth tokens for CI. Models getsentry/sentry src/sentry/api/endpoints/organization_auth_tokens.py
  // (OrganizationAuthTokensEndpoint; body and messages as indexed at
  // fdac79a69e8ddbdc98eaa5057d69139b615ebe97) with authentication_classes =
  // (SessionNoAuthTokenAuthentication,), which getsentry/sentry PR #99457 ("deny actions over org auth tokens
  // by personal token", opened 2025-09-15 and merged, so in 26.8.0) added to the org auth token endpoints, as
  // on organization_auth_token_details.py: any bearer token is refused with 403, so a script cannot mint a CI
  // token through the API. The double keeps the handlers to say so.
  {
    method: 'GET',
    pattern: '/organizations/:org/org-auth-tokens/',
    scopes: permission.orgAuthTokens.GET,
    authentication: 'session',
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      return ok(model.orgAuthTokens.map(serializeToken));
    },
  },
  // Scope fixed to org:ci; the token is in the 201 response and nowhere else, ever.
  {
    method: 'POST',
    pattern: '/organizations/:org/org-auth-tokens/',
    scopes: permission.orgAuthTokens.POST,
    authentication: 'session',
    handle: ({ model, params, body, host }: RouteContext) => {
      const organization = model.organizationBySlug(params['org']);
      if (typeof body['name'] !== 'string' || body['name'].trim() === '')
        throw new HttpReply(400, { detail: ['The name cannot be blank.'] });
      const token = {
        id: model.nextId(),
        name: body['name'],
        token: newOrgToken(organization.slug, host),
        dateCreated: new Date().toISOString(),
      };
      model.orgAuthTokens.push(token);
      registerToken(token.token);
      return ok({ ...serializeToken(token), token: token.token }, 201);
    },
  },
];
