import type { SentryModel } from './model';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `{}` when the request had none. */
  body: Record<string, unknown>;
  /** `Host` of the request: the double builds DSNs from it the way Sentry builds them from its URL prefix. */
  host: string;
  model: SentryModel;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A list Sentry paginates (Link header with cursors). */
  paginate?: boolean;
}

export interface Route {
  method: HttpMethod;
  /** Path below /api/0 with `:name` segments, e.g. `/organizations/:org/teams/`. */
  pattern: string;
  /** Scopes the endpoint's permission class accepts for this method (any one suffices). */
  scopes: readonly string[];
  handle(context: RouteContext): Reply;
}

/** Thrown inside a handler to answer with a status and body, like DRF's exceptions. */
export class HttpReply extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export const notFound = (): never => {
  throw new HttpReply(404, { detail: 'The requested resource does not exist' });
};

/** A DRF field error: `{ field: [message] }` with status 400. */
export const fieldError = (field: string, message: string): never => {
  throw new HttpReply(400, { [field]: [message] });
};

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const list = (body: unknown[]): Reply => ({ status: 200, body, paginate: true });
