import { logger } from '@nx/devkit';

/** The frames of a V8 stack trace, without its first line (which repeats the error's name and message). */
function framesOf(error: Error): string {
  const at = error.stack?.indexOf('\n    at ') ?? -1;
  return at < 0 ? '' : (error.stack?.slice(at) ?? '');
}

/**
 * How an executor reports the error that failed it: the one-line message, which says what to do; under
 * `--verbose` (Nx sets ExecutorContext.isVerbose, nrwl/nx packages/nx/src/config/misc-interfaces.ts@22.7.12)
 * the stack trace after it, to find where an unexpected error came from.
 */
export function logExecutorFailure(error: unknown, isVerbose: boolean, prefix = ''): void {
  const message = error instanceof Error ? error.message : String(error);
  const frames = isVerbose && error instanceof Error ? framesOf(error) : '';
  logger.error(`${prefix}${message}${frames}`);
}
