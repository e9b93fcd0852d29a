import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ignoreDsnFile, readDsnFile, writeDsnFile } from './dsn-file';

describe('DSN file', () => {
  let root: string;
  const dsnPath = () => join(root, '.sentry', 'dsn.json');
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'sentry-dsn-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('gives the app generators a project’s DSN, or undefined before bootstrap ran', () => {
    expect(readDsnFile(root, 'dotnet-backend')).toBeUndefined();
    writeDsnFile(dsnPath(), { 'dotnet-backend': 'https://key@sentry.example.com/2' });
    expect(readDsnFile(root, 'dotnet-backend')).toBe('https://key@sentry.example.com/2');
    expect(readDsnFile(root, 'angular-frontend')).toBeUndefined();
  });

  it('keeps entries of other projects and does not rewrite an unchanged file', () => {
    writeDsnFile(dsnPath(), { legacy: 'https://a@sentry.example.com/9' });
    expect(writeDsnFile(dsnPath(), { api: 'https://b@sentry.example.com/2' })).toBe(true);
    expect(JSON.parse(readFileSync(dsnPath(), 'utf-8'))).toEqual({
      legacy: 'https://a@sentry.example.com/9',
      api: 'https://b@sentry.example.com/2',
    });
    expect(writeDsnFile(dsnPath(), { api: 'https://b@sentry.example.com/2' })).toBe(false);
  });

  it('refuses a file that is not a JSON object, naming it', () => {
    mkdirSync(join(root, '.sentry'));
    writeFileSync(dsnPath(), '["not", "an", "object"]');
    expect(() => readDsnFile(root, 'api')).toThrow(`${dsnPath()} is not a JSON object of project slug → DSN`);
  });

  it('adds the file to .gitignore once, after the existing lines', () => {
    writeFileSync(join(root, '.gitignore'), 'node_modules');
    expect(ignoreDsnFile(root, dsnPath())).toBe('/.sentry/dsn.json');
    expect(ignoreDsnFile(root, dsnPath())).toBeUndefined();
    expect(readFileSync(join(root, '.gitignore'), 'utf-8')).toBe(
      'node_modules\n# Sentry DSNs of this machine, written by the bootstrap target\n/.sentry/dsn.json\n',
    );
  });

  it.each(['.sentry', '/.sentry/', '.sentry/dsn.json'])(
    'leaves .gitignore alone when "%s" covers the file',
    (line) => {
      writeFileSync(join(root, '.gitignore'), `dist\n${line}\n`);
      expect(ignoreDsnFile(root, dsnPath())).toBeUndefined();
    },
  );
});
