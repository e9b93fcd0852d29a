import { parse } from 'yaml';
import { parseXmlElements, type XmlElement } from '../../edit/xml-located';

/**
 * Configuration files flattened to `path: value`, the form `UpstreamConfigFile.settings` keeps: specs diff the
 * rendered files against upstream's, and the sentry-release generator reads upstream's files into it.
 */

/** An XML config file as `path: text` and `path@attribute: value` below its root element. */
export function flattenXml(xml: string): Record<string, string> {
  const settings: Record<string, string> = {};
  const walk = (element: XmlElement, path: string) => {
    for (const [name, value] of Object.entries(element.attributes)) settings[`${path}@${name}`] = value;
    if (!element.children.length && !Object.keys(element.attributes).length) settings[path] = element.text;
    for (const child of element.children) walk(child, path ? `${path}/${child.name}` : child.name);
  };
  for (const child of parseXmlElements(xml).children) walk(child, child.name);
  return settings;
}

/** A `directive value` file (redis.conf) as `directive: value`. */
export const flattenDirectives = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]),
  );

/** A YAML file as `key/nested/0/key: value`; an empty mapping value (`http:`) is ''. */
export function flattenYaml(text: string): Record<string, string> {
  const settings: Record<string, string> = {};
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object')
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}/${key}` : key);
    else settings[path] = value === null ? '' : String(value);
  };
  walk(parse(text) ?? {}, '');
  return settings;
}
