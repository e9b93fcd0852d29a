import { namedChildrenOf, type SyntaxNode } from './csharp-syntax';
import { eolOf, indentUnitOf, insertAt, lineIndentAt, type TextEdit } from './text-edit';

/**
 * Text edits of C# decided on tree-sitter nodes. New code is given as lines without indentation; it is
 * indented like its neighbours, with the file's own indentation unit and line ending.
 */

/** Indents every line of `lines` by `indent` and joins them with the file's line ending. */
const indented = (lines: readonly string[], indent: string, eol: string): string =>
  lines.map((line) => (line ? indent + line : line)).join(eol);

/** Lines of code written with four-space steps, re-indented with the unit the file uses. */
const inFileUnit = (lines: readonly string[], unit: string): string[] =>
  lines.map((line) => {
    const steps = Math.floor((/^ */.exec(line)?.[0].length ?? 0) / 4);
    return unit.repeat(steps) + line.trimStart();
  });

/** New statements on the lines after `statement`, at its indentation. */
export function insertStatementsAfter(
  text: string,
  statement: SyntaxNode,
  lines: readonly string[],
): TextEdit {
  const eol = eolOf(text);
  const code = inFileUnit(lines, indentUnitOf(text));
  return insertAt(statement.endIndex, eol + indented(code, lineIndentAt(text, statement.startIndex), eol));
}

/**
 * A statement at the end of a lambda's body. A block gets it before its closing brace; an expression body
 * becomes a block holding the expression as a statement, then the new one.
 */
export function appendStatementToLambda(
  text: string,
  lambda: SyntaxNode,
  lines: readonly string[],
): TextEdit {
  const body = lambda.childForFieldName('body');
  if (!body) throw new Error('A lambda without a body.');
  const eol = eolOf(text);
  const unit = indentUnitOf(text);
  const code = inFileUnit(lines, unit);
  if (body.type === 'block') {
    const statements = namedChildrenOf(body);
    const last = statements.at(-1);
    // A blank line that separates the new code from the statements before it would open an empty block (SA1505).
    if (!last) while (code[0] === '') code.shift();
    const indent = last ? lineIndentAt(text, last.startIndex) : lineIndentAt(text, body.startIndex) + unit;
    const closingBrace = body.endIndex - 1;
    const anchor = last ? last.endIndex : body.startIndex + 1;
    return {
      offset: anchor,
      length: last ? 0 : closingBrace - anchor,
      text: eol + indented(code, indent, eol) + (last ? '' : eol + lineIndentAt(text, body.startIndex)),
    };
  }
  const outer = lineIndentAt(text, lambda.startIndex);
  return {
    offset: body.startIndex,
    length: body.endIndex - body.startIndex,
    text: ['{', `${outer + unit}${body.text};`, indented(code, outer + unit, eol), `${outer}}`].join(eol),
  };
}

/**
 * StyleCop's order of using directives (SA1208, SA1210): System and its sub-namespaces first, then
 * alphabetically, case aside.
 */
const usingOrderKey = (namespace: string) =>
  `${namespace === 'System' || namespace.startsWith('System.') ? 0 : 1}${namespace.toLowerCase()}`;

const compareUsings = (a: string, b: string) => {
  const [left, right] = [usingOrderKey(a), usingOrderKey(b)];
  return left < right ? -1 : left > right ? 1 : 0;
};

const isPlainUsing = (directive: SyntaxNode) =>
  directive.type === 'using_directive' &&
  !directive.children.some((token) => ['static', '=', 'global'].includes(token?.type ?? ''));

/**
 * `using X;` for each namespace: in alphabetical place among the file's plain using directives (so an
 * ordered list stays ordered), after the last one when it sorts last, or at the file's top when it has none.
 */
export function addUsingDirectives(
  text: string,
  root: SyntaxNode,
  namespaces: readonly string[],
): TextEdit[] {
  if (namespaces.length === 0) return [];
  const eol = eolOf(text);
  const topLevel = namedChildrenOf(root);
  const plain = topLevel.filter(isPlainUsing);
  const lastUsing = plain.at(-1) ?? topLevel.filter((child) => child.type === 'using_directive').at(-1);
  const ordered = [...namespaces].sort(compareUsings);
  if (!lastUsing) {
    const firstCode = topLevel.find((child) => child.type !== 'comment');
    const directives = ordered.map((namespace) => `using ${namespace};`);
    return [insertAt(firstCode?.startIndex ?? 0, directives.join(eol) + eol + eol)];
  }
  return ordered.map((namespace) => {
    const next = plain.find(
      (directive) => compareUsings(namedChildrenOf(directive).at(-1)?.text ?? '', namespace) > 0,
    );
    return next
      ? insertAt(next.startIndex, `using ${namespace};${eol}`)
      : insertAt(lastUsing.endIndex, `${eol}using ${namespace};`);
  });
}
