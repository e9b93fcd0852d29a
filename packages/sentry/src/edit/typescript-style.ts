import { SyntaxKind, ts, type SourceFile } from 'ts-morph';
import { applyTextEdits, indentUnitOf, reindent } from './text-edit';

/** How a TypeScript file is written, so that what a generator inserts reads like the rest of it. */
export interface TypeScriptStyle {
  /** One level of indentation: a tab or spaces. */
  indent: string;
  quote: "'" | '"';
  /** Multi-line object and array literals end with a comma. */
  trailingCommas: boolean;
}

/**
 * The style of a file: its indentation unit (two spaces when nothing is indented: the Angular CLI's
 * .editorconfig and Prettier's default), the quote most of its string literals use (single on a tie, as the
 * Angular CLI writes), and whether most multi-line literals end with a comma (yes when there are none).
 */
export function styleOf(file: SourceFile): TypeScriptStyle {
  const quotes = file.getDescendantsOfKind(SyntaxKind.StringLiteral).map((literal) => literal.getText()[0]);
  const double = quotes.filter((quote) => quote === '"').length;
  const multiline = [
    ...file.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression).map((object) => object.getProperties()),
    ...file.getDescendantsOfKind(SyntaxKind.ArrayLiteralExpression).map((array) => array.getElements()),
  ].filter((items) => items.length > 0 && items[0].getParentOrThrow().getText().includes('\n'));
  const withComma = multiline.filter(
    (items) => items.at(-1)?.getNextSibling()?.getKind() === SyntaxKind.CommaToken,
  );
  return {
    indent: indentUnitOf(file.getFullText(), '  '),
    quote: double > quotes.length - double ? '"' : "'",
    trailingCommas: withComma.length * 2 >= multiline.length,
  };
}

/** A string as a TypeScript literal in the given quote (JSON's escaping, the other quote left bare). */
export function quoteString(value: string, quote: TypeScriptStyle['quote']): string {
  const json = JSON.stringify(value);
  if (quote === '"') return json;
  const body = json
    .slice(1, -1)
    .replace(/\\.|'/g, (token) => (token === '\\"' ? '"' : token === "'" ? "\\'" : token));
  return `'${body}'`;
}

/** Code the generator writes (two spaces, single quotes) in the file's indentation and quotes. */
export function inStyle(code: string, style: TypeScriptStyle): string {
  const indented = reindent(code, style.indent);
  if (style.quote === "'") return indented;
  const snippet = ts.createSourceFile('snippet.ts', indented, ts.ScriptTarget.Latest, true);
  const edits: { offset: number; length: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node))
      edits.push({
        offset: node.getStart(snippet),
        length: node.getWidth(snippet),
        text: quoteString(node.text, style.quote),
      });
    node.forEachChild(visit);
  };
  visit(snippet);
  return applyTextEdits(indented, edits);
}
