export type AngularSentrySdk = 'auto' | '@sentry/angular' | '@sentry/angular-ivy';

export interface AngularAppGeneratorSchema {
  project: string;
  dsn?: string;
  /**
   * DSNs of the other environments by the name they report (staging, development…): `staging=<DSN>,qa=<DSN>` or
   * an object (`--dsns.staging=<DSN>`); an environment without one gets an empty DSN (Sentry off).
   */
  dsns?: string | Record<string, string>;
  /** Slug of the app's Sentry project (default: the Nx project name as a slug). */
  sentryProject?: string;
  /** GitHub owner/name of the workspace, or none; default: the origin remote's. */
  repository?: string;
  environment?: string;
  tracesSampleRate?: number;
  tracePropagationTargets?: string[] | string;
  replaysSessionSampleRate?: number;
  replaysOnErrorSampleRate?: number;
  sdk?: AngularSentrySdk;
  /** Raise the production initial budget by what Sentry adds to the initial files. */
  raiseBudget?: boolean;
  skipFormat?: boolean;
  skipPackageJson?: boolean;
}
