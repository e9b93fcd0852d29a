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

/** What jsonc-parser formats inserted values with: the document's indentation and line ending. */
function formattingOf(body: string) {
  const unit = indentUnitOf(body);
  return { insertSpaces: unit !== '\t', tabSize: unit === '\t' ? 4 : unit.length, eol: eolOf(body) };
}

/**
 * Sets each property of `values` inside the object at `path` (created when missing), in the given order;
 * unchanged values leave the text untouched.
 */
export function setJsoncProperties(text: string, path: JSONPath, values: Record<string, unknown>): string {
  const { bom, body } = splitBom(text);
  assertObjectDocument(body);
  const formattingOptions = formattingOf(body);
  let edited = body;
  for (const [key, value] of Object.entries(values)) {
    if (JSON.stringify(readJsoncValue(edited, [...path, key])) === JSON.stringify(value)) continue;
    edited = applyEdits(edited, modify(edited, [...path, key], value, { formattingOptions }));
  }
  return bom + edited;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The document changed to hold `value` (undefined members count as absent), edit by edit: a changed value is
 * replaced where it stands, a new key goes after the object's keys, a removed one goes, an array that grows gains
 * its new elements at the end. The order of keys and the comments stay, and so does the layout of every line no
 * edit touches (jsonc-parser formats the lines of an edit in the document's indentation).
 */
export function updateJsoncDocument(text: string, value: Record<string, unknown>): string {
  const { bom, body } = splitBom(text);
  assertObjectDocument(body);
  const formattingOptions = formattingOf(body);
  let edited = body;
  const edit = (path: JSONPath, next: unknown, isArrayInsertion = false) => {
    edited = applyEdits(edited, modify(edited, path, next, { formattingOptions, isArrayInsertion }));
  };
  const update = (path: JSONPath, before: unknown, after: unknown): void => {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    if (isRecord(before) && isRecord(after)) {
      for (const key of Object.keys(before)) if (after[key] === undefined) edit([...path, key], undefined);
      for (const [key, item] of Object.entries(after))
        if (item !== undefined) update([...path, key], before[key], item);
      return;
    }
    if (Array.isArray(before) && Array.isArray(after) && after.length >= before.length) {
      before.forEach((item, index) => update([...path, index], item, after[index]));
      after
        .slice(before.length)
        .forEach((item, offset) => edit([...path, before.length + offset], item, true));
      return;
    }
    edit(path, after);
  };
  update([], parse(body, [], { allowTrailingComma: true }), value);
  return bom + edited;
}
