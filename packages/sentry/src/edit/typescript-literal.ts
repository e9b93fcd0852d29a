import { quoteString, type TypeScriptStyle } from './typescript-style';

/** JSON's look: two spaces, double quotes, a comma after every member. */
const jsonLike: TypeScriptStyle = { indent: '  ', quote: '"', trailingCommas: true };

/**
 * A value as TypeScript source, in a file's style: strings through JSON's escaping (a valid TS string literal for
 * any content), identifier-like keys bare, others quoted, RegExps as literals (`source` is escaped so that
 * `/source/flags` reads back as the same pattern: ECMA-262, EscapeRegExpPattern). For values from users that end
 * up in code; `indent` is the indentation of the line the value starts on.
 */
export function toTypeScriptLiteral(value: unknown, indent = '', style: TypeScriptStyle = jsonLike): string {
  if (typeof value === 'string') return quoteString(value, style.quote);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  const inner = `${indent}${style.indent}`;
  if (Array.isArray(value))
    return `[${value.map((item) => toTypeScriptLiteral(item, indent, style)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    const key = (name: string) =>
      /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quoteString(name, style.quote);
    const members = entries.map(
      ([name, item]) => `${inner}${key(name)}: ${toTypeScriptLiteral(item, inner, style)}`,
    );
    if (members.length === 0) return '{}';
    return `{\n${members.join(',\n')}${style.trailingCommas ? ',' : ''}\n${indent}}`;
  }
  throw new Error(`Cannot write ${typeof value} as TypeScript`);
}
