import { Project, SyntaxKind } from 'ts-morph';
import { appendListElements } from './typescript-arrays';

/** Appends to the first array literal of the source and returns the file's text. */
function append(source: string, elements: string[]): string {
  const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('config.ts', source);
  appendListElements(file.getFirstDescendantByKindOrThrow(SyntaxKind.ArrayLiteralExpression), elements);
  return file.getFullText();
}

describe('appendListElements', () => {
  it('keeps a comment on its own line before the closing bracket', () => {
    expect(append('const providers = [\n  a(),\n  b(),\n  /* more later */\n];\n', ['c()'])).toBe(
      'const providers = [\n  a(),\n  b(),\n  c(),\n  /* more later */\n];\n',
    );
  });

  it("keeps a comment after the last element on that element's line", () => {
    expect(append('const providers = [\n  a(), // the first\n];\n', ['b()', 'c()'])).toBe(
      'const providers = [\n  a(), // the first\n  b(),\n  c(),\n];\n',
    );
  });

  it('adds the comma the last element lacks and follows the list without a trailing one', () => {
    expect(append('const providers = [\n    a() // why a\n];\n', ['b()'])).toBe(
      'const providers = [\n    a(), // why a\n    b()\n];\n',
    );
  });

  it('keeps a one-line array on one line, comments included', () => {
    expect(append('const providers = [a() /* inline */];\n', ['b()'])).toBe(
      'const providers = [a(), b() /* inline */];\n',
    );
  });

  it('indents a multi-line element like its neighbours', () => {
    expect(append('x = [\n    a(),\n];\n', ['f(() => {\n  g();\n})'])).toBe(
      'x = [\n    a(),\n    f(() => {\n      g();\n    }),\n];\n',
    );
  });

  it('fills an empty array, keeping a comment inside it', () => {
    expect(append('const providers = [];\n', ['a()'])).toBe('const providers = [a()];\n');
    expect(append('const providers = [\n  // none yet\n];\n', ['a()'])).toBe(
      'const providers = [\n  // none yet\n  a(),\n];\n',
    );
  });

  it('appends members to an object literal the same way, and opens an empty one for a member spanning lines', () => {
    const object = (source: string, members: string[]) => {
      const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('env.ts', source);
      appendListElements(file.getFirstDescendantByKindOrThrow(SyntaxKind.ObjectLiteralExpression), members);
      return file.getFullText();
    };
    expect(object('x = {\n    a: 1\n};\n', ['b: {\n    c: 2\n}'])).toBe(
      'x = {\n    a: 1,\n    b: {\n        c: 2\n    }\n};\n',
    );
    expect(object('x = {};\n', ['b: {\n  c: 2,\n}'])).toBe('x = {\n  b: {\n    c: 2,\n  },\n};\n');
  });
});
