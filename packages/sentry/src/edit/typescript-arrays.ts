import type { ArrayLiteralExpression } from 'ts-morph';

/** The spaces or tabs a line starts with, for the line that holds `position`. */
function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/**
 * Appends elements to an array literal as text, so what the user wrote around it stays: ts-morph's
 * `addElement` rewrites the span after the last element and drops a comment on its own line before `]`.
 * A multi-line array gets one element per line, indented like its last element, after that element's own
 * line (and its same-line comment), keeping the array's trailing-comma style; a one-line array stays on one
 * line. Call it last in an edit: the text insertion makes ts-morph forget the file's navigated nodes.
 */
export function appendArrayElements(array: ArrayLiteralExpression, elements: readonly string[]): void {
  if (elements.length === 0) return;
  const file = array.getSourceFile();
  const text = file.getFullText();
  const close = array.getEnd() - 1;
  const last = array.getElements().at(-1);
  const multiline = array.getText().includes('\n');

  if (!multiline) {
    const at = last ? last.getEnd() : close;
    file.insertText(
      at,
      elements.map((element, index) => (last || index > 0 ? `, ${element}` : element)).join(''),
    );
    return;
  }
  const indent = last ? indentationAt(text, last.getStart()) : `${indentationAt(text, close)}  `;
  const lines = (trailingComma: boolean) =>
    elements
      .map((element) => `\n${indent}${element.replace(/\n/g, `\n${indent}`)}`)
      .join(',')
      .concat(trailingComma ? ',' : '');
  if (!last) {
    file.insertText(text.lastIndexOf('\n', close), lines(true));
    return;
  }
  const lastEnd = last.getEnd();
  const tail = text.slice(lastEnd, close);
  const trailingComma = tail.trimStart().startsWith(',');
  const lineEnd = tail.indexOf('\n');
  const at = lastEnd + (lineEnd < 0 ? tail.length : lineEnd);
  // The later position first, so the earlier one still points where it did.
  file.insertText(at, lines(trailingComma));
  if (!trailingComma) file.insertText(lastEnd, ',');
}
