/**
 * Edits of source text by offsets: parsers decide where, these splice, so every byte outside an edit stays
 * as the user wrote it (formatting, comments, line endings).
 */

/** Replaces `length` characters at `offset` (UTF-16 units, as JavaScript strings count) by `text`. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

export const insertAt = (offset: number, text: string): TextEdit => ({ offset, length: 0, text });

/** Applies edits made against the same text; insertions at one offset keep their order. Overlaps throw. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.offset - b.edit.offset || a.index - b.index);
  let result = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.offset < cursor) throw new Error(`Overlapping text edits at offset ${edit.offset}.`);
    result += text.slice(cursor, edit.offset) + edit.text;
    cursor = edit.offset + edit.length;
  }
  return result + text.slice(cursor);
}

/** The file's line ending, so inserted lines match it (Visual Studio writes CRLF). */
export const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

/** The whitespace in front of the line that holds `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** Where the line that holds `offset` ends: before its line break (CR LF included), or at the end of the text. */
export function lineEndAt(text: string, offset: number): number {
  const lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) return text.length;
  return text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

/**
 * One level of indentation as the file uses it: a tab, or the smallest run of leading spaces (`fallback` when
 * nothing is indented). The ` * ` lines of block comments are left out: they sit one space in.
 */
export function indentUnitOf(text: string, fallback = '    '): string {
  const indents = text
    .split('\n')
    .map((line) => /^[ \t]+(?=[^\s*])/.exec(line)?.[0])
    .filter((indent): indent is string => !!indent);
  if (indents.some((indent) => indent.startsWith('\t'))) return '\t';
  const smallest = Math.min(...indents.map((indent) => indent.length));
  return Number.isFinite(smallest) ? ' '.repeat(smallest) : fallback;
}

/** Code written with two-space indentation, in `unit` instead (the spaces past whole levels are kept). */
export function reindent(code: string, unit: string): string {
  if (unit === '  ') return code;
  return code.replace(/^((?: {2})+)/gm, (spaces: string) => unit.repeat(spaces.length / 2));
}

/** The byte-order mark some Windows tools write, kept aside so parsers see plain text and writers put it back. */
export function splitBom(text: string): { bom: string; body: string } {
  return text.startsWith('\uFEFF') ? { bom: '\uFEFF', body: text.slice(1) } : { bom: '', body: text };
}
