import { Document, parseAllDocuments } from 'yaml';

/**
 * Multi-document YAML (Kubernetes manifests) edited through `yaml` Documents, which keep comments. Only the
 * documents an edit changed are printed again; the others keep their exact text, and an edit that changes
 * nothing returns the input unchanged.
 */
export class YamlSyntaxError extends Error {}

/** Block sequences written flush with their key (`containers:\n- name: x`), as kubectl and many charts do. */
const sequencesFlushWithKey = (text: string): boolean => /^([ \t]*)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text);

export function editYamlDocuments(
  text: string,
  edit: (document: Document, index: number) => boolean,
): string {
  const parsed = parseAllDocuments(text);
  const documents = Array.isArray(parsed) ? parsed : [];
  const problem = documents.flatMap((document) => document.errors)[0];
  if (problem) throw new YamlSyntaxError(problem.message);
  const starts = documents.map((document, index) => (index === 0 ? 0 : document.range[0]));
  let changed = false;
  const pieces = documents.map((document, index) => {
    const original = text.slice(starts[index], starts[index + 1] ?? text.length);
    if (!edit(document, index)) return original;
    changed = true;
    return document.toString({ lineWidth: 0, indentSeq: !sequencesFlushWithKey(original) });
  });
  return changed ? pieces.join('') : text;
}
