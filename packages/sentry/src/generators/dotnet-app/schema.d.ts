export interface DotnetAppGeneratorSchema {
  project: string;
  dsn?: string;
  sentryProject?: string;
  /** GitHub owner/name of the workspace, or none; default: the origin remote's. */
  repository?: string;
  environment?: string;
  tracesSampleRate?: number;
  profilesSampleRate?: number;
  serilog?: boolean;
  profiling?: boolean;
  namespace?: string;
  deploymentManifest?: string;
  externalDeployment?: boolean;
  container?: string;
  skipFormat?: boolean;
}
