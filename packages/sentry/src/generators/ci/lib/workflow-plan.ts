import { defaultDeployTargetName } from '../../../plugin';
import { clusterAccessStep, clusterSecrets } from './cluster-access-step';
import type { GitopsOptions } from './gitops-options';
import type { ClusterVia, NormalizedCiOptions, WorkflowParts } from './normalize-options';
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
import {
  environmentExpression,
  gitopsJobEnv,
  gitopsSteps,
  gitopsTokenSecret,
  onMappedBranch,
  registrySecrets,
} from './gitops-steps';
import { ciConfigurationName } from './karma-ci';
import { setupSteps } from './setup-steps';
import type { ExplainedStep, Job, WorkflowPlan } from './workflow-model';

const affectedJobId = 'nx-affected';
const deployJobId = 'nx-deploy';

/** nx-set-shas reads earlier workflow runs (actions: read); nothing here writes to the repository. */
const permissions = { contents: 'read', actions: 'read' };

/** bash with -eo pipefail (GitHub's `shell: bash`), so a failing command inside a pipe fails the step. */
const bashDefaults = { run: { shell: 'bash' } };

/** runs-on is the user's (a self-hosted runner, say) unless --runsOn names one. */
const runnerKeys = (options: NormalizedCiOptions): string[] =>
  options.runsOn === undefined ? ['runs-on'] : [];

function affectedJob(options: NormalizedCiOptions): Job {
  return {
    id: affectedJobId,
    why: 'Every push and pull request: lint, test and build the projects the change affects.',
    body: {
      name: 'Lint, test and build affected projects',
      'runs-on': options.runsOn ?? 'ubuntu-latest',
      permissions,
      defaults: bashDefaults,
    },
    userOwnedKeys: runnerKeys(options),
    steps: [
      ...setupSteps(options),
      options.karma
        ? {
            why: `Karma test targets run once in headless Chrome: their ${ciConfigurationName} configuration (the others keep their default).`,
            step: {
              name: 'Lint, test and build',
              run: `npx nx affected -t lint test build --configuration=${ciConfigurationName}`,
            },
          }
        : { step: { name: 'Lint, test and build', run: 'npx nx affected -t lint test build' } },
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
  REGISTRY_USERNAME: 'a user that may push to the registry',
  REGISTRY_PASSWORD: "that user's password or token",
  GITOPS_TOKEN: 'a token that may write to the GitOps repository (fine-grained: Contents read and write)',
};

const usesSentry = (parts: WorkflowParts): boolean => parts.release || parts.sourcemaps || parts.symbols;

function deployJobWhy(options: NormalizedCiOptions): string {
  const { parts, deployVia, environment } = options;
  const sentry = usesSentry(parts);
  const { gitops } = options;
  const deploySecrets = gitops
    ? [...registrySecrets, gitopsTokenSecret]
    : clusterSecrets[deployVia as ClusterVia];
  const secrets = [
    ...(parts.deploy ? deploySecrets : []),
    ...(sentry ? ['SENTRY_AUTH_TOKEN', 'SENTRY_URL', 'SENTRY_ORG'] : []),
    ...(parts.release ? ['SENTRY_PROJECTS'] : []),
    ...(parts.symbols ? ['SENTRY_DOTNET_PROJECT'] : []),
  ];
  const cluster = { kubeconfig: 'a kubeconfig', ssh: 'an SSH tunnel to the MicroK8s host' };
  const when = gitops
    ? `Pushes to ${gitops.branches.map(({ branch, environment }) => `${branch} (GitHub environment "${environment}")`).join(', ')}, one at a time per environment:`
    : `Pushes to ${options.mainBranch} only, one at a time, in the GitHub environment "${environment}":`;
  const deploy = gitops
    ? `images of the affected projects with a Dockerfile pushed to ${gitops.registry}, their tags bumped in ${gitops.repository} (${gitops.bump === 'dispatch' ? 'a repository_dispatch event' : 'a commit'}); Argo CD applies them`
    : `nx affected -t ${options.deployTarget ?? defaultDeployTargetName}, reaching the cluster through ${cluster[deployVia as ClusterVia]}`;
  return [
    when,
    ...[
      parts.deploy && deploy,
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

/** The steps that ship what changed: cluster access and the deploy targets, or images and their tags. */
function deploySteps(options: NormalizedCiOptions): ExplainedStep[] {
  if (options.gitops) return gitopsSteps(options.gitops);
  return [
    clusterAccessStep(options.deployVia as ClusterVia),
    deployStep(options.parts.release, options.deployTarget ?? defaultDeployTargetName),
  ];
}

/** The job's name, condition and environment: the main branch's, or the branch map's in gitops mode. */
function deliveryKeys({ gitops, environment, mainBranch }: NormalizedCiOptions) {
  if (!gitops)
    return {
      name: `Deploy to ${environment}`,
      if: `github.event_name == 'push' && github.ref == 'refs/heads/${mainBranch}'`,
      environment,
    };
  return {
    name: 'Build images and bump their tags',
    if: `github.event_name == 'push' && (${onMappedBranch(gitops.branches)})`,
    environment: environmentExpression(gitops.branches),
  };
}

function deployJob(options: NormalizedCiOptions): Job | undefined {
  const { parts, gitops } = options;
  const sentry = usesSentry(parts);
  if (!parts.deploy && !sentry) return undefined;
  const { name, if: condition, environment } = deliveryKeys(options);
  const steps: Array<ExplainedStep | ExplainedStep[] | false> = [
    ...setupSteps(options),
    sentry && releaseNameStep,
    parts.release && createReleaseStep,
    // The images are built from dist/, so gitops builds even without Sentry parts.
    (parts.sourcemaps || parts.symbols || (parts.deploy && !!gitops)) && buildStep,
    parts.sourcemaps && sourcemapsStep,
    parts.symbols && symbolsStep,
    parts.deploy && deploySteps(options),
    // In gitops mode the job's DEPLOY_ENVIRONMENT holds the environment of the pushed branch.
    parts.release && finishReleaseStep(gitops ? '${{ env.DEPLOY_ENVIRONMENT }}' : environment),
  ];
  const env = { ...(sentry ? sentryServerEnv : {}), ...(gitops ? gitopsJobEnv(gitops, parts.deploy) : {}) };
  return {
    id: deployJobId,
    why: deployJobWhy(options),
    body: {
      name,
      needs: affectedJobId,
      if: condition,
      'runs-on': options.runsOn ?? 'ubuntu-latest',
      environment,
      // Deploys queue instead of cancelling each other: a half-applied deploy is worse than a late one.
      concurrency: { group: `deploy-${environment}`, 'cancel-in-progress': false },
      permissions,
      ...(Object.keys(env).length > 0 ? { env } : {}),
      defaults: bashDefaults,
    },
    userOwnedKeys: runnerKeys(options),
    steps: steps.flat().filter((step): step is ExplainedStep => step !== false),
  };
}

function jobsOf(options: NormalizedCiOptions): Job[] {
  return [affectedJob(options), deployJob(options)].filter((job): job is Job => job !== undefined);
}

/** A gitops setup that writes every gitops key and step, to know what a switch of mode must remove. */
const everyGitopsStep: GitopsOptions = {
  registry: 'registry.example.com',
  branches: [{ branch: 'main', environment: 'prod' }],
  repository: 'owner/gitops',
  bump: 'commit',
  commit: { values: '{project}.yaml', tagPath: 'image.tag' },
};

export function workflowPlan(options: NormalizedCiOptions): WorkflowPlan {
  // With every part on, in every mode, the jobs hold every key and step any option set can write.
  const everything = [
    undefined,
    everyGitopsStep,
    { ...everyGitopsStep, bump: 'dispatch' as const, commit: undefined },
  ].flatMap((gitops) =>
    jobsOf({
      ...options,
      gitops,
      deployVia: gitops ? 'gitops' : 'kubeconfig',
      parts: { deploy: true, release: true, sourcemaps: true, symbols: true },
      dotnet: options.dotnet ?? { 'dotnet-version': 'any' },
    }),
  );
  return {
    branches: options.gitops?.branches.map(({ branch }) => branch) ?? [options.mainBranch],
    header: [
      'CI/CD for this Nx workspace, written by `nx g @fundamental/sentry:ci`.',
      `Rerunning it updates the jobs ${affectedJobId} and ${deployJobId} and the triggers they need; your other`,
      'jobs, the steps you add to those two, other keys and comments stay as they are.',
    ].join('\n'),
    jobs: jobsOf(options),
    owned: {
      jobIds: new Set(everything.map((job) => job.id)),
      jobKeys: new Map(
        [affectedJobId, deployJobId].map((id) => [
          id,
          new Set(everything.filter((job) => job.id === id).flatMap((job) => Object.keys(job.body))),
        ]),
      ),
      stepNames: new Set(everything.flatMap((job) => job.steps).map(({ step }) => step.name)),
    },
  };
}
