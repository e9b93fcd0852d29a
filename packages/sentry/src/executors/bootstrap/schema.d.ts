export interface BootstrapExecutorSchema {
  stateFile?: string;
  dsnFile?: string;
  prune?: boolean;
  adopt?: boolean;
}
