/**
 * The contract between the Secrets `setup.sh` creates and the programs that read them: each entry is an
 * environment variable and the key of the core Secret (`secretNames.core`) it is filled from. Config
 * files (sentry.conf.py, ClickHouse users.d, …) read these variables; workloads set them with
 * `secretKeyRef`. No value is ever rendered.
 */
export const secretEnv = {
  SENTRY_SYSTEM_SECRET_KEY: 'system-secret-key',
  LAUNCHPAD_RPC_SHARED_SECRET: 'launchpad-rpc-shared-secret',
  /**
   * Relay's public key, in SENTRY_RELAY_WHITELIST_PK so Sentry trusts it as an internal relay
   * (getsentry/sentry src/sentry/api/authentication.py is_internal_relay, commit 003cedb9).
   */
  SENTRY_RELAY_PUBLIC_KEY: 'relay-public-key',
  SENTRY_S3_ACCESS_KEY: 's3-access-key',
  SENTRY_S3_SECRET_KEY: 's3-secret-key',
  SENTRY_POSTGRES_PASSWORD: 'postgres-password',
  SENTRY_CLICKHOUSE_PASSWORD: 'clickhouse-password',
  /** Optional: only when an outgoing SMTP relay needs a login. */
  SENTRY_MAIL_PASSWORD: 'mail-password',
  /** Optional: only with the GitHub App settings. */
  SENTRY_GITHUB_APP_WEBHOOK_SECRET: 'github-app-webhook-secret',
  SENTRY_GITHUB_APP_CLIENT_SECRET: 'github-app-client-secret',
  SENTRY_GITHUB_APP_PRIVATE_KEY: 'github-app-private-key',
} as const;

export type SecretEnvName = keyof typeof secretEnv;

/** Keys `setup.sh` may leave out of the Secret (features the user did not configure). */
export const optionalSecretEnv: readonly SecretEnvName[] = [
  'SENTRY_MAIL_PASSWORD',
  'SENTRY_GITHUB_APP_WEBHOOK_SECRET',
  'SENTRY_GITHUB_APP_CLIENT_SECRET',
  'SENTRY_GITHUB_APP_PRIVATE_KEY',
];

/**
 * Keys `setup.sh` fills with random values the first time and never again. The Relay public key comes from
 * the generated Relay credentials, the optional keys from the user.
 */
export const generatedSecretKeys: readonly string[] = [
  ...Object.entries(secretEnv)
    .filter(
      ([name]) => !optionalSecretEnv.includes(name as SecretEnvName) && name !== 'SENTRY_RELAY_PUBLIC_KEY',
    )
    .map(([, key]) => key),
  'admin-password',
];
