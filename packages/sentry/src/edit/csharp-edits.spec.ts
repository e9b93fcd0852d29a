import { addUsingDirectives, appendStatementToLambda, insertStatementsAfter } from './csharp-edits';
import { descendantsOfType, readCSharp, syntaxProblems } from './csharp-syntax';
import { applyTextEdits } from './text-edit';

/** Applies an edit decided on the parsed text and checks the result still parses. */
async function edited(text: string, decide: Parameters<typeof readCSharp>[1]): Promise<string> {
  const edits = await readCSharp(text, decide);
  const result = applyTextEdits(text, Array.isArray(edits) ? edits : [edits]);
  expect(await readCSharp(result, syntaxProblems)).toEqual([]);
  return result;
}

const firstLambda = (text: string, lines: string[]) =>
  edited(text, (root) =>
    appendStatementToLambda(text, descendantsOfType(root, 'lambda_expression')[0], lines),
  );

describe('C# edits', () => {
  it('appends a statement to a block-bodied lambda at the indentation of its statements', async () => {
    expect(await firstLambda('Run(o =>\n{\n    o.A = 1;\n});\n', ['o.B();'])).toBe(
      'Run(o =>\n{\n    o.A = 1;\n    o.B();\n});\n',
    );
  });

  it('fills an empty block one level in', async () => {
    expect(await firstLambda('    Run(o =>\n    {\n    });\n', ['o.B();'])).toBe(
      '    Run(o =>\n    {\n        o.B();\n    });\n',
    );
  });

  it('turns an expression body into a block holding it', async () => {
    expect(await firstLambda('Run(o => o.A = 1);\n', ['o.B();'])).toBe(
      'Run(o => {\n    o.A = 1;\n    o.B();\n});\n',
    );
  });

  it('inserts statements after one, at its indentation, with the file’s unit and line ending', async () => {
    const text = 'class C\r\n{\r\n\tvoid M()\r\n\t{\r\n\t\tvar x = 1;\r\n\t}\r\n}\r\n';
    expect(
      await edited(text, (root) =>
        insertStatementsAfter(text, descendantsOfType(root, 'local_declaration_statement')[0], [
          'if (x > 0)',
          '    x--;',
        ]),
      ),
    ).toBe(
      'class C\r\n{\r\n\tvoid M()\r\n\t{\r\n\t\tvar x = 1;\r\n\t\tif (x > 0)\r\n\t\t\tx--;\r\n\t}\r\n}\r\n',
    );
  });

  it('adds using directives after the last one, or above the first code', async () => {
    const withUsings = 'using A;\nusing B;\n\nFoo();\n';
    expect(await edited(withUsings, (root) => addUsingDirectives(withUsings, root, ['Sentry']))).toBe(
      'using A;\nusing B;\nusing Sentry;\n\nFoo();\n',
    );
    const withoutUsings = '// header\nFoo();\n';
    expect(
      await edited(withoutUsings, (root) => addUsingDirectives(withoutUsings, root, ['Sentry', 'X'])),
    ).toBe('// header\nusing Sentry;\nusing X;\n\nFoo();\n');
  });

  it('puts a using directive in alphabetical place, System first, so StyleCop SA1208/SA1210 still pass (#18 item 10)', async () => {
    const text = 'using System;\nusing Serilog;\nusing static Foo.Bar;\n\nFoo();\n';
    expect(
      await edited(text, (root) =>
        addUsingDirectives(text, root, ['Sentry', 'Microsoft.AspNetCore.Hosting', 'System.Net']),
      ),
    ).toBe(
      'using System;\nusing System.Net;\nusing Microsoft.AspNetCore.Hosting;\nusing Sentry;\nusing Serilog;\nusing static Foo.Bar;\n\nFoo();\n',
    );
  });

  it('opens an empty block without a blank line, even when the new code starts with one (SA1505)', async () => {
    expect(await firstLambda('Run(o =>\n{\n});\n', ['', '// why', 'o.B();'])).toBe(
      'Run(o =>\n{\n    // why\n    o.B();\n});\n',
    );
  });
});
