import { Document } from 'yaml';

/**
 * A YAML file with a leading comment. The `yaml` package does the quoting, so no value can change the
 * structure; the 1.1 schema quotes strings that YAML 1.1 readers (PyYAML in Sentry) would take for
 * booleans or numbers, such as `yes`, `on` or `12:30`.
 */
export function yamlFile(comment: string, content: unknown): string {
  const document = new Document(content, { version: '1.1' });
  document.commentBefore = comment
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  return document.toString({ lineWidth: 0 });
}
