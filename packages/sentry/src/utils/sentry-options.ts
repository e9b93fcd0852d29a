import { OptionError } from './option-error';
import { requireString } from './validators';

/**
 * Checks of the Sentry values the app generators write into TypeScript, JSON, project files and scripts.
 * Like the other validators, a value that passes holds no quote, space, `$` or other metacharacter.
 */

const hostName = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*';
/** https://<32 hex public key>@<host>[:port][/path]/<project id>; http for a local or plain-HTTP instance. */
const dsnPattern = new RegExp(
  `^https?://[0-9a-f]{32}@${hostName}(:[1-9][0-9]{0,4})?(/[A-Za-z0-9._-]+)*/[1-9][0-9]*$`,
);

export function assertDsn(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!dsnPattern.test(text))
    throw new OptionError(
      option,
      value,
      'a Sentry DSN https://<public key>@<host>/<project id>, e.g. https://0123456789abcdef0123456789abcdef@sentry.example.com/1',
    );
  return text;
}

/** A share of events, transactions, replays or profiles. */
export function assertSampleRate(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1)
    throw new OptionError(option, value, 'a number from 0 to 1');
  return value;
}

/** What Sentry accepts as an environment name, minus characters that need quoting anywhere. */
export function assertEnvironment(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(text) || text.toLowerCase() === 'none')
    throw new OptionError(option, value, 'an environment name such as production (letters, digits, . _ -)');
  return text;
}

/**
 * Sentry's slug rules (getsentry/sentry 26.8.0 src/sentry/slug/patterns.py): MIXED_SLUG_PATTERN for teams and
 * projects (lower case, digits, "_" and "-", not only digits); ORG_SLUG_PATTERN for organizations (no "_",
 * no "-" at either end). Both at most 50 characters here, the length of the slug columns.
 */
export const sentrySlugPatterns = {
  // A first character other than "-" or "_": slugs reach sentry-cli's argv, where "-x" reads as an option.
  mixed: /^(?![0-9]+$)[a-z0-9][a-z0-9_-]{0,49}$/,
  organization: /^(?![0-9]+$)(?=.{1,50}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
};

export function assertSentrySlug(
  option: string,
  value: unknown,
  example: string,
  kind: keyof typeof sentrySlugPatterns = 'mixed',
): string {
  const text = requireString(option, value);
  if (!sentrySlugPatterns[kind].test(text))
    throw new OptionError(
      option,
      value,
      kind === 'organization'
        ? `${example} (lower-case letters, digits and "-" inside, at most 50)`
        : `${example} (lower-case letters, digits, "_" and "-", at most 50, not only digits)`,
    );
  return text;
}

/**
 * A name made a slug both patterns accept: lower case, every other run of characters one "-", at most 50;
 * `fallback` when nothing (or only digits) is left.
 */
export function slugOf(name: string, fallback: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 50)
    .replace(/^-+|-+$/g, '');
  return slug && !/^[0-9]+$/.test(slug) ? slug : fallback;
}

/** A Sentry project slug, the key of the DSN file. */
export function assertProjectSlug(option: string, value: unknown): string {
  return assertSentrySlug(option, value, 'a Sentry project slug such as dotnet-backend');
}
