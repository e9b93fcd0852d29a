/**
 * Python source written by this package itself — an environment read, a comprehension — never a user
 * value. It is the one thing `toPythonLiteral` copies verbatim.
 */
export class PythonCode {
  constructor(readonly source: string) {}
}

/** A value `toPythonLiteral` can write: plain objects become dicts with str keys, Maps allow int keys. */
export type PythonValue =
  | string
  | number
  | boolean
  | null
  | PythonCode
  | readonly PythonValue[]
  | ReadonlyMap<string | number, PythonValue>
  | { readonly [key: string]: PythonValue };

const indentUnit = '    ';

/**
 * Writes a value as Python source that evaluates to it. Strings use JSON string escaping, which is valid
 * Python `str` syntax (`\"`, `\\`, `\n`, `\uXXXX`), so no user value can end the literal early. Dicts and
 * lists are written one entry per line with trailing commas, indented for a top-level assignment.
 */
export function toPythonLiteral(value: PythonValue): string {
  return write(value, 0);
}

function write(value: PythonValue, depth: number): string {
  if (value instanceof PythonCode) return value.source;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Python has no literal for ${value}`);
    return String(value);
  }
  if (isList(value)) {
    return block(
      '[',
      ']',
      depth,
      value.map((item) => write(item, depth + 1)),
    );
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return block(
    '{',
    '}',
    depth,
    entries.map(([key, item]) => `${write(key, depth)}: ${write(item, depth + 1)}`),
  );
}

function isList(value: PythonValue): value is readonly PythonValue[] {
  return Array.isArray(value);
}

function block(open: string, close: string, depth: number, items: string[]): string {
  if (items.length === 0) return open + close;
  const inner = indentUnit.repeat(depth + 1);
  return `${open}\n${items.map((item) => `${inner}${item},\n`).join('')}${indentUnit.repeat(depth)}${close}`;
}
