import { OptionError } from '../../../utils/option-error';
import { requireString } from '../../../utils/validators';

/**
 * The charsets below are strict on purpose: a branch lands in `if:` expressions, in branch filters (where
 * `*`, `?`, `[` and `!` are patterns) and, through nrwl/nx-set-shas, in a shell line; an environment in a
 * Sentry deploy, a concurrency group, an image tag and a values file's path. A value that passes needs no
 * quoting anywhere.
 */
const branchPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;
const environmentPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const isBranch = (text: string): boolean =>
  // git check-ref-format's rules that the charset alone does not cover.
  branchPattern.test(text) && !/\.\.|\/\/|\/\.|[/.]$|\.lock$/.test(text);

export const isEnvironment = (text: string): boolean => environmentPattern.test(text);

export function assertBranch(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!isBranch(text))
    throw new OptionError(option, value, 'a git branch name of letters, digits, ".", "_", "-" and "/"');
  return text;
}

export function assertEnvironment(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!isEnvironment(text))
    throw new OptionError(option, value, 'letters, digits, ".", "_" and "-", at most 64 characters');
  return text;
}
