/**
 * Facts of one getsentry/self-hosted tag that the catalogue derives from, kept as data so specs can diff the
 * rendered stack against them. Each group names the file of the tag it comes from.
 */

/** One compose service after interpolation with the tag's `.env`. */
export interface UpstreamService {
  /** The image it runs; for a locally built one, the base image its Dockerfile starts from. */
  image: string;
  /** The Dockerfile upstream builds on `image` (e.g. `sentry/Dockerfile`), when it builds one. */
  build?: string;
  entrypoint?: readonly string[];
  command?: readonly string[];
  /** `null`: passed through from the host, and the tag's `.env` leaves it unset (the container lacks it). */
  environment: Readonly<Record<string, string | null>>;
  /**
   * `ulimits:` (compose's single number is both limits). Kubernetes sets none per container, so the stack does not
   * render them; they are facts for the drift report (Kafka's nofile went 4096 -> 100000 in getsentry/self-hosted
   * docker-compose.yml@26.8.0).
   */
  ulimits?: Readonly<Record<string, { soft: number; hard: number }>>;
}

/** A `location` of the nginx server, and where it sends the request. */
export interface NginxRoute {
  /** As written after `location` and its modifier; a regex keeps nginx syntax. */
  location: string;
  /** `prefix`: plain location; `regex`: `~`; `preferred-prefix`: `^~` (no regex location is tried after it). */
  match: 'prefix' | 'regex' | 'preferred-prefix';
  to: 'relay' | 'web' | 'static-files';
  /** The path `proxy_pass` puts in place of the matched prefix, when it is not the prefix itself. */
  rewrite?: string;
  /** `proxy_hide_header` of the location. */
  hideHeaders?: readonly string[];
}

/** The groups upstream's sentry.conf.example.py switches features on in, each named after its comment. */
export interface UpstreamFeatureGroups {
  general: readonly string[];
  performance: readonly string[];
  sessionReplay: readonly string[];
  userFeedback: readonly string[];
  profiling: readonly string[];
  continuousProfiling: readonly string[];
  uptime: readonly string[];
  logs: readonly string[];
  metrics: readonly string[];
  transactionMigration: readonly string[];
}

export interface UpstreamConfigFile {
  source: string;
  settings: Readonly<Record<string, string>>;
}

export interface UpstreamFacts {
  repository: string;
  tag: string;
  services: { source: string; byName: Readonly<Record<string, UpstreamService>> };
  /** `SENTRY_FEATURES` of the example sentry.conf.py: switched on (by upstream's groups), and switched off. */
  features: { source: string; enabled: UpstreamFeatureGroups; disabled: readonly string[] };
  nginx: {
    source: string;
    clientMaxBodySize: string;
    proxyReadTimeout: string;
    proxySendTimeout: string;
    routes: readonly NginxRoute[];
  };
  /**
   * Configuration files upstream mounts, flattened: an element path below the root (`merge_tree/x`) to its
   * text, `path@attribute` to an attribute's value; a line-based file's directive to its value.
   */
  configFiles: {
    clickhouse: UpstreamConfigFile;
    clickhouseUsers: UpstreamConfigFile;
    valkey: UpstreamConfigFile;
    /** sentry/config.example.yml: the options Sentry reads from config.yml. */
    sentryOptions: UpstreamConfigFile;
    relay: UpstreamConfigFile;
  };
  /** The host the installer sizes for: what ratios of "host memory" (ClickHouse's) are taken of. */
  hostMemory: { source: string; recommendedGb: number };
  /**
   * Lines of install/*.sh that speak of a hard stop (e.g. a step to remove after the next one): upstream's
   * installer enforces none itself, so a new one is the hint to check the docs' hard-stop list.
   */
  hardStopMentions: readonly { source: string; text: string }[];
  /**
   * The scripts install.sh sources, in order: a new one is a new upgrade step (a migration the manifests or
   * upgrade.sh may need), e.g. install/migrate-seaweedfs-kek.sh in getsentry/self-hosted install.sh@26.8.0.
   */
  installSteps: readonly string[];
}
