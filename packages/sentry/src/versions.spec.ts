import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';
import { esbuildPeerRange, nxTestedVersions, nxVersionRange, pluginVersion } from './versions';

const packageJson = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf-8'));

describe('versions', () => {
  it('declares the ranges of versions.ts as peers: nx, @nx/devkit and esbuild, the last two optional', () => {
    expect(packageJson.peerDependencies).toEqual({
      nx: nxVersionRange,
      '@nx/devkit': nxVersionRange,
      esbuild: esbuildPeerRange,
    });
    // @nx/devkit is optional so npm keeps the one the workspace has: `nx init` installs it only as a dependency of
    // @nx/angular, and for a required peer npm would install the newest @nx/devkit in range (22.x), whose own peer
    // nx >=21 then fails against the workspace's Nx 20 (ERESOLVE).
    expect(packageJson.peerDependenciesMeta).toEqual({
      '@nx/devkit': { optional: true },
      esbuild: { optional: true },
    });
  });

  it('tests one release of every major the range admits, each inside the range', () => {
    for (const version of nxTestedVersions) expect(satisfies(version, nxVersionRange)).toBe(true);
    const majors = nxTestedVersions.map((version) => Number(version.split('.')[0]));
    const [lowest] = nxVersionRange.match(/\d+/) ?? [];
    expect(majors[0]).toBe(Number(lowest));
    expect(new Set(majors).size).toBe(nxTestedVersions.length);
  });

  it('admits the Nx that `nx init` installs into the Angular CLI workspaces of Angular 16 and newer', () => {
    // nrwl/nx 22.7.12, packages/nx/src/command-line/init/implementation/angular/legacy-angular-versions.ts
    // (nxAngularLegacyVersionMap): Angular majors older than Nx's own support get the last Nx that had them.
    const nxInitFor = { 16: '~20.1.0', 17: '~21.1.0', 18: '~22.2.0' };
    for (const [angular, range] of Object.entries(nxInitFor))
      expect([angular, satisfies(minVersion(range) ?? '', nxVersionRange)]).toEqual([angular, true]);
  });

  it('reads the plugin version from its package.json', () => {
    expect(pluginVersion).toBe(packageJson.version);
  });
});
