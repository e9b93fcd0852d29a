/**
 * A failure the user can act on. The executor prints its message alone — no stack trace — and exits
 * non-zero; every message says what failed and what to do next.
 */
export class BootstrapError extends Error {
  /** The HTTP status behind it, when Sentry answered one the caller did not expect. */
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BootstrapError';
  }
}
