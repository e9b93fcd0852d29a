import type { ImageFamily } from '../component';
import type { ProfileName } from '../settings';
import type { UpstreamFacts } from './upstream-facts';

/** What upstream's installer requires of the machine before it installs anything. */
export interface MinimumRequirements {
  /** Memory in MB as upstream counts it (`free -m` inside a container, i.e. the machine's total). */
  memoryMb: number;
  cpus: number;
}

/** What one self-hosted release pins besides its own CalVer tag: the images it was tested with. */
export interface Release {
  version: string;
  /** Images outside the getsentry family, exactly as the release's compose file pins them. */
  infrastructureImages: Readonly<Record<Exclude<ImageFamily, GetsentryFamily>, string>>;
  /** The ClickHouse version this release expects. */
  clickhouseVersion: string;
  /**
   * ClickHouse feature releases (major.minor) an existing install must run, one after another, to reach
   * `clickhouseVersion` (getsentry/self-hosted 26.8.0 install/upgrade-clickhouse.sh).
   */
  clickhouseUpgradeChain: readonly string[];
  /**
   * Releases an install must run, in order, before it may move past them (getsentry/sentry-docs
   * develop-docs/self-hosted/releases.mdx, "Hard Stops"): those up to this release. upgrade.sh refuses to skip one.
   */
  hardStops: readonly string[];
  /**
   * Upstream's hard minimum per profile (`MIN_RAM_HARD`, `MIN_CPU_HARD` of install/_min-requirements.sh at
   * the release's tag); install/check-minimum-requirements.sh refuses to install below it.
   */
  minimumRequirements: Readonly<Record<ProfileName, MinimumRequirements>>;
  /**
   * The release's compose services by profile: the list the catalogue must cover, one for one, and the only
   * record of an upstream service's profile (allComponents gives each catalogue entry the profile named here).
   */
  composeServices: Readonly<Record<string, ServiceProfile>>;
  /** What upstream sets at this tag, per service and file: the facts the catalogue is diffed against. */
  upstream: UpstreamFacts;
}

/** Images published by getsentry under one tag per release (`ghcr.io/getsentry/<family>:<version>`). */
export type GetsentryFamily =
  'sentry' | 'snuba' | 'relay' | 'symbolicator' | 'taskbroker' | 'vroom' | 'uptime-checker' | 'launchpad';

export const getsentryFamilies: readonly GetsentryFamily[] = [
  'sentry',
  'snuba',
  'relay',
  'symbolicator',
  'taskbroker',
  'vroom',
  'uptime-checker',
  'launchpad',
];

/** Where a compose service runs: in both profiles, or only with `feature-complete`. */
export type ServiceProfile = 'always' | 'feature-complete';
