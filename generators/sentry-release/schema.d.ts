export interface SentryReleaseGeneratorSchema {
  /** Path to a getsentry/self-hosted checkout at the release's tag. */
  upstream: string;
  /** The release's CalVer tag, e.g. 26.9.0. */
  version: string;
  /** The release is a hard stop (sentry-docs lists it): upgrades must pass through it. */
  hardStop?: boolean;
  skipFormat?: boolean;
}
