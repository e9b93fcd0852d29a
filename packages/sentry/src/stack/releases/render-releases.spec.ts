import { operationsEnv } from '../../generators/infra/lib/operations-env';
import { sizingOf } from '../../generators/infra/lib/sizing';
import { manifestsOf, renderSeedStack } from '../../testing/render-seed-stack';
import { seedStackSettings } from '../../testing/seed-stack-settings';
import { selectComponents } from '../catalogue';
import { installJobs } from '../catalogue/install-jobs';
import { upstreamCommand } from '../catalogue/upstream-command';
import { renderConfigBundles } from '../config';
import type { StackFolder } from '../render/stack-layout';
import { releases, type Release } from './index';

/**
 * A release that differs from 26.8.0 in one of each kind of fact: the getsentry tag, an infrastructure image, a
 * consumer's flag, a service's environment (Kafka's log retention, as getsentry/self-hosted docker-compose.yml changed
 * it from 26.7.2 to 26.8.0), a feature flag, a service dropped upstream, the hard stops and the ClickHouse chain.
 */
function syntheticRelease(): Release {
  const base = releases['26.8.0'];
  const without = <T>(record: Readonly<Record<string, T>>, name: string) =>
    Object.fromEntries(Object.entries(record).filter(([key]) => key !== name));
  const byName = without(base.upstream.services.byName, 'snuba-replacer');
  const { 'snuba-errors-consumer': errors, kafka } = byName;
  return {
    ...base,
    version: '26.9.0',
    infrastructureImages: { ...base.infrastructureImages, postgres: 'postgres:14.24-bookworm' },
    composeServices: without(base.composeServices, 'snuba-replacer'),
    hardStops: [...base.hardStops, '26.9.0'],
    clickhouseUpgradeChain: [...base.clickhouseUpgradeChain, '25.8'],
    upstream: {
      ...base.upstream,
      tag: '26.9.0',
      services: {
        ...base.upstream.services,
        byName: {
          ...byName,
          kafka: { ...kafka, environment: { ...kafka.environment, KAFKA_LOG_RETENTION_HOURS: '24' } },
          'snuba-errors-consumer': {
            ...errors,
            command: errors.command?.map((word) => (word === '750' ? '500' : word)),
          },
        },
      },
      features: {
        ...base.upstream.features,
        enabled: {
          ...base.upstream.features.enabled,
          general: [...base.upstream.features.enabled.general, 'organizations:brand-new-flag'],
        },
      },
    },
  };
}

interface Container {
  image: string;
  args?: string[];
  env?: { name: string; value?: string }[];
}
const containerOf = (folders: StackFolder[], name: string): Container => {
  const workload = manifestsOf(folders, `components/${name}`).find(({ kind }) =>
    ['Deployment', 'StatefulSet'].includes(kind),
  ) as unknown as { spec: { template: { spec: { containers: Container[] } } } };
  return workload.spec.template.spec.containers[0];
};
const sentryConfPy = (folders: StackFolder[]) =>
  folders.find(({ path }) => path === 'config/sentry')?.files['sentry.conf.py'] ?? '';

const synthetic = syntheticRelease();
const renderOf = (release: Release) =>
  renderSeedStack({ ...seedStackSettings, sentryVersion: release.version }, release);

describe('the stack as a function of the release', () => {
  it.each([...Object.values(releases), synthetic].map((release) => [release.version, release] as const))(
    '%s renders its own images, commands and feature flags',
    (_, release) => {
      const folders = renderOf(release);
      expect(containerOf(folders, 'web').image).toBe(`ghcr.io/getsentry/sentry:${release.version}`);
      expect(containerOf(folders, 'postgres').image).toBe(release.infrastructureImages.postgres);
      expect(containerOf(folders, 'snuba-errors-consumer').args).toEqual(
        upstreamCommand(release, 'snuba-errors-consumer'),
      );
      // Reordered on purpose (deliberate-differences.ts), but exactly the release's own words.
      const words = (args: readonly string[] | undefined) => [...(args ?? [])].sort();
      expect(words(containerOf(folders, 'post-process-forwarder-errors').args)).toEqual(
        words(upstreamCommand(release, 'post-process-forwarder-errors')),
      );
      expect(sentryConfPy(folders)).toContain(`# Sentry ${release.version} settings`);
      for (const flag of release.upstream.features.enabled.general)
        expect(sentryConfPy(folders)).toContain(`"${flag}"`);
      const rendered = folders
        .filter(({ path }) => path.startsWith('components/'))
        .map(({ path }) => path.slice(11));
      expect(rendered.filter((name) => !(name in release.composeServices))).toEqual(['postgres-backup']);
    },
  );

  it('renders what the synthetic release changed, and 26.8.0 as before', () => {
    const [before, after] = [renderOf(releases['26.8.0']), renderOf(synthetic)];
    expect(containerOf(after, 'postgres').image).toBe('postgres:14.24-bookworm');
    expect(containerOf(before, 'postgres').image).toBe('postgres:14.23-bookworm');
    expect(containerOf(after, 'snuba-errors-consumer').args).toContain('500');
    expect(containerOf(before, 'snuba-errors-consumer').args).toContain('750');
    const retention = (folders: StackFolder[]) =>
      containerOf(folders, 'kafka').env?.find(({ name }) => name === 'KAFKA_LOG_RETENTION_HOURS')?.value;
    expect(retention(after)).toBe('24');
    expect(retention(before)).toBe('3');
    expect(sentryConfPy(after)).toContain('"organizations:brand-new-flag"');
    expect(sentryConfPy(before)).not.toContain('brand-new-flag');
    expect(before.some(({ path }) => path === 'components/snuba-replacer')).toBe(true);
    expect(after.some(({ path }) => path === 'components/snuba-replacer')).toBe(false);
  });

  it("gives upgrade.sh the release's hard stops and ClickHouse upgrade chain", () => {
    const settings = { ...seedStackSettings, sentryVersion: synthetic.version };
    const components = selectComponents(settings, synthetic);
    const env = operationsEnv({
      settings,
      release: synthetic,
      components,
      installJobs: installJobs(settings, synthetic),
      configFiles: renderConfigBundles(settings, synthetic),
      sizing: sizingOf(components, {}),
      infraProject: 'sentry-infra',
      directory: 'infra/sentry',
    });
    expect(env).toContain(
      'HARD_STOPS=(9.1.2 21.5.0 21.6.3 23.6.2 23.11.0 24.8.0 25.5.1 26.5.0 26.5.1 26.7.0 26.9.0)',
    );
    expect(env).toContain('CLICKHOUSE_UPGRADE_CHAIN=(21.8 22.8 23.3 23.8 24.8 25.3 25.8)');
  });
});
