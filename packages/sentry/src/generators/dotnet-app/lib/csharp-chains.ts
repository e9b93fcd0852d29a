import type { SyntaxNode } from '../../../edit/csharp-syntax';
import { eolOf, insertAt, lineIndentAt, type TextEdit } from '../../../edit/text-edit';

/**
 * Fluent chains (`configuration.ReadFrom…WriteTo.Console()`, `WebHost.CreateDefaultBuilder(args)…`): a call is
 * added where the chain's own calls are, on a new line when they stand one per line.
 */

/** The identifier a chain of calls and member accesses starts from: `lc` in `lc.WriteTo.Console()`. */
export function chainRoot(expression: SyntaxNode): SyntaxNode {
  let node = expression;
  for (;;) {
    const next =
      node.type === 'invocation_expression'
        ? node.childForFieldName('function')
        : node.type === 'member_access_expression'
          ? node.childForFieldName('expression')
          : null;
    if (!next) return node;
    node = next;
  }
}

/**
 * `.call` right after `receiverEnd`. `layoutCall` is the chain call whose line decides the layout: when that
 * line starts with `.`, the chain stands one call per line, and the new call gets a line of its own.
 */
export function appendCallToChain(
  text: string,
  receiverEnd: number,
  layoutCall: SyntaxNode,
  call: string,
): TextEdit {
  const name = layoutCall.childForFieldName('function')?.childForFieldName('name');
  const lineStart = text.lastIndexOf('\n', (name ?? layoutCall).startIndex - 1) + 1;
  const onOwnLine = text.slice(lineStart).trimStart().startsWith('.');
  return insertAt(
    receiverEnd,
    onOwnLine ? `${eolOf(text)}${lineIndentAt(text, lineStart)}.${call}` : `.${call}`,
  );
}
