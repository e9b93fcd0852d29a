/** A step the generator owns. Its `name` is how a rerun finds it again among the user's steps. */
export interface Step {
  name: string;
  if?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  run?: string;
  /** A failure is reported and the job goes on: for steps that only talk to Sentry. */
  'continue-on-error'?: boolean;
}

/** A step and why it is there (written as a comment above it). */
export interface ExplainedStep {
  step: Step;
  why?: string;
}

/** A job the generator owns, by its id under `jobs:`. */
export interface Job {
  id: string;
  /** Written as the comment above the job: what it does and what it needs (secrets, setup). */
  why: string;
  /** The job's keys other than `steps`, in the order they are written. */
  body: Record<string, unknown>;
  /** Keys written only when the job lacks them, so the user's choice (say, a self-hosted runner) stays. */
  userOwnedKeys: readonly string[];
  steps: ExplainedStep[];
}

/** Everything the generator writes into a workflow, and what it may remove from an earlier run. */
export interface WorkflowPlan {
  /** The branches whose pushes the workflow runs on, and pull requests into which it checks. */
  branches: string[];
  /** The header of a workflow file the generator creates; an existing file keeps its own. */
  header: string;
  jobs: Job[];
  /** Every job, job key and step name the generator writes with some options: a part turned off goes. */
  owned: {
    jobIds: ReadonlySet<string>;
    jobKeys: ReadonlyMap<string, ReadonlySet<string>>;
    stepNames: ReadonlySet<string>;
  };
}

/** `${{ secrets.NAME }}`: secrets reach steps only through `env:`, never inside a script. */
export const secret = (name: string): string => `\${{ secrets.${name} }}`;
