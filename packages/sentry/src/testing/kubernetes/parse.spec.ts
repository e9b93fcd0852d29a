import { parseManifests } from './parse';

describe('parseManifests', () => {
  it('returns every document of a stream, skipping empty ones', () => {
    const text = [
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      'data: {PORT: "9000"}',
      '---',
      '# only a comment',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: b}',
    ].join('\n');
    expect(parseManifests(text)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { PORT: '9000' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b' } },
    ]);
  });

  it('keeps YAML types, so an unquoted number in ConfigMap data stays a number for the schema check', () => {
    const [configMap] = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {PORT: 9000}\n',
    );
    expect(configMap['data']).toEqual({ PORT: 9000 });
  });

  it('flattens kind: List', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n';
    expect(parseManifests(text)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }]);
  });

  it('throws on invalid YAML, naming the document', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: A\n---\nkey: [unclosed\n')).toThrow(/YAML document 2/);
  });

  it('throws on duplicate keys, which kubectl would resolve silently', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: A\nkind: B\n')).toThrow(/YAML document 1/);
  });

  it('throws on a document that is not a Kubernetes object', () => {
    expect(() => parseManifests('- just\n- a list\n')).toThrow(/not a Kubernetes object/);
    expect(() => parseManifests('kind: Deployment\n')).toThrow(/not a Kubernetes object/);
  });
});
