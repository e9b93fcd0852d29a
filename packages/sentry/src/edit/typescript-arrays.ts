import { Node, type ArrayLiteralExpression, type ObjectLiteralExpression } from 'ts-morph';
import { indentUnitOf, lineIndentAt } from './text-edit';

/**
 * Appends elements to an array literal, or members to an object literal, as text, so what the user wrote around
 * it stays: ts-morph's `addElement` rewrites the span after the last element and drops a comment on its own line
 * before `]`, and its `addPropertyAssignment` indents a multi-line value twice. A multi-line list gets one element
 * per line, indented like its last element, after that element's own line (and its same-line comment), keeping
 * the list's trailing-comma style; a one-line list stays on one line, but for an empty object given a member
 * that spans lines (an environment file's `{}`). An element spanning lines is written from column 0: its lines move in with it. Call it last in an edit: the text insertion makes ts-morph forget the
 * file's navigated nodes.
 */
export function appendListElements(
  list: ArrayLiteralExpression | ObjectLiteralExpression,
  elements: readonly string[],
): void {
  if (elements.length === 0) return;
  const file = list.getSourceFile();
  const text = file.getFullText();
  const close = list.getEnd() - 1;
  const last = (Node.isArrayLiteralExpression(list) ? list.getElements() : list.getProperties()).at(-1);
  const multiline = list.getText().includes('\n');

  const unit = indentUnitOf(text, '  ');
  if (
    !multiline &&
    !last &&
    Node.isObjectLiteralExpression(list) &&
    elements.some((element) => element.includes('\n'))
  ) {
    const indent = lineIndentAt(text, list.getStart());
    const inner = `${indent}${unit}`;
    const body = elements.map((element) => `\n${inner}${element.replace(/\n/g, `\n${inner}`)},`).join('');
    file.replaceText([list.getStart() + 1, close], `${body}\n${indent}`);
    return;
  }
  if (!multiline) {
    const at = last ? last.getEnd() : close;
    file.insertText(
      at,
      elements.map((element, index) => (last || index > 0 ? `, ${element}` : element)).join(''),
    );
    return;
  }
  const indent = last ? lineIndentAt(text, last.getStart()) : `${lineIndentAt(text, close)}${unit}`;
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
