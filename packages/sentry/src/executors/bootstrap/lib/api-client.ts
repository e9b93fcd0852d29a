import { BootstrapError, responseError, unreachableError } from './errors';
import type { Scopes } from './scopes';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  /** The Link header, which carries the cursors of a paginated list. */
  link: string | null;
}

interface SendOptions {
  body?: unknown;
  query?: Record<string, string>;
  /** Statuses the caller handles itself (a 409 on create, Sentry's duplicate-rule 400) instead of failing. */
  tolerate?: readonly number[];
}

/** Encodes each interpolated value as one path segment, so no slug can change the shape of a path. */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce(
    (path, text, index) => path + text + (index < values.length ? encodeURIComponent(values[index]) : ''),
    '',
  );
}

/** The `next` cursor of Sentry's Link header, when it says more results lie there. */
function nextCursor(link: string | null): string | undefined {
  return /rel="next";\s*results="true";\s*cursor="([^"]+)"/.exec(link ?? '')?.[1];
}

/** JSON when the body is JSON; otherwise the start of the text (a proxy's HTML error page, say). */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200);
  }
}

/**
 * The Sentry web API under `<SENTRY_URL>/api/0` with a bearer token (getsentry/sentry
 * src/sentry/api/authentication.py UserAuthTokenAuthentication, commit 003cedb9), on Node's fetch. Every
 * failure becomes a BootstrapError that names the request; callers name the scopes an endpoint accepts so a
 * 403 can say which one the token lacks.
 */
export class SentryApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async send<T>(
    method: HttpMethod,
    path: string,
    acceptedScopes: Scopes,
    options: SendOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = new URL(`${this.baseUrl}/api/0${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const request = `${method} ${url.pathname}${url.search}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw unreachableError(this.baseUrl, `${method} ${url.href}`, error);
    }
    const body = parseBody(text) as T;
    if (response.ok || options.tolerate?.includes(response.status))
      return { status: response.status, body, link: response.headers.get('link') };
    throw responseError(request, response.status, body, acceptedScopes);
  }

  /** Every item of a list endpoint, following Sentry's cursors page by page. */
  async list<T>(path: string, acceptedScopes: Scopes, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const { body, link } = await this.send<unknown>('GET', path, acceptedScopes, {
        query: cursor ? { ...query, cursor } : query,
      });
      if (!Array.isArray(body))
        throw new BootstrapError(
          `GET /api/0${path} answered something other than a JSON list: is SENTRY_URL (${this.baseUrl}) ` +
            'the address of Sentry itself?',
        );
      items.push(...(body as T[]));
      if (cursor) seen.add(cursor);
      cursor = nextCursor(link);
    } while (cursor && !seen.has(cursor));
    return items;
  }

  async post<T>(path: string, acceptedScopes: Scopes, body: unknown, tolerate: readonly number[] = []) {
    return this.send<T>('POST', path, acceptedScopes, { body, tolerate });
  }

  async put<T>(path: string, acceptedScopes: Scopes, body: unknown): Promise<T> {
    return (await this.send<T>('PUT', path, acceptedScopes, { body })).body;
  }

  async delete(path: string, acceptedScopes: Scopes): Promise<void> {
    await this.send('DELETE', path, acceptedScopes);
  }
}
