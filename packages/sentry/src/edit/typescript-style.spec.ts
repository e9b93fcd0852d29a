import { Project } from 'ts-morph';
import { inStyle, quoteString, styleOf } from './typescript-style';

const fileOf = (text: string) =>
  new Project({ useInMemoryFileSystem: true }).createSourceFile('file.ts', text);

describe('TypeScript style', () => {
  it("reads a file's indentation, quotes and trailing commas", () => {
    expect(styleOf(fileOf("import { a } from 'a';\nconst x = {\n    b: 'c',\n};\n"))).toEqual({
      indent: '    ',
      quote: "'",
      trailingCommas: true,
    });
    expect(styleOf(fileOf('import { a } from "a";\nconst x = {\n\tb: "c"\n};\n'))).toEqual({
      indent: '\t',
      quote: '"',
      trailingCommas: false,
    });
    expect(styleOf(fileOf('export const environment = {};\n'))).toEqual({
      indent: '  ',
      quote: "'",
      trailingCommas: true,
    });
  });

  it('quotes any string so that it reads back the same', () => {
    for (const value of ["it's", 'say "hi"', 'back\\slash', 'line\nbreak'])
      for (const quote of ["'", '"'] as const)
        expect(new Function(`return ${quoteString(value, quote)};`)()).toBe(value);
    expect(quoteString(`it's "x"`, "'")).toBe(`'it\\'s "x"'`);
  });

  it("rewrites the generator's code in the file's indentation and quotes", () => {
    expect(
      inStyle("f({\n  a: 'b',\n  c: `d`,\n});", { indent: '\t', quote: '"', trailingCommas: true }),
    ).toBe('f({\n\ta: "b",\n\tc: `d`,\n});');
  });
});
