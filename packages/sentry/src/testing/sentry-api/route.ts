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
  /** The user the bearer token belongs to; undefined for an org auth token (no user behind it). */
  userId?: string;
  /** The organization's feature flags, as our sentry.conf.py switches them on. */
  features: ReadonlySet<string>;
  variants: DoubleVariants;
}

/** Behaviours that differ between Sentry versions around 26.8; a test picks one, the default is 26.8's. */
export interface DoubleVariants {
  /**
   * How the alert-rule GETs read a metric alert back under `organizations:workflow-engine-rule-serializers`:
   * `in-progress` is WorkflowEngineDetectorSerializer as indexed (seconds, no dataset); `legacy-parity` is
   * what upstream's backport aims at, the legacy AlertRuleSerializer's shape (minutes, dataset, eventTypes,
   * thresholdType, and detectionType, which the legacy shape carries too).
   */
  detectorShape?: 'in-progress' | 'legacy-parity';
  /**
   * Under the workflow-engine serializers a project's issue-rule list holds every workflow of the project,
   * also those made for metric alerts, which have no legacy rule: they come with a fake id (the object id
   * plus 10**10, get_fake_id_from_object_id, getsentry/sentry index file id 4359617548) or, in earlier
   * serializers, `"id": None`, and no issue conditions. Default: not listed.
   */
  metricWorkflowsInRuleList?: 'fake-id' | 'null-id';
  /**
   * The legacy issue- and metric-alert routes: `served` (26.8: self-hosted skips deprecation brownouts,
   * src/sentry/api/helpers/deprecation.py), `brownout` (410, as sentry.io answers in a brownout window,
   * getsentry/cli#1182), `removed` (404, once upstream PR #121879 drops them). Default: served.
   */
  legacyAlertRoutes?: 'served' | 'brownout' | 'removed';
  /**
   * The double does not know which span queries Sentry's EAP resolver refuses: the events endpoint
   * answers every query with an empty result, or with this message as a 400 for a test.
   */
  spanQueryError?: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A list Sentry paginates (Link header with cursors). */
  paginate?: boolean;
}

/**
 * How the endpoint authenticates (its `authentication_classes`): `token` is Sentry's default list, which
 * takes `Authorization: Bearer` user and org auth tokens; `session` is SessionNoAuthTokenAuthentication,
 * which ignores any request carrying an Authorization header, so only a logged-in browser gets through.
 */
export type Authentication = 'token' | 'session';

export interface Route {
  method: HttpMethod;
  /** Path below /api/0 with `:name` segments, e.g. `/organizations/:org/teams/`. */
  pattern: string;
  /** Scopes the endpoint's permission class accepts for this method (any one suffices). */
  scopes: readonly string[];
  /** `token` unless said otherwise. */
  authentication?: Authentication;
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
