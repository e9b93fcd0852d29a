import { escapeMarkdown, markdownCode, markdownFence, upsertMarkedSection } from './markdown-section';

describe('Markdown a generator writes into a user’s document', () => {
  it('writes user text literally: escaped, or in code spans and fences longer than its backticks', () => {
    expect(escapeMarkdown('my_api *v2* [x](y)')).toBe('my\\_api \\*v2\\* \\[x\\]\\(y\\)');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`a')).toBe('`` `a ``');
    expect(markdownFence('yaml', 'a: "```"\n')).toBe('````yaml\na: "```"\n````');
  });

  it('appends its section once, rewrites it in place, keeps the rest and the line endings', () => {
    const user = '# api\r\n\r\nNotes.\r\n';
    const first = upsertMarkedSection(user, 'gen', 'one\n', '# ignored');
    expect(first).toBe('# api\r\n\r\nNotes.\r\n\r\n<!-- gen -->\r\n\r\none\r\n<!-- /gen -->\r\n');
    expect(upsertMarkedSection(first, 'gen', 'one\n', '# ignored')).toBe(first);
    const edited = `${first}\r\nMore notes.\r\n`;
    expect(upsertMarkedSection(edited, 'gen', 'two', '# ignored')).toBe(edited.replace('one', 'two'));
    expect(upsertMarkedSection(null, 'gen', 'one', '# api')).toBe(
      '# api\n\n<!-- gen -->\n\none\n<!-- /gen -->\n',
    );
  });
});
