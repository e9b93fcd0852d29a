import type { ImageFamily } from '../component';

/** What one self-hosted release pins besides its own CalVer tag: the images it was tested with. */
export interface Release {
  version: string;
  /** Images outside the getsentry family, exactly as the release's compose file pins them. */
  infrastructureImages: Readonly<Record<Exclude<ImageFamily, GetsentryFamily>, string>>;
  /** The ClickHouse version this release expects; upgrades must pass through every step in between. */
  clickhouseVersion: string;
  /** The release's compose services by profile: the list the catalogue must cover, one for one. */
  composeServices: Readonly<Record<string, ServiceProfile>>;
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
