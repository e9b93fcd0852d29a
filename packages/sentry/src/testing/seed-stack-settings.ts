import { releases } from '../stack/releases';
import type { StackSettings } from '../stack/settings';

/** The seed's stack as validated settings, for specs of the catalogue and the renderers. */
export const seedStackSettings: StackSettings = {
  namespace: 'sentry',
  domain: 'sentry.academind.ir',
  profile: 'feature-complete',
  sentryVersion: '26.8.0',
  storageClass: 'microk8s-hostpath',
  ingressClass: 'public',
  tls: { mode: 'secret', secretName: 'sentry-tls' },
  adminEmail: 'admin@academind.ir',
  retentionDays: 90,
  mail: { port: 25, from: 'sentry@academind.ir', useTls: false },
  replicas: {},
  external: {},
};

/** The release the seed renders: its facts are what the catalogue and renderer specs render and compare with. */
export const seedRelease = releases[seedStackSettings.sentryVersion];
