export interface CiGeneratorSchema {
  workflowFile?: string;
  /** Folder of the workflow (default .github/workflows, where GitHub reads it). */
  workflowDirectory?: string;
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
