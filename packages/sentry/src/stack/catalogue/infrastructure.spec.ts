import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mebibytes } from '../../generators/infra/lib/sizing';
import { seedRelease, seedStackSettings } from '../../testing/seed-stack-settings';
import { releases } from '../releases';
import { infrastructureComponents } from './infrastructure';

const components = infrastructureComponents(seedStackSettings, seedRelease);
const component = (name: string) => {
  const found = components.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

describe('ClickHouse memory', () => {
  it("may use what upstream gives it: MAX_MEMORY_USAGE_RATIO of upstream's reference host", () => {
    const { upstream } = releases['26.8.0'];
    const upstreamBytes =
      Number(upstream.services.byName.clickhouse.environment.MAX_MEMORY_USAGE_RATIO) *
      upstream.hostMemory.recommendedGb *
      1e9;
    const clickhouse = component('clickhouse');
    // ClickHouse takes the ratio of its cgroup limit, not of the host.
    const ourBytes =
      Number(clickhouse.env?.MAX_MEMORY_USAGE_RATIO) *
      mebibytes(clickhouse.resources.limits.memory) *
      2 ** 20;
    expect(Math.abs(ourBytes - upstreamBytes) / upstreamBytes).toBeLessThan(0.05);
  });
});

describe('SeaweedFS', () => {
  it('creates the index directory before `weed mini` uses it (upstream mkdir -p /data/idx/)', () => {
    const work = mkdtempSync(join(tmpdir(), 'seaweedfs-'));
    try {
      // A stand-in `weed` that fails unless the -volume.dir.idx directory exists when it starts.
      const bin = join(work, 'bin');
      const data = join(work, 'data');
      spawnSync('mkdir', ['-p', bin, data]);
      writeFileSync(
        join(bin, 'weed'),
        '#!/bin/sh\nfor a in "$@"; do case "$a" in -volume.dir.idx=*) test -d "${a#*=}" || exit 3;; esac; done\n',
      );
      chmodSync(join(bin, 'weed'), 0o755);
      const seaweedfs = component('seaweedfs');
      // The volume's mount path (/data) maps to the temporary directory.
      const argv = [...(seaweedfs.command ?? []), ...(seaweedfs.args ?? [])].map((part) =>
        part.replace(/(^|[=\s])\/data(?=\/|\s|$)/g, `$1${data}`),
      );
      const result = spawnSync(argv[0], argv.slice(1), {
        encoding: 'utf-8',
        env: { PATH: `${bin}:${process.env.PATH}` },
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(existsSync(join(data, 'idx'))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
