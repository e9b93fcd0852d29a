import { OptionError } from './option-error';
import { dnsSubdomain, requireString } from './validators';

/**
 * Checks of the Sentry values the app generators write into TypeScript, JSON, project files and scripts.
 * Like the other validators, a value that passes holds no quote, space, `$` or other metacharacter.
 */

/** https://<32 hex public key>@<host>[:port][/path]/<project id>; http for a local or plain-HTTP instance. */
const dsnPattern = new RegExp(
  `^https?://[0-9a-f]{32}@${dnsSubdomain}(:[1-9][0-9]{0,4})?(/[A-Za-z0-9._-]+)*/[1-9][0-9]*$`,
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

/**
 * A tracePropagationTargets entry: an http(s) URL prefix or a path, without the quotes, spaces and backslashes
 * that would break out of the TypeScript string it is written into.
 */
export function assertTracePropagationTarget(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[^\s'"`\\]*)?$/.test(text) && !/^\/[^\s'"`\\]*$/.test(text))
    throw new OptionError(option, value, 'URLs or paths such as https://api.example.com or /api');
  return text;
}

/** A share of events, transactions, replays or profiles. */
export function assertSampleRate(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1)
    throw new OptionError(option, value, 'a number from 0 to 1');
  return value;
}

/**
 * An environment name. Sentry takes at most 64 characters without line break, form feed or "/"
 * (getsentry/sentry src/sentry/constants.py@26.8.0 ENVIRONMENT_NAME_PATTERN and ENVIRONMENT_NAME_MAX_LENGTH,
 * applied by Environment.is_valid_name in src/sentry/models/environment.py@26.8.0). Narrower here on purpose:
 * the name also lands unquoted in a workflow's concurrency group and `if:`, in YAML, TypeScript and
 * appsettings.json, so letters, digits, ".", "_" and "-" only, from a letter or digit; and never "none", which
 * Sentry's API reads in a URL path as the empty environment (Environment.get_name_from_path_segment).
 */
const environmentPattern = /^(?!none$)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const isEnvironmentName = (text: string): boolean => environmentPattern.test(text);

export function assertEnvironment(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!environmentPattern.test(text))
    throw new OptionError(
      option,
      value,
      'an environment name such as production: letters, digits, ".", "_" and "-" from a letter or digit, at most 64 characters, not "none"',
    );
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
