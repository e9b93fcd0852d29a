export interface CiGeneratorSchema {
  workflowFile?: string;
  mainBranch?: string;
  environment?: string;
  /** A number when it comes from the command line as a bare major (`--nodeVersion=22`). */
  nodeVersion?: string | number;
  deployVia?: 'kubeconfig' | 'ssh';
  deploy?: boolean;
  release?: boolean;
  sourcemaps?: boolean;
  symbols?: boolean;
  skipFormat?: boolean;
}
