import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** Unix-socket directory, usable as PGHOST. */
  host: string;
  port: number;
  psql(sql: string): string;
  stop(): void;
}

/** The newest Debian PostgreSQL installation's bin folder (package `postgresql`). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length)
    throw new Error(
      'PostgreSQL is not installed: apt-get install -y postgresql (.ci/run installs it for CI).',
    );
  return join(root, versions[0], 'bin');
}

/**
 * Starts a throwaway PostgreSQL server (a real one, Debian's) on a Unix socket in a temp folder, running as
 * the `postgres` system user because the server refuses root. Trust authentication: only this machine's
 * tests reach the socket.
 */
export function startPostgres(port: number): PostgresServer {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'fundamental-pg-'));
  const data = join(dir, 'data');
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(dir, uid, gid);
  const asPostgres = (program: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], {
      stdio: 'pipe',
    }).toString();
  asPostgres('initdb', ['--pgdata', data, '--auth', 'trust', '--username', 'postgres', '--no-sync']);
  asPostgres('pg_ctl', [
    '--pgdata',
    data,
    '--wait',
    '--log',
    join(dir, 'server.log'),
    '--options',
    `-k ${dir} -p ${port} -c listen_addresses=''`,
    'start',
  ]);
  return {
    host: dir,
    port,
    psql: (sql) =>
      execFileSync('psql', [
        '--host',
        dir,
        '--port',
        String(port),
        '--username',
        'postgres',
        '--dbname',
        'postgres',
        '--tuples-only',
        '--no-align',
        '--quiet',
        '--command',
        sql,
      ])
        .toString()
        .trim(),
    stop: () => {
      asPostgres('pg_ctl', ['--pgdata', data, '--wait', '--mode', 'fast', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
