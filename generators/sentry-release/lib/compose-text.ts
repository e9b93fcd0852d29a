/**
 * Compose's reading of values (docker/compose-spec interpolation.md and the .env file format): `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `$VAR` and `$$`, and commands given as one string split like a shell.
 */

/** KEY=VALUE lines of an .env file; comments and blank lines skipped, one level of quotes removed. */
export function parseDotEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/** The value compose passes after interpolation with `env`; an unset variable without a default is ''. */
export function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, operator?: string, fallback?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const set = env[name];
      if (operator === ':-') return set ? set : (fallback ?? '');
      if (operator === '-') return set ?? fallback ?? '';
      return set ?? '';
    },
  );
}

/** A command string as a POSIX shell splits it into words (quotes group, backslash escapes outside '…'). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < command.length; index++) {
    const char = command[index];
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && /["\\$`]/.test(command[index + 1] ?? ''))
        word = (word ?? '') + command[++index];
      else word = (word ?? '') + char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === '\\') word = (word ?? '') + (command[++index] ?? '');
    else word = (word ?? '') + char;
  }
  if (quote) throw new Error(`unterminated ${quote} in ${JSON.stringify(command)}`);
  if (word !== undefined) words.push(word);
  return words;
}
