/** Just enough XML for ClickHouse's config files: elements, escaped text and attributes, comments. */

export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: readonly XmlNode[];
}

export type XmlNode = XmlElement | { text: string } | { comment: string };

export const element = (
  name: string,
  attributes: Readonly<Record<string, string>> = {},
  ...children: XmlNode[]
): XmlElement => ({ name, attributes, children });

export const text = (value: string | number): XmlNode => ({ text: String(value) });

export function comment(value: string): XmlNode {
  if (value.includes('--')) throw new Error('an XML comment cannot contain "--"');
  return { comment: value };
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A whole document: declaration, then the root element indented by two spaces per level. */
export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderNode(root, '')}\n`;
}

function renderNode(node: XmlNode, indent: string): string {
  if ('text' in node) return indent + escapeXml(node.text);
  if ('comment' in node) return `${indent}<!-- ${node.comment} -->`;
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  const [only] = node.children;
  if (!only) return `${open}/>`;
  if (node.children.length === 1 && 'text' in only) return `${open}>${escapeXml(only.text)}</${node.name}>`;
  const children = node.children.map((child) => renderNode(child, `${indent}  `)).join('\n');
  return `${open}>\n${children}\n${indent}</${node.name}>`;
}
