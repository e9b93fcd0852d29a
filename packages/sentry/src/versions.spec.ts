import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';
import { esbuildPeerRange, nxTestedVersions, nxVersionRange, pluginVersion } from './versions';

const packageJson = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf-8'));

describe('versions', () => {
  it('declares the ranges of versions.ts as peers: nx and @nx/devkit, esbuild as an optional one', () => {
    expect(packageJson.peerDependencies).toEqual({
      nx: nxVersionRange,
      '@nx/devkit': nxVersionRange,
      esbuild: esbuildPeerRange,
    });
    expect(packageJson.peerDependenciesMeta).toEqual({ esbuild: { optional: true } });
  });

  it('tests one release of every major the range admits, each inside the range', () => {
    for (const version of nxTestedVersions) expect(satisfies(version, nxVersionRange)).toBe(true);
    const majors = nxTestedVersions.map((version) => Number(version.split('.')[0]));
    const [lowest] = nxVersionRange.match(/\d+/) ?? [];
    expect(majors[0]).toBe(Number(lowest));
    expect(new Set(majors).size).toBe(nxTestedVersions.length);
  });

  it('reads the plugin version from its package.json', () => {
    expect(pluginVersion).toBe(packageJson.version);
  });
});
