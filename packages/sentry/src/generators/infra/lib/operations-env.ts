import { labelSelector } from '../../../stack/render/labels';
import type { Component } from '../../../stack/component';
import { isDataService, isLongRunning } from '../../../stack/component-roles';
import { imageFor, type Release } from '../../../stack/releases';
import { generatedSecretKeys, secretEnv } from '../../../stack/secret-env';
import { secretNames, type StackSettings } from '../../../stack/settings';
import { installJob, type ConfigFiles } from '../../../stack/render/workloads';
import { shellQuote } from '../../../utils/shell-quote';
import { syncPolicy } from './argocd-application';
import type { Sizing } from './sizing';

const rolloutOf = (component: Component) => `${component.kind.toLowerCase()}/${component.name}`;

function assignment(name: string, value: string | number | readonly string[]): string {
  if (Array.isArray(value)) return `${name}=(${value.map(shellQuote).join(' ')})`;
  return `${name}=${shellQuote(String(value))}`;
}

export interface OperationsInput {
  settings: StackSettings;
  release: Release;
  components: Component[];
  installJobs: Component[];
  /** The rendered configuration: install Jobs are named after what they mount. */
  configFiles: ConfigFiles;
  sizing: Sizing;
  /** Project name of the stack root, for messages that name Nx targets. */
  infraProject: string;
  directory: string;
  /** With `--gitops=argocd`: the Application that syncs the stack. */
  argocd?: { application: string; namespace: string };
}

/**
 * `scripts/stack.env.sh`: what the operations scripts know about this stack, as shell assignments.
 * Derived from the same catalogue as the manifests; every value is quoted for the shell.
 */
export function operationsEnv(input: OperationsInput): string {
  const { settings, release, components, installJobs, sizing } = input;
  const longRunning = components.filter(isLongRunning);
  const data = longRunning.filter((component) => isDataService(component, release));
  const applications = longRunning.filter((component) => !isDataService(component, release));
  const values: [string, string | number | readonly string[]][] = [
    ['SENTRY_VERSION', release.version],
    ['SENTRY_PROFILE', settings.profile],
    ['SENTRY_NAMESPACE', settings.namespace],
    ['SENTRY_URL', `https://${settings.domain}`],
    ['SENTRY_ADMIN_EMAIL', settings.adminEmail],
    ['STACK_DIRECTORY', input.directory],
    ['INFRA_PROJECT', input.infraProject],
    ['STORAGE_CLASS', settings.storageClass],
    ['INGRESS_CLASS', settings.ingressClass],
    // The cert-manager issuer the Ingress names (empty with an existing TLS Secret): setup.sh checks it exists.
    ['CERT_MANAGER_ISSUER_KIND', settings.tls.mode === 'cert-manager' ? settings.tls.issuerKind : ''],
    ['CERT_MANAGER_ISSUER', settings.tls.mode === 'cert-manager' ? settings.tls.issuer : ''],
    ['REQUESTED_MEMORY_MI', sizing.totals.memoryRequest],
    ['REQUESTED_CPU_M', sizing.totals.cpuRequest],
    ['MIN_MEMORY_MB', release.minimumRequirements[settings.profile].memoryMb],
    ['MIN_CPUS', release.minimumRequirements[settings.profile].cpus],
    ['CORE_SECRET', secretNames.core],
    ['RELAY_SECRET', secretNames.relay],
    ['GENERATED_SECRET_KEYS', generatedSecretKeys],
    ['RELAY_PUBLIC_KEY_KEY', secretEnv.SENTRY_RELAY_PUBLIC_KEY],
    ['MAIL_PASSWORD_KEY', settings.mail.username ? secretEnv.SENTRY_MAIL_PASSWORD : ''],
    [
      'GITHUB_SECRET_KEYS',
      settings.github
        ? [
            secretEnv.SENTRY_GITHUB_APP_WEBHOOK_SECRET,
            secretEnv.SENTRY_GITHUB_APP_CLIENT_SECRET,
            secretEnv.SENTRY_GITHUB_APP_PRIVATE_KEY,
          ]
        : [],
    ],
    ['RELAY_IMAGE', imageFor(release, 'relay', settings.imageRegistry)],
    // Empty when the images come from their own registries (no --imageRegistry): mirror-images.sh then only lists.
    ['IMAGE_REGISTRY', settings.imageRegistry ?? ''],
    ['DATA_COMPONENTS', data.map(({ name }) => name)],
    ['DATA_ROLLOUTS', data.map(rolloutOf)],
    ['APPLICATION_COMPONENTS', applications.map(({ name }) => name)],
    ['APPLICATION_ROLLOUTS', applications.map(rolloutOf)],
    ['BOOTSTRAP_STEPS', installJobs.map(({ name }) => name)],
    // The Job of each step, in the same order (named after a hash of its spec and configuration).
    [
      'BOOTSTRAP_JOBS',
      installJobs.map((job) => installJob(job, settings, release, input.configFiles).metadata.name),
    ],
    // The Application Argo CD syncs the stack with (empty without --gitops=argocd): setup.sh applies it and
    // leaves the rest to Argo CD; restore.sh and upgrade.sh pause its auto-sync while Sentry is stopped and
    // put back this policy, the one the Application was generated with.
    ['ARGOCD_APPLICATION', input.argocd?.application ?? ''],
    ['ARGOCD_NAMESPACE', input.argocd?.namespace ?? ''],
    [
      'ARGOCD_AUTOMATED_PATCH',
      input.argocd ? JSON.stringify({ spec: { syncPolicy: { automated: syncPolicy.automated } } }) : '',
    ],
    // `kubectl get nodes --selector` of the nodes the stack is kept on (--nodeSelector); empty: any node.
    ['NODE_SELECTOR', labelSelector(settings.nodeSelector)],
    // `kubectl run --overrides` of the one-shot pods the scripts start, so they stay on that node too.
    [
      'RUN_OVERRIDES',
      settings.nodeSelector ? JSON.stringify({ spec: { nodeSelector: settings.nodeSelector } }) : '',
    ],
    ['HAS_POSTGRES', components.some(({ name }) => name === 'postgres') ? 'yes' : 'no'],
    ['HARD_STOPS', release.hardStops],
    ['CLICKHOUSE_VERSION', release.clickhouseVersion],
    ['CLICKHOUSE_UPGRADE_CHAIN', release.clickhouseUpgradeChain],
  ];
  return [
    '# shellcheck shell=bash disable=SC2034',
    '# What the operations scripts know about this stack; generated with the manifests. Regenerate, do not edit.',
    ...values.map(([name, value]) => assignment(name, value)),
    '',
  ].join('\n');
}
