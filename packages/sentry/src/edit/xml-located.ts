import { SaxesParser } from 'saxes';
import { eolOf, indentUnitOf, lineIndentAt, type TextEdit } from './text-edit';

/**
 * MSBuild XML (.csproj, Directory.Packages.props) as a tree of elements that know where they sit in the
 * text. Decisions are made on the tree, edits are spliced into the text: a DOM serializer would rewrite
 * untouched markup (`<X />` → `<X/>`, quotes, entities), and project files are read by people in diffs.
 */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  /** Direct character content, entities decoded and trimmed: the value of an MSBuild property. */
  text: string;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the start tag's `>` (after `/>` when self-closing). */
  openEnd: number;
  /** Offset of `</`, equal to `openEnd` for a self-closing element. */
  closeStart: number;
  /** Offset just after the element. */
  end: number;
  children: XmlElement[];
}

export class XmlSyntaxError extends Error {}

type Building = XmlElement & { rawText: string };

/** Parses the document; throws XmlSyntaxError for text that is not well-formed XML. */
export function parseXmlElements(text: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  const open: Building[] = [];
  let root: Building | undefined;
  let tagStart = 0;
  parser.on('opentagstart', (tag) => {
    tagStart = text.lastIndexOf(`<${tag.name}`, parser.position);
  });
  parser.on('opentag', (tag) => {
    const element: Building = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      text: '',
      rawText: '',
      start: tagStart,
      openEnd: parser.position,
      closeStart: parser.position,
      end: parser.position,
      children: [],
    };
    open.at(-1)?.children.push(element);
    root ??= element;
    open.push(element);
  });
  parser.on('text', (content) => {
    const current = open.at(-1);
    if (current) current.rawText += content;
  });
  parser.on('closetag', (tag) => {
    const element = open.pop() as Building;
    element.end = parser.position;
    element.closeStart = tag.isSelfClosing ? element.end : text.lastIndexOf('</', parser.position - 1);
    element.text = element.rawText.trim();
  });
  try {
    parser.write(text).close();
  } catch (error) {
    throw new XmlSyntaxError((error as Error).message);
  }
  if (!root) throw new XmlSyntaxError('no root element');
  return root;
}

/** Every element of that name below `element`, in document order. */
export function descendantElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...descendantElements(child, name),
  ]);
}

/** Where an attribute's value sits inside the start tag, for replacing it. */
export function attributeValueRange(
  text: string,
  element: XmlElement,
  attribute: string,
): { offset: number; length: number } | undefined {
  const tag = text.slice(element.start, element.openEnd);
  let index = 1 + element.name.length;
  while (index < tag.length) {
    const nameMatch = /^\s*([^\s=/>]+)\s*=\s*(["'])/.exec(tag.slice(index));
    if (!nameMatch) return undefined;
    const valueStart = index + nameMatch[0].length;
    const valueEnd = tag.indexOf(nameMatch[2], valueStart);
    if (nameMatch[1] === attribute)
      return { offset: element.start + valueStart, length: valueEnd - valueStart };
    index = valueEnd + 1;
  }
  return undefined;
}

/** The text of an attribute value as XML wants it inside double quotes. */
export const escapeXmlAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * New markup after the last child of `parent` (inside it when it has none), one element per line at the
 * children's indentation; nested lines are written with two-space steps and re-indented with the file's
 * unit. A leading empty line is kept as a blank separator, as project files separate groups.
 */
export function appendToElement(text: string, parent: XmlElement, lines: readonly string[]): TextEdit {
  const eol = eolOf(text);
  const unit = indentUnitOf(text);
  const last = parent.children.at(-1);
  const indent = last ? lineIndentAt(text, last.start) : lineIndentAt(text, parent.start) + unit;
  const markup = lines
    .map((line) => {
      const steps = Math.floor((/^ */.exec(line)?.[0].length ?? 0) / 2);
      return line ? indent + unit.repeat(steps) + line.trimStart() : '';
    })
    .join(eol);
  if (last) return { offset: last.end, length: 0, text: eol + markup };
  const inside = text.slice(parent.openEnd, parent.closeStart);
  return /^\s*$/.test(inside)
    ? {
        offset: parent.openEnd,
        length: inside.length,
        text: eol + markup + eol + lineIndentAt(text, parent.start),
      }
    : { offset: parent.closeStart, length: 0, text: markup + eol + lineIndentAt(text, parent.start) };
}

/**
 * Takes an element out with the lines it stands on (when nothing else shares them), and one of the blank lines
 * around it when there is one on each side, so the groups around keep a single blank line between them.
 */
export function removeElement(text: string, element: XmlElement): TextEdit {
  const lineStart = text.lastIndexOf('\n', element.start - 1) + 1;
  const lineEnd = text.indexOf('\n', element.end);
  const ownsLines =
    /^[ \t]*$/.test(text.slice(lineStart, element.start)) &&
    /^[ \t\r]*$/.test(text.slice(element.end, lineEnd < 0 ? text.length : lineEnd));
  if (!ownsLines) return { offset: element.start, length: element.end - element.start, text: '' };
  const end = lineEnd < 0 ? text.length : lineEnd + 1;
  const blankBefore = /\n[ \t]*\r?\n$/.test(text.slice(0, lineStart));
  const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(end));
  const extra = blankBefore && blankAfter ? blankAfter[0].length : 0;
  return { offset: lineStart, length: end + extra - lineStart, text: '' };
}
