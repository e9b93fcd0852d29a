import { isMap, isSeq } from 'yaml';
import { editYamlDocuments, YamlSyntaxError } from './yaml-documents';

describe('YAML documents', () => {
  const text = [
    '# first',
    'kind: A',
    'items:',
    '- x   # flush with its key',
    '---',
    'kind: B',
    'spaced:   [ 1,2 ]   # left as written',
    '',
  ].join('\n');

  it('returns the input when the edit changes nothing', () => {
    expect(editYamlDocuments(text, () => false)).toBe(text);
  });

  it('prints only the documents an edit changed, in their sequence style', () => {
    const edited = editYamlDocuments(text, (document, index) => {
      if (index !== 0) return false;
      const items = document.get('items', true);
      if (isSeq(items)) items.add('y');
      return true;
    });
    expect(edited).toBe(
      [
        '# first',
        'kind: A',
        'items:',
        '- x # flush with its key',
        '- y',
        '---',
        'kind: B',
        'spaced:   [ 1,2 ]   # left as written',
        '',
      ].join('\n'),
    );
  });

  it('refuses YAML that does not parse', () => {
    expect(() => editYamlDocuments('a: [1,\n', (document) => isMap(document.contents))).toThrow(
      YamlSyntaxError,
    );
  });
});
