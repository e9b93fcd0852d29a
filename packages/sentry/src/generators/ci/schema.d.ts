export interface CiGeneratorSchema {
  workflowFile?: string;
  /** Folder of the workflow (default .github/workflows, where GitHub reads it). */
  workflowDirectory?: string;
  mainBranch?: string;
  environment?: string;
  /** A number when it comes from the command line as a bare major (`--nodeVersion=22`). */
  nodeVersion?: string | number;
  deployVia?: 'kubeconfig' | 'ssh' | 'gitops';
  /** gitops: registry of the images, host[:port][/path]. */
  registry?: string;
  /** gitops: branch:environment pairs, default develop:dev,main:prod. */
  branches?: string;
  /** gitops: owner/name of the GitOps repository. */
  gitopsRepository?: string;
  gitopsBump?: 'dispatch' | 'commit';
  /** gitops commit: values file pattern with {project} and {environment}. */
  gitopsValues?: string;
  /** gitops commit: keys of the tag joined by ".", default image.tag. */
  gitopsTagPath?: string;
  /** Runner label, or labels separated by commas. */
  runsOn?: string;
  deploy?: boolean;
  release?: boolean;
  sourcemaps?: boolean;
  symbols?: boolean;
  skipFormat?: boolean;
}
