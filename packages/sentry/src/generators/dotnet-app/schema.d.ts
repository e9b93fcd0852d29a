export interface DotnetAppGeneratorSchema {
  project: string;
  dsn?: string;
  sentryProject?: string;
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
