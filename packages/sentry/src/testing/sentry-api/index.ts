/**
 * An in-memory stand-in for the Sentry web API endpoints the bootstrap executor calls, written from the
 * server's source (each route names the getsentry/sentry file it models; see README.md). Typical use:
 *
 *   const sentry = await startSentryApiDouble({ tokens: { [token]: bootstrapTokenScopes } });
 *   process.env.SENTRY_URL = sentry.url;
 *   … run the executor …
 *   expect(sentry.writes()).toEqual([]);
 *   await sentry.close();
 */
export { type Integration, SentryModel } from './model';
export {
  type LoggedRequest,
  type SentryApiDouble,
  type SentryApiDoubleOptions,
  startSentryApiDouble,
} from './server';

/** The scopes of the first user token setup.sh creates through the ORM. */
export const bootstrapTokenScopes = [
  'org:admin',
  'team:admin',
  'project:admin',
  'project:releases',
  'member:admin',
  'event:admin',
  'alerts:write',
] as const;
