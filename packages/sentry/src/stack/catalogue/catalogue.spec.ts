import { hostnamesIn } from '../../testing/kubernetes';
import { renderConfigBundles } from '../config';
import { releases } from '../releases';
import type { StackSettings } from '../settings';
import { seedRelease, seedStackSettings } from '../../testing/seed-stack-settings';
import { installJobs } from './install-jobs';
import { allComponents, selectComponents } from './index';

const settings: StackSettings = seedStackSettings;

describe('the component catalogue of 26.8.0', () => {
  const components = allComponents(settings, seedRelease);

  it.each(Object.keys(releases))(
    'covers the compose services of %s one for one, in the same profile (nginx is the Ingress)',
    (version) => {
      const release = releases[version];
      const fromCompose = Object.entries(release.composeServices).filter(([name]) => name !== 'nginx');
      const upstream = allComponents(settings, release).filter(({ addedByPlugin }) => !addedByPlugin);
      expect(upstream.map(({ name, profile }) => [name, profile]).sort()).toEqual(fromCompose.sort());
    },
  );

  it('names only components of the catalogue as dependencies', () => {
    const names = new Set(components.map(({ name }) => name));
    for (const { name, dependsOn } of [...components, ...installJobs(settings, seedRelease)])
      expect([name, dependsOn.filter((dependency) => !names.has(dependency))]).toEqual([name, []]);
  });

  it('explains every long-running component without probes', () => {
    for (const component of components.filter(({ kind }) => kind === 'Deployment' || kind === 'StatefulSet'))
      expect([component.name, !!(component.liveness && component.readiness) || !!component.unprobed]).toEqual(
        [component.name, true],
      );
  });

  it('selects the 28 always-on services of upstream for errors-only (27 workloads: nginx is the Ingress)', () => {
    const names = selectComponents({ ...settings, profile: 'errors-only' }, seedRelease).map(
      ({ name }) => name,
    );
    expect(names.filter((name) => name !== 'postgres-backup')).toHaveLength(27);
    expect(names).not.toContain('vroom');
    expect(names).toContain('snuba-subscription-consumer-eap-items');
  });

  it('replaces data services with external endpoints and forgets dependencies on them', () => {
    const selected = selectComponents(
      {
        ...settings,
        external: {
          postgres: { host: 'db', port: 5432, database: 'sentry', user: 'sentry' },
          redis: { host: 'cache', port: 6379 },
        },
      },
      seedRelease,
    );
    const names = selected.map(({ name }) => name);
    expect(names).not.toContain('postgres');
    expect(names).not.toContain('pgbouncer');
    expect(names).not.toContain('redis');
    expect(selected.find(({ name }) => name === 'web')?.dependsOn).not.toContain('pgbouncer');
    expect(JSON.stringify(selected.find(({ name }) => name === 'snuba-api')?.env)).toContain(
      '"REDIS_HOST":"cache"',
    );
  });

  it('orders the install Jobs as upstream installs: packages, buckets, snuba, migrations, user', () => {
    expect(installJobs(settings, seedRelease).map(({ name }) => name)).toEqual([
      'sentry-packages',
      's3-buckets',
      'snuba-bootstrap',
      'sentry-upgrade',
      'sentry-createuser',
    ]);
  });
});

describe('dependencies against what each component is configured to reach', () => {
  it.each(['feature-complete', 'errors-only'] as const)(
    'lists every Service a component names in its env, args or config files as a dependency (%s)',
    (profile) => {
      const profileSettings = { ...settings, profile };
      const components = [
        ...selectComponents(profileSettings, seedRelease),
        ...installJobs(profileSettings, seedRelease),
      ];
      const withPorts = new Set(components.filter(({ ports }) => ports?.length).map(({ name }) => name));
      const configFiles = renderConfigBundles(profileSettings, seedRelease);
      const missing = components.flatMap((component) => {
        const text = [
          JSON.stringify(component.env ?? {}),
          (component.args ?? []).join(' '),
          ...(component.config ?? []).flatMap((bundle) => Object.values(configFiles[bundle])),
        ]
          .join('\n')
          // Comments (YAML, Python, XML) mention hosts without connecting to them.
          .replace(/^\s*#.*$|<!--[\s\S]*?-->/gm, '');
        const reached = hostnamesIn(text).filter((host) => withPorts.has(host) && host !== component.name);
        return reached
          .filter((host) => !component.dependsOn.includes(host))
          .map((host) => `${component.name} → ${host}`);
      });
      // NetworkPolicies admit exactly the dependants: an unlisted dependency is a blocked connection.
      expect(missing).toEqual([]);
    },
  );
});
