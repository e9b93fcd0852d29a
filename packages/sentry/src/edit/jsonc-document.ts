import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parse,
  parseTree,
  type JSONPath,
  type ParseError,
} from 'jsonc-parser';
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
 * The text without the property at `path`, cut out with the separator on one side: up to the next property,
 * else from the end of the one before, else the whole inside of its object. jsonc-parser's own removal
 * either re-lays the lines around it (formatted) or leaves stray spaces (`{ }`, `{"b"`).
 */
function withoutProperty(text: string, path: JSONPath): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const property = root && findNodeAtLocation(root, path)?.parent;
  const object = property?.parent;
  if (!property || !object?.children) return text;
  const siblings = object.children;
  const index = siblings.indexOf(property);
  const [next, previous] = [siblings[index + 1], siblings[index - 1]];
  const [start, end] = next
    ? [property.offset, next.offset]
    : previous
      ? [previous.offset + previous.length, property.offset + property.length]
      : [object.offset + 1, object.offset + object.length - 1];
  return text.slice(0, start) + text.slice(end);
}

/**
 * Sets each property of `values` inside the object at `path` (created when missing), in the given order;
 * unchanged values leave the text untouched, and `undefined` removes the property.
 */
export function setJsoncProperties(text: string, path: JSONPath, values: Record<string, unknown>): string {
  const { bom, body } = splitBom(text);
  assertObjectDocument(body);
  const formattingOptions = formattingOf(body);
  let edited = body;
  for (const [key, value] of Object.entries(values)) {
    if (JSON.stringify(readJsoncValue(edited, [...path, key])) === JSON.stringify(value)) continue;
    edited =
      value === undefined
        ? withoutProperty(edited, [...path, key])
        : applyEdits(edited, modify(edited, [...path, key], value, { formattingOptions }));
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
