import { eolOf } from './text-edit';

/** Text as literal Markdown: every ASCII punctuation character that could start markup is backslash-escaped. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');

/** The longest run of backticks in the text: a code span or fence around it needs one more. */
const longestBacktickRun = (text: string): number =>
  Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));

/** Text as a Markdown code span, whatever backticks it holds (commonmark/commonmark-spec 0.31.2 spec.txt, "Code spans"). */
export function markdownCode(text: string): string {
  const ticks = '`'.repeat(longestBacktickRun(text) + 1);
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${padding}${text}${padding}${ticks}`;
}

/** A fenced code block of that language, its fence longer than any backtick run in the code. */
export function markdownFence(language: string, code: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  return `${fence}${language}\n${code.endsWith('\n') ? code : `${code}\n`}${fence}`;
}

/**
 * The document with a section a generator owns, between `<!-- id -->` and `<!-- /id -->` lines: replaced in
 * place when the markers are there (the rest of the file is the user's and keeps every byte), else appended
 * after a blank line; a missing document starts with `heading`. Written in the file's line endings.
 */
export function upsertMarkedSection(
  document: string | null,
  id: string,
  body: string,
  heading: string,
): string {
  const text = document ?? `${heading}\n`;
  const eol = eolOf(text);
  const open = `<!-- ${id} -->`;
  const close = `<!-- /${id} -->`;
  // The blank line after the marker is where prettier puts one, so formatting the file keeps the section.
  const section = [open, '', body.trimEnd(), close].join('\n').replace(/\n/g, eol);
  const lines = text.split(eol);
  const start = lines.indexOf(open);
  const end = lines.indexOf(close, start + 1);
  if (start >= 0 && end > start)
    return [...lines.slice(0, start), section, ...lines.slice(end + 1)].join(eol);
  const kept = text.replace(/(\r?\n)*$/, '');
  return `${kept}${kept ? eol + eol : ''}${section}${eol}`;
}
