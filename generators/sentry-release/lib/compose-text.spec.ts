import { interpolate, parseDotEnv, shellWords } from './compose-text';

describe("compose's reading of values", () => {
  const env = { SET: 'value', EMPTY: '' };

  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${UNSET}', ''],
    ['$$SET', '$SET'],
  ])('interpolates %s as %s', (text, expected) => expect(interpolate(text, env)).toBe(expected));

  it('reads .env assignments, skipping comments and removing one level of quotes', () => {
    expect(parseDotEnv('# A=1\nA=1\nB="two words"\n  C=\'x\'\nnot an assignment\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x',
    });
  });

  it('splits a command string as a shell does', () => {
    expect(shellWords(`run  consumer --flag="a b" 'c "d"' e\\ f`)).toEqual([
      'run',
      'consumer',
      '--flag=a b',
      'c "d"',
      'e f',
    ]);
    expect(shellWords('"0 0 * * * gosu sentry sentry cleanup --days 90"')).toEqual([
      '0 0 * * * gosu sentry sentry cleanup --days 90',
    ]);
    expect(() => shellWords('"open')).toThrow(/unterminated/);
  });
});
