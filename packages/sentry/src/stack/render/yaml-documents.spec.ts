import { parseAllDocuments } from 'yaml';
import { toYamlDocuments } from './yaml-documents';

describe('toYamlDocuments', () => {
  it('writes shared objects out in full, without anchors', () => {
    const labels = { app: 'web' };
    const text = toYamlDocuments([{ metadata: { labels }, spec: { template: { metadata: { labels } } } }]);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(parseAllDocuments(text)[0].toJS().spec.template.metadata.labels).toEqual(labels);
  });

  it('separates documents and quotes what YAML would misread', () => {
    const text = toYamlDocuments([{ value: 'yes' }, { value: '1.0', hostile: 'a: b\n- c' }]);
    expect(text).toContain('value: "yes"');
    expect(parseAllDocuments(text, { version: '1.1' }).map((document) => document.toJS())).toEqual([
      { value: 'yes' },
      { value: '1.0', hostile: 'a: b\n- c' },
    ]);
  });
});
