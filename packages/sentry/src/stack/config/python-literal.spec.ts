import { execFileSync } from 'node:child_process';
import { PythonCode, toPythonLiteral, type PythonValue } from './python-literal';

/** Evaluates each literal with Python's `ast.literal_eval` and returns the values as JSON would carry them. */
function literalEval(literals: string[]): unknown[] {
  const script = [
    'import ast, json, sys',
    'print(json.dumps([ast.literal_eval(literal) for literal in json.load(sys.stdin)]))',
  ].join('\n');
  return JSON.parse(
    execFileSync('python3', ['-c', script], { input: JSON.stringify(literals), encoding: 'utf-8' }),
  );
}

describe('toPythonLiteral', () => {
  const hostileStrings = [
    '',
    'plain',
    'double " quote',
    "single ' quote",
    '"""triple""" and \'\'\'triple\'\'\'',
    'back\\slash \\n not a newline \\',
    'new\nline, carriage\rreturn, tab\t, nul\0, bell\x07',
    '$(rm -rf /) `id` ${HOME} %(name)s {0}',
    '"); import os; os.system("id"); ("',
    'ünïcödé 中文 🚀 \u2028 \u2029 \ufeff',
    'lone surrogate \ud800',
  ];

  it('writes strings that Python reads back unchanged', () => {
    expect(literalEval(hostileStrings.map((value) => toPythonLiteral(value)))).toEqual(hostileStrings);
  });

  it('writes numbers, booleans, None, lists and dicts that Python reads back unchanged', () => {
    const values: PythonValue[] = [
      0,
      -5,
      50000000,
      0.3,
      true,
      false,
      null,
      [],
      {},
      ['a', 1, [true, null]],
      { 'key "with" quotes': { nested: ['x\ny'] }, 'system.url-prefix': 'https://example.com' },
    ];
    expect(literalEval(values.map((value) => toPythonLiteral(value)))).toEqual(values);
  });

  it('writes Map keys as Python keys of their own type', () => {
    const script = 'import ast, sys; print(repr(ast.literal_eval(sys.stdin.read())))';
    const literal = toPythonLiteral(
      new Map<string | number, PythonValue>([
        [0, { host: 'redis' }],
        ['one', 1],
      ]),
    );
    expect(execFileSync('python3', ['-c', script], { input: literal, encoding: 'utf-8' }).trim()).toBe(
      "{0: {'host': 'redis'}, 'one': 1}",
    );
  });

  it('copies PythonCode verbatim, also inside containers', () => {
    const read = new PythonCode('os.environ["SENTRY_SYSTEM_SECRET_KEY"]');
    expect(toPythonLiteral({ key: read })).toBe('{\n    "key": os.environ["SENTRY_SYSTEM_SECRET_KEY"],\n}');
  });

  it('indents nested containers one level per depth, with trailing commas', () => {
    expect(toPythonLiteral({ a: [1, { b: 'c' }] })).toBe(
      [
        '{',
        '    "a": [',
        '        1,',
        '        {',
        '            "b": "c",',
        '        },',
        '    ],',
        '}',
      ].join('\n'),
    );
  });

  it('refuses numbers Python has no literal for', () => {
    expect(() => toPythonLiteral(Number.NaN)).toThrow('no literal');
    expect(() => toPythonLiteral(Number.POSITIVE_INFINITY)).toThrow('no literal');
  });
});
