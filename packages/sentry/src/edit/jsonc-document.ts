import { applyEdits, modify, parse, parseTree, type JSONPath, type ParseError } from 'jsonc-parser';
import { eolOf, indentUnitOf, splitBom } from './text-edit';

/**
 * JSON with comments (appsettings.json and friends), edited through jsonc-parser: a property is changed or
 * appended in place, so comments, the order of keys and the file's formatting stay as they were.
 */

/** Thrown for a file that is not one JSON object; the caller names the file. */
export class JsoncSyntaxError extends Error {}

function assertObjectDocument(text: string): void {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || root?.type !== 'object')
    throw new JsoncSyntaxError(
      errors.length > 0
        ? `a JSON syntax error at offset ${errors[0].offset}`
        : 'the top level is not an object',
    );
}

/** The value at `path`, or undefined; throws JsoncSyntaxError unless the text is one JSON object. */
export function readJsoncValue(text: string, path: JSONPath): unknown {
  const { body } = splitBom(text);
  assertObjectDocument(body);
  let value: unknown = parse(body, [], { allowTrailingComma: true });
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/**
 * Sets each property of `values` inside the object at `path` (created when missing), in the given order;
 * unchanged values leave the text untouched.
 */
export function setJsoncProperties(text: string, path: JSONPath, values: Record<string, unknown>): string {
  const { bom, body } = splitBom(text);
  assertObjectDocument(body);
  const unit = indentUnitOf(body);
  const formattingOptions = {
    insertSpaces: unit !== '\t',
    tabSize: unit === '\t' ? 4 : unit.length,
    eol: eolOf(body),
  };
  let edited = body;
  for (const [key, value] of Object.entries(values)) {
    if (JSON.stringify(readJsoncValue(edited, [...path, key])) === JSON.stringify(value)) continue;
    edited = applyEdits(edited, modify(edited, [...path, key], value, { formattingOptions }));
  }
  return bom + edited;
}
