import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { featureGroupsFor } from '../../stack/config/sentry-features';
import { seedRelease } from '../seed-stack-settings';
import { type Integration, SentryModel } from './model';
import { type DoubleVariants, HttpReply, type HttpMethod, type Reply, type Route } from './route';
import { alertRoutes } from './routes/alerts';
import { githubRoutes } from './routes/github';
import { organizationRoutes } from './routes/organizations';
import { projectRoutes } from './routes/projects';

export interface LoggedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/0/organizations/`. */
  path: string;
  query: string;
  status: number;
  body?: unknown;
}

export interface SentryApiDoubleOptions {
  /** Bearer tokens the double accepts, with their scopes. */
  tokens?: Record<string, readonly string[]>;
  /** Items per page of a list; Sentry's default is 100, a test sets 1 to exercise cursors. */
  pageSize?: number;
  /**
   * The organization's feature flags. Default: what our sentry.conf.py enables on the feature-complete
   * profile (`stack/config/sentry-features.ts`), so the double validates as the deployed server does.
   */
  features?: readonly string[];
  /** Which version's behaviour where versions around 26.8 differ (see DoubleVariants). */
  variants?: DoubleVariants;
}

/** The flags our sentry.conf.py switches on for a profile's organization. */
export const configuredFeatures = (profile: 'errors-only' | 'feature-complete'): string[] =>
  featureGroupsFor(seedRelease, profile).flatMap(({ flags }) => flags);

/**
 * The user every bearer token of the double belongs to: the superuser setup.sh creates (`sentry
 * createuser`), who owns the organization. Teams record their members by user id.
 */
export const adminUserId = '1';

export interface SentryApiDouble {
  /** Base URL as SENTRY_URL takes it, e.g. http://127.0.0.1:41234 (no /api/0). */
  url: string;
  model: SentryModel;
  /** Every request in order, with the status the double answered. */
  requests: LoggedRequest[];
  /** The requests that could change something: everything but GET. */
  writes(): LoggedRequest[];
  /** A user token of `userId` (default: the admin), or, with `userId: null`, an org auth token. */
  addToken(token: string, scopes: readonly string[], userId?: string | null): void;
  /** The flags the organization has; a test may change them between runs. */
  features: Set<string>;
  /** What installing the GitHub App from Sentry's UI leaves behind; never done by the API. */
  seedGithubIntegration(accountName: string): Integration;
  /** Runs before each request is routed: lets a test change the model mid-run, e.g. to race a create. */
  beforeRequest(hook: (method: string, path: string) => void): void;
  close(): Promise<void>;
}

const apiRoot = '/api/0';
/** The legacy alert routes a `legacyAlertRoutes` variant takes away. */
const legacyAlertRoute = /^\/api\/0\/(projects\/[^/]+\/[^/]+\/rules\/|organizations\/[^/]+\/alert-rules\/)/;

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, regex: new RegExp(`^${apiRoot}${source}$`), names };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf-8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new HttpReply(400, { detail: 'JSON parse error' });
  }
}

/** Sentry's Link header: one `previous` and one `next` cursor, each saying whether results lie there. */
function paginate(items: unknown[], url: URL, pageSize: number) {
  const page = Number((url.searchParams.get('cursor') ?? '').split(':')[1] ?? 0) || 0;
  const link = (rel: string, target: number, results: boolean) => {
    const cursor = `${pageSize}:${target}:${rel === 'previous' ? 1 : 0}`;
    const next = new URL(url);
    next.searchParams.set('cursor', cursor);
    return `<${next.href}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  const start = page * pageSize;
  return {
    body: items.slice(start, start + pageSize),
    link: [
      link('previous', page - 1, page > 0),
      link('next', page + 1, start + pageSize < items.length),
    ].join(', '),
  };
}

export async function startSentryApiDouble(options: SentryApiDoubleOptions = {}): Promise<SentryApiDouble> {
  const pageSize = options.pageSize ?? 100;
  const tokens = new Map<string, { scopes: readonly string[]; userId?: string }>(
    Object.entries(options.tokens ?? {}).map(([token, scopes]) => [token, { scopes, userId: adminUserId }]),
  );
  const features = new Set(options.features ?? configuredFeatures('feature-complete'));
  const model = new SentryModel();
  const requests: LoggedRequest[] = [];
  const hooks: Array<(method: string, path: string) => void> = [];
  // Org auth tokens created through the API authenticate too, with their fixed scope.
  const routes = [
    ...organizationRoutes((token) => tokens.set(token, { scopes: ['org:ci'] })),
    ...projectRoutes,
    ...alertRoutes,
    ...githubRoutes,
  ].map(compile);

  async function answer(request: IncomingMessage, url: URL): Promise<Reply & { link?: string }> {
    const method = (request.method ?? 'GET') as HttpMethod;
    for (const hook of hooks) hook(method, url.pathname);
    const legacyAlertRoutes = options.variants?.legacyAlertRoutes ?? 'served';
    if (legacyAlertRoutes !== 'served' && legacyAlertRoute.test(url.pathname))
      return legacyAlertRoutes === 'removed'
        ? { status: 404, body: { detail: 'Not found' } }
        : { status: 410, body: { detail: 'This API endpoint is deprecated and has been removed.' } };
    const candidates = routes.filter((route) => route.regex.test(url.pathname));
    if (candidates.length === 0) return { status: 404, body: { detail: 'Not found' } };
    const route = candidates.find((candidate) => candidate.method === method);
    if (!route) return { status: 405, body: { detail: `Method "${method}" not allowed.` } };

    // SessionNoAuthTokenAuthentication (src/sentry/api/authentication.py) returns None for any request
    // with an Authorization header, and the double has no browser sessions: DRF then raises
    // NotAuthenticated, which it answers with 403, not 401, because SessionAuthentication sends no
    // WWW-Authenticate header (rest_framework/views.py handle_exception); Sentry's own tests of these
    // endpoints (test_deny_token_access) expect 403.
    if (route.authentication === 'session')
      return { status: 403, body: { detail: 'Authentication credentials were not provided.' } };

    // Bearer tokens; 401 without or with an unknown one, 403 when no accepted scope is granted.
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token)
      return { status: 401, body: { detail: 'Authentication credentials were not provided.' } };
    const caller = tokens.get(token);
    if (!caller) return { status: 401, body: { detail: 'Invalid token' } };
    if (!route.scopes.some((scope) => caller.scopes.includes(scope)))
      return { status: 403, body: { detail: 'You do not have permission to perform this action.' } };

    const values = route.regex.exec(url.pathname)?.slice(1) ?? [];
    const params = Object.fromEntries(
      route.names.map((name, index) => [name, decodeURIComponent(values[index])]),
    );
    const body = method === 'GET' || method === 'DELETE' ? {} : await readJson(request);
    const reply = route.handle({
      params,
      query: url.searchParams,
      body,
      host: request.headers.host ?? '',
      model,
      userId: caller.userId,
      features,
      variants: options.variants ?? {},
    });
    if (!reply.paginate || !Array.isArray(reply.body)) return reply;
    const { body: pageBody, link } = paginate(reply.body, url, pageSize);
    return { status: reply.status, body: pageBody, link };
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    let reply: Reply & { link?: string };
    try {
      reply = await answer(request, url);
    } catch (error) {
      reply =
        error instanceof HttpReply
          ? { status: error.status, body: error.body }
          : { status: 500, body: { detail: String(error) } };
    }
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: reply.status,
      body: reply.body,
    });
    const headers: Record<string, string> = reply.link ? { Link: reply.link } : {};
    if (reply.body === undefined) {
      response.writeHead(reply.status, headers).end();
      return;
    }
    response
      .writeHead(reply.status, { ...headers, 'Content-Type': 'application/json' })
      .end(JSON.stringify(reply.body));
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    model,
    requests,
    writes: () => requests.filter(({ method }) => method !== 'GET'),
    addToken: (token, scopes, userId = adminUserId) =>
      void tokens.set(token, { scopes, userId: userId ?? undefined }),
    features,
    seedGithubIntegration: (accountName) => {
      const integration = { id: model.nextId(), name: accountName, providerKey: 'github' };
      model.integrations.push(integration);
      return integration;
    },
    beforeRequest: (hook) => void hooks.push(hook),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
