import type { ProfileName } from './settings';

/** The image families of one self-hosted release; `images.ts` maps each to a pinned reference. */
export type ImageFamily =
  | 'sentry'
  | 'snuba'
  | 'relay'
  | 'symbolicator'
  | 'taskbroker'
  | 'vroom'
  | 'uptime-checker'
  | 'launchpad'
  | 'postgres'
  | 'pgbouncer'
  | 'kafka'
  | 'clickhouse'
  | 'valkey'
  | 'memcached'
  | 'seaweedfs'
  | 'smtp';

/** The configuration bundles (one ConfigMap each) a component can mount. */
export type ConfigBundle = 'sentry' | 'relay' | 'symbolicator' | 'clickhouse' | 'taskbroker' | 'valkey';

/** How Kubernetes learns that a container is alive or ready. */
export type Probe =
  | { type: 'http'; path: string; port: number }
  | { type: 'tcp'; port: number }
  | { type: 'exec'; command: readonly string[] }
  /** Upstream consumers touch /tmp/health.txt while they make progress; the probe deletes it and fails if it is gone. */
  | { type: 'heartbeat' };

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { memory: string; cpu?: string };
}

/** An environment variable: a literal, or a key of one of the Secrets in `secretNames`. */
export type EnvValue = string | { secret: 'core'; key: string; optional?: boolean };

export interface PersistentVolume {
  /** Claim name without the component prefix, e.g. `data` (claim `postgres-data`). */
  name: string;
  mountPath: string;
  size: string;
  /** Mounts the claim of another component (e.g. a cleanup job sharing a cache) instead of creating one. */
  owner?: string;
}

export interface Component {
  /** The upstream compose service name; also the Kubernetes Service/workload name, so hostnames match. */
  name: string;
  image: ImageFamily;
  /** `always` runs in both profiles (upstream's 28), `feature-complete` only there (the other 29). */
  profile: 'always' | 'feature-complete';
  /** `Job`: a bootstrap step (bootstrap.ts), run once per release in the order listed there. */
  kind: 'Deployment' | 'StatefulSet' | 'CronJob' | 'Job';
  /** Replaces the image entrypoint. */
  command?: readonly string[];
  /** Arguments exactly as upstream passes them. */
  args?: readonly string[];
  env?: Readonly<Record<string, EnvValue>>;
  ports?: readonly { name: string; port: number }[];
  liveness?: Probe;
  readiness?: Probe;
  /** Why a long-running component has no probes: upstream gives it no health signal to check. */
  unprobed?: string;
  config?: readonly ConfigBundle[];
  volumes?: readonly PersistentVolume[];
  /** Memory-backed scratch mounts, e.g. PostgreSQL's /dev/shm. */
  memoryVolumes?: readonly { name: string; mountPath: string; size: string }[];
  resources: Resources;
  /** Components this one talks to (Services it resolves); drives NetworkPolicies, docs and start order. */
  dependsOn: readonly string[];
  /** Stateless and safe to run more than once (`replicas` applies). */
  scalable: boolean;
  /** Cron schedule for `kind: CronJob`. */
  schedule?: string;
  /** One line for the generated README. */
  description: string;
  /** Set on components this plugin adds to upstream's set (e.g. the backup CronJob). */
  addedByPlugin?: true;
}

/**
 * A component as the catalogue writes it: an upstream service's profile is the release's (its compose file's
 * `profiles:`), so only components the plugin adds name their own.
 */
export type CatalogueEntry = Omit<Component, 'profile'> & Partial<Pick<Component, 'profile'>>;

export const profileIncludes = (profile: ProfileName, component: Pick<Component, 'profile'>): boolean =>
  component.profile === 'always' || profile === 'feature-complete';
