/**
 * The validated, normalised choices of one infra generation: everything the catalogue and the
 * renderers need to know about the user's install. Built by the infra generator from its options;
 * every string in here has already been checked (DNS names, e-mail, version), and renderers still
 * serialise it with the target language's own quoting.
 */
export type ProfileName = 'errors-only' | 'feature-complete';

export type TlsSettings =
  /** cert-manager issues the certificate for the domain (an Ingress annotation). */
  | { mode: 'cert-manager'; issuer: string; issuerKind: 'ClusterIssuer' | 'Issuer'; secretName: string }
  /** A TLS Secret that already exists in the namespace, e.g. a Cloudflare origin certificate. */
  | { mode: 'secret'; secretName: string };

export interface MailSettings {
  /** SMTP relay the Sentry pods send through; when absent the in-cluster `smtp` (exim) delivers directly. */
  host?: string;
  port: number;
  username?: string;
  from: string;
  useTls: boolean;
}

export interface ExternalEndpoints {
  postgres?: { host: string; port: number; database: string; user: string };
  kafka?: { bootstrapServers: string };
  redis?: { host: string; port: number };
  clickhouse?: { host: string; tcpPort: number; httpPort: number; database: string; user: string };
}

export interface GithubAppSettings {
  appId: number;
  appName: string;
  clientId: string;
}

export interface StackSettings {
  namespace: string;
  domain: string;
  profile: ProfileName;
  sentryVersion: string;
  storageClass: string;
  ingressClass: string;
  tls: TlsSettings;
  adminEmail: string;
  retentionDays: number;
  mail: MailSettings;
  /** Replicas for the stateless components a user scales out (`web`, `relay`, `taskworker`, …). */
  replicas: Record<string, number>;
  external: ExternalEndpoints;
  github?: GithubAppSettings;
  /**
   * Registry (`host[:port][/path]`) every image is pulled from instead of its own (`--imageRegistry`): each at
   * `<imageRegistry>/<path>` (releases/image-references.ts).
   */
  imageRegistry?: string;
  /** URL of a sentry-nodestore-s3 wheel the pods install instead of GitHub's archive (`--nodestorePackageUrl`). */
  nodestorePackageUrl?: string;
  /**
   * Node labels every pod of the stack is scheduled by (`--nodeSelector`): the stack is kept on one node on
   * purpose, as the Sentry pods share the ReadWriteOnce `sentry-data` claim.
   */
  nodeSelector?: Record<string, string>;
}

/** Names of the Secrets the manifests reference; `setup.sh` creates them, nothing renders their values. */
export const secretNames = {
  /** Its keys, and the environment variables they fill, are listed in `secret-env.ts`. */
  core: 'sentry-secrets',
  /** key: credentials.json (Relay's id, public and secret key, generated once) */
  relay: 'sentry-relay-credentials',
} as const;
