/**
 * The one shape of every option error: the option as the user types it, the value they gave and
 * what was expected. Generators throw it from their validate step, before the first write.
 */
export class OptionError extends Error {
  constructor(option: string, value: unknown, expected: string) {
    super(`Invalid --${option} ${JSON.stringify(value)}: expected ${expected}.`);
    this.name = 'OptionError';
  }
}

/** Throws unless every listed option is a boolean or absent. */
export function assertBooleanOptions(options: object, names: readonly string[]): void {
  for (const name of names) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== 'boolean')
      throw new OptionError(name, value, 'true or false');
  }
}
