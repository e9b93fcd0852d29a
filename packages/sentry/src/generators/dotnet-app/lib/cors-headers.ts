import { argumentExpressions, memberInvocations, type SyntaxNode } from '../../../edit/csharp-syntax';
import { insertAt, type TextEdit } from '../../../edit/text-edit';

/** What the browser SDK adds to requests its tracePropagationTargets match (W3C-style trace context). */
const traceHeaders = ['sentry-trace', 'baggage'];

/** A plain C# string literal's value ("…" without escapes worth decoding for header names). */
const literalValue = (node: SyntaxNode): string | undefined =>
  node.type === 'string_literal' ? node.text.slice(1, -1) : undefined;

/**
 * A CORS policy that names its allowed headers (`WithHeaders("Content-Type", …)`) makes the browser refuse
 * the preflight of every traced request to this API: the front end's SDK adds `sentry-trace` and `baggage`.
 * The missing ones are appended to each such call whose headers are all literals; `AllowAnyHeader()`
 * policies need nothing. Header names compare case-insensitively, as HTTP does.
 */
export function corsHeadersPlan(root: SyntaxNode): { edits: TextEdit[]; notes: string[] } {
  const edits: TextEdit[] = [];
  const notes: string[] = [];
  for (const call of memberInvocations(root, 'WithHeaders')) {
    const headers = argumentExpressions(call);
    if (headers.length === 0) continue;
    const values = headers.map(literalValue);
    if (values.some((value) => value === undefined)) {
      notes.push(
        `A CORS policy in Program.cs lists its headers in a way we do not edit (line ${call.startPosition.row + 1}): allow ${traceHeaders.join(' and ')} there, or traced requests from the front end fail their preflight.`,
      );
      continue;
    }
    const allowed = new Set(values.map((value) => value?.toLowerCase()));
    const missing = traceHeaders.filter((header) => !allowed.has(header));
    if (missing.length === 0) continue;
    edits.push(
      insertAt(
        headers[headers.length - 1].endIndex,
        missing.map((header) => `, ${JSON.stringify(header)}`).join(''),
      ),
    );
    notes.push(
      `The CORS policy at line ${call.startPosition.row + 1} of Program.cs now allows ${missing.join(' and ')}.`,
    );
  }
  return { edits, notes };
}
