import { defaultDeployTargetName } from '../../../plugin';
import { clusterAccessStep, clusterSecrets } from './cluster-access-step';
import type { NormalizedCiOptions, WorkflowParts } from './normalize-options';
import {
  buildStep,
  createReleaseStep,
  deployStep,
  finishReleaseStep,
  releaseNameStep,
  sentryServerEnv,
  sourcemapsStep,
  symbolsStep,
} from './sentry-steps';
import { setupSteps } from './setup-steps';
import type { ExplainedStep, Job, WorkflowPlan } from './workflow-model';

const affectedJobId = 'nx-affected';
const deployJobId = 'nx-deploy';

/** nx-set-shas reads earlier workflow runs (actions: read); nothing here writes to the repository. */
const permissions = { contents: 'read', actions: 'read' };

/** bash with -eo pipefail (GitHub's `shell: bash`), so a failing command inside a pipe fails the step. */
const bashDefaults = { run: { shell: 'bash' } };

function affectedJob(options: NormalizedCiOptions): Job {
  return {
    id: affectedJobId,
    why: 'Every push and pull request: lint, test and build the projects the change affects.',
    body: {
      name: 'Lint, test and build affected projects',
      'runs-on': 'ubuntu-latest',
      permissions,
      defaults: bashDefaults,
    },
    userOwnedKeys: ['runs-on'],
    steps: [
      ...setupSteps(options),
      { step: { name: 'Lint, test and build', run: 'npx nx affected -t lint test build' } },
    ],
  };
}

/** What each secret holds, for the comment above the deploy job. */
const secretHelp: Record<string, string> = {
  KUBECONFIG_B64: 'the kubeconfig of the cluster, base64-encoded on one line (base64 -w0)',
  MICROK8S_SSH_HOST: 'the MicroK8s host',
  MICROK8S_SSH_USER: 'an SSH user there in the microk8s group',
  MICROK8S_SSH_KEY: "that user's private key",
  MICROK8S_SSH_KNOWN_HOSTS: 'the output of ssh-keyscan <host>, checked against the host',
  SENTRY_AUTH_TOKEN: 'an organization auth token of Sentry',
  SENTRY_URL: 'where Sentry is, e.g. https://sentry.example.com',
  SENTRY_ORG: 'the organization slug',
  SENTRY_PROJECTS: 'slugs of the Sentry projects of this repository, separated by spaces',
  SENTRY_DOTNET_PROJECT: 'the Sentry project that receives the .NET symbols',
};

const usesSentry = (parts: WorkflowParts): boolean => parts.release || parts.sourcemaps || parts.symbols;

function deployJobWhy(options: NormalizedCiOptions): string {
  const { parts, deployVia, environment } = options;
  const sentry = usesSentry(parts);
  const secrets = [
    ...(parts.deploy ? clusterSecrets[deployVia] : []),
    ...(sentry ? ['SENTRY_AUTH_TOKEN', 'SENTRY_URL', 'SENTRY_ORG'] : []),
    ...(parts.release ? ['SENTRY_PROJECTS'] : []),
    ...(parts.symbols ? ['SENTRY_DOTNET_PROJECT'] : []),
  ];
  const cluster = { kubeconfig: 'a kubeconfig', ssh: 'an SSH tunnel to the MicroK8s host' };
  return [
    `Pushes to ${options.mainBranch} only, one at a time, in the GitHub environment "${environment}":`,
    ...[
      parts.deploy &&
        `nx affected -t ${options.deployTarget ?? defaultDeployTargetName}, reaching the cluster through ${cluster[deployVia]}`,
      parts.release && 'the Sentry release: created with its commits, finalized, its deploy recorded',
      parts.sourcemaps && 'source maps of the affected Angular apps',
      parts.symbols && '.NET symbols and sources from dist/',
    ]
      .filter(Boolean)
      .map((part) => `- ${part}`),
    `Secrets (of the repository or of the environment):`,
    ...secrets.map((name) => `- ${name}: ${secretHelp[name]}`),
  ].join('\n');
}

function deployJob(options: NormalizedCiOptions): Job | undefined {
  const { parts, environment, mainBranch } = options;
  const sentry = usesSentry(parts);
  if (!parts.deploy && !sentry) return undefined;
  const steps: Array<ExplainedStep | false> = [
    ...setupSteps(options),
    sentry && releaseNameStep,
    parts.release && createReleaseStep,
    (parts.sourcemaps || parts.symbols) && buildStep,
    parts.sourcemaps && sourcemapsStep,
    parts.symbols && symbolsStep,
    parts.deploy && clusterAccessStep(options.deployVia),
    parts.deploy && deployStep(parts.release, options.deployTarget ?? defaultDeployTargetName),
    parts.release && finishReleaseStep(environment),
  ];
  return {
    id: deployJobId,
    why: deployJobWhy(options),
    body: {
      name: `Deploy to ${environment}`,
      needs: affectedJobId,
      if: `github.event_name == 'push' && github.ref == 'refs/heads/${mainBranch}'`,
      'runs-on': 'ubuntu-latest',
      environment,
      // Deploys queue instead of cancelling each other: a half-applied deploy is worse than a late one.
      concurrency: { group: `deploy-${environment}`, 'cancel-in-progress': false },
      permissions,
      ...(sentry ? { env: sentryServerEnv } : {}),
      defaults: bashDefaults,
    },
    userOwnedKeys: ['runs-on'],
    steps: steps.filter((step): step is ExplainedStep => step !== false),
  };
}

function jobsOf(options: NormalizedCiOptions): Job[] {
  return [affectedJob(options), deployJob(options)].filter((job): job is Job => job !== undefined);
}

export function workflowPlan(options: NormalizedCiOptions): WorkflowPlan {
  // With every part on, the jobs hold every key and step any option set can write.
  const everything = jobsOf({
    ...options,
    parts: { deploy: true, release: true, sourcemaps: true, symbols: true },
    dotnet: options.dotnet ?? { 'dotnet-version': 'any' },
  });
  return {
    mainBranch: options.mainBranch,
    header: [
      'CI/CD for this Nx workspace, written by `nx g @fundamental/sentry:ci`.',
      `Rerunning it updates the jobs ${affectedJobId} and ${deployJobId} and the triggers they need; your other`,
      'jobs, the steps you add to those two, other keys and comments stay as they are.',
    ].join('\n'),
    jobs: jobsOf(options),
    owned: {
      jobIds: new Set(everything.map((job) => job.id)),
      jobKeys: new Map(everything.map((job) => [job.id, new Set(Object.keys(job.body))])),
      stepNames: new Set(everything.flatMap((job) => job.steps).map(({ step }) => step.name)),
    },
  };
}
