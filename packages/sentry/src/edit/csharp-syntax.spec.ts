import { LANGUAGE_VERSION, MIN_COMPATIBLE_VERSION } from 'web-tree-sitter';
import {
  argumentExpressions,
  descendantsOfType,
  lambdaParameterNames,
  loadCSharpLanguage,
  memberInvocations,
  readCSharp,
  syntaxProblems,
  usingNamespaces,
} from './csharp-syntax';

describe('C# syntax through tree-sitter', () => {
  it('loads a grammar whose ABI the web-tree-sitter runtime supports', async () => {
    const language = await loadCSharpLanguage();
    expect(language.abiVersion).toBeGreaterThanOrEqual(MIN_COMPATIBLE_VERSION);
    expect(language.abiVersion).toBeLessThanOrEqual(LANGUAGE_VERSION);
  });

  it('finds no problem in valid code, and ERROR and MISSING nodes in broken code', async () => {
    expect(await readCSharp('var x = new List<int> { 1 };\nrecord R(int A);\n', syntaxProblems)).toEqual([]);
    expect(await readCSharp('class C { void M() { var x = 1 } }', syntaxProblems)).toEqual([
      '1:31 MISSING ;',
    ]);
    expect((await readCSharp('class { void }', syntaxProblems)).length).toBeGreaterThan(0);
  });

  it('gives offsets in UTF-16 units, as JavaScript strings count', async () => {
    const text = 'var s = "😀";\nvar b = 1;';
    const offset = await readCSharp(
      text,
      (root) => descendantsOfType(root, 'variable_declarator')[1].startIndex,
    );
    expect(text.slice(offset)).toBe('b = 1;');
  });

  it('reads calls, lambda parameters, arguments and using directives', async () => {
    const text = [
      'using Serilog;',
      'using static System.Math;',
      'using Alias = System.Text;',
      'global using System.Linq;',
      'host.UseSerilog((context, services, configuration) => configuration.WriteTo.Console());',
      'web.UseSentry(o => o.Debug = true);',
      'sink.Sentry(dsn: "x", 3);',
    ].join('\n');
    expect(
      await readCSharp(text, (root) => ({
        usings: usingNamespaces(root),
        serilog: lambdaParameterNames(argumentExpressions(memberInvocations(root, 'UseSerilog')[0])[0]),
        sentry: lambdaParameterNames(argumentExpressions(memberInvocations(root, 'UseSentry')[0])[0]),
        sink: argumentExpressions(memberInvocations(root, 'Sentry')[0]).map((argument) => argument.text),
      })),
    ).toEqual({
      usings: ['Serilog', 'System.Linq'],
      serilog: ['context', 'services', 'configuration'],
      sentry: ['o'],
      sink: ['"x"', '3'],
    });
  });
});
