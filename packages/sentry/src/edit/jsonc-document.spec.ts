import { JsoncSyntaxError, readJsoncValue, setJsoncProperties, updateJsoncDocument } from './jsonc-document';

describe('JSON with comments', () => {
  const text =
    '{\n  // logging\n  "Logging": { "Level": "Information" }, /* hosts */\n  "AllowedHosts": "*"\n}\n';

  it('adds a section at the end, keeping comments and the order of keys', () => {
    const edited = setJsoncProperties(text, ['Sentry'], { Dsn: '', TracesSampleRate: 0.1 });
    expect(edited).toBe(
      '{\n  // logging\n  "Logging": { "Level": "Information" }, /* hosts */\n  "AllowedHosts": "*",\n  "Sentry": {\n    "Dsn": "",\n    "TracesSampleRate": 0.1\n  }\n}\n',
    );
    expect(readJsoncValue(edited, ['Sentry', 'TracesSampleRate'])).toBe(0.1);
  });

  it('returns the same text when every value is there already', () => {
    const edited = setJsoncProperties(text, ['Sentry'], { Dsn: 'x' });
    expect(setJsoncProperties(edited, ['Sentry'], { Dsn: 'x' })).toBe(edited);
  });

  it('keeps a byte-order mark, CRLF and tabs', () => {
    const edited = setJsoncProperties('\uFEFF{\r\n\t"A": 1\r\n}\r\n', [], { B: 2 });
    expect(edited).toBe('\uFEFF{\r\n\t"A": 1,\r\n\t"B": 2\r\n}\r\n');
  });

  it('refuses text that is not one JSON object', () => {
    expect(() => setJsoncProperties('{ "A": ', [], { B: 1 })).toThrow(JsoncSyntaxError);
    expect(() => readJsoncValue('[1]', [])).toThrow('the top level is not an object');
  });

  it('removes a property without re-laying the lines around it', () => {
    const compact = '{\n   "Args": { "dsn": "x", "level": "Error" },\n   "Other": { "dsn": "y" }\n}\n';
    expect(setJsoncProperties(compact, ['Args'], { dsn: undefined })).toBe(
      '{\n   "Args": { "level": "Error" },\n   "Other": { "dsn": "y" }\n}\n',
    );
    expect(setJsoncProperties(compact, ['Other'], { dsn: undefined })).toBe(
      '{\n   "Args": { "dsn": "x", "level": "Error" },\n   "Other": {}\n}\n',
    );
  });

  it('updates a whole document edit by edit: key order and the lines no edit touches stay', () => {
    const project =
      '{\n  "b": 1,\n  "tags": ["x"],\n  "a": {\n    "gone": true,\n    "kept": 1\n  },\n  "list": [\n    "p"\n  ]\n}\n';
    const edited = updateJsoncDocument(project, {
      a: { kept: 1, added: 2 },
      list: ['p', 'q'],
      b: 1,
      tags: ['x'],
    });
    expect(edited).toBe(
      '{\n  "b": 1,\n  "tags": ["x"],\n  "a": {\n    "kept": 1,\n    "added": 2\n  },\n  "list": [\n    "p",\n    "q"\n  ]\n}\n',
    );
    expect(updateJsoncDocument(edited, JSON.parse(edited))).toBe(edited);
  });
});
