/**
 * A value as TypeScript source: strings through JSON's escaping (a valid TS string literal for any content),
 * identifier-like keys bare, others quoted, RegExps as literals (`source` is escaped so that `/source/flags` reads
 * back as the same pattern: ECMA-262, EscapeRegExpPattern). For values from users that end up in code.
 */
export function toTypeScriptLiteral(value: unknown, indent = ''): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[${value.map((item) => toTypeScriptLiteral(item, indent)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    const key = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name));
    return `{\n${entries.map(([name, item]) => `${inner}${key(name)}: ${toTypeScriptLiteral(item, inner)},`).join('\n')}\n${indent}}`;
  }
  throw new Error(`Cannot write ${typeof value} as TypeScript`);
}
