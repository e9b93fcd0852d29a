import type { Component, ConfigBundle } from '../component';
import type { Release } from '../releases';
import type { StackSettings } from '../settings';
import { configMounts } from './config-mounts';
import { ingresses } from './ingress';
import type { KubernetesObject } from './kubernetes-object';
import { componentLabels, partOf } from './labels';
import { allowIngress, defaultDeny } from './network-policies';
import { sentryDataClaim } from './pod-spec';
import { keepAnnotations, syncWaves, withSyncWave } from './sync-waves';
import { componentObjects } from './workloads';
import { toYamlDocuments } from './yaml-documents';

/** One folder of the generated stack; each becomes an Nx project. */
export interface StackFolder {
  /** Relative to the stack directory, e.g. `components/web`. */
  path: string;
  role: 'component' | 'config' | 'base' | 'edge' | 'bootstrap';
  /** Configuration bundles its manifests mount: a change there must redeploy this folder. */
  configBundles: ConfigBundle[];
  files: Record<string, string>;
}

export interface StackInput {
  settings: StackSettings;
  release: Release;
  components: Component[];
  installJobs: Component[];
  configFiles: Record<ConfigBundle, Record<string, string>>;
  /** Namespace of the ingress controller, admitted to web and relay. */
  ingressControllerNamespace: string;
  /** Namespaces of in-cluster SDK clients, admitted to relay. */
  clientNamespaces?: readonly string[];
  /** Argo CD syncs the stack (`--gitops=argocd`): its objects carry sync waves, the install Jobs are hooks. */
  gitops?: boolean;
}

const kustomizeApi = 'kustomize.config.k8s.io/v1beta1';
const manifestsFile = 'manifests.yaml';

/** A deployable folder: its manifests plus a kustomization that pulls in the config it mounts. */
function deployableFolder(
  path: string,
  role: StackFolder['role'],
  objects: KubernetesObject[],
  configBundles: ConfigBundle[],
  namespace: string,
): StackFolder {
  const kustomization = {
    apiVersion: kustomizeApi,
    kind: 'Kustomization',
    namespace,
    resources: [manifestsFile],
    ...(configBundles.length ? { components: configBundles.map((bundle) => `../../config/${bundle}`) } : {}),
  };
  return {
    path,
    role,
    configBundles,
    files: {
      'kustomization.yaml': toYamlDocuments([kustomization]),
      [manifestsFile]: toYamlDocuments(objects),
    },
  };
}

/** A Kustomize Component generating one ConfigMap; its hash suffix rolls every pod that mounts it. */
function configFolder(bundle: ConfigBundle, files: Record<string, string>): StackFolder {
  const component = {
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    configMapGenerator: [{ name: configMounts[bundle].configMap, files: Object.keys(files).sort() }],
    generatorOptions: { labels: { 'app.kubernetes.io/part-of': partOf } },
  };
  return {
    path: `config/${bundle}`,
    role: 'config',
    configBundles: [bundle],
    files: { ...files, 'kustomization.yaml': toYamlDocuments([component]) },
  };
}

/** Who may connect to each component: its dependants, plus the ingress controller for the edge. */
function peersOf(
  component: Component,
  everyone: Component[],
  ingressNamespace: string,
  clientNamespaces: readonly string[],
) {
  return {
    components: everyone
      .filter(({ dependsOn }) => dependsOn.includes(component.name))
      .map(({ name }) => name),
    namespaces: [
      ...(['web', 'relay'].includes(component.name) ? [ingressNamespace] : []),
      // Apps in the cluster send their events straight to Relay, as the SDKs do through the Ingress.
      ...(component.name === 'relay' ? clientNamespaces : []),
    ],
  };
}

export function stackFolders(input: StackInput): StackFolder[] {
  const { settings, release, components, installJobs, configFiles, ingressControllerNamespace } = input;
  const clientNamespaces = input.clientNamespaces ?? [];
  const version = release.version;
  const everyone = [...components, ...installJobs];
  const bundlesOf = (list: Component[]) => [...new Set(list.flatMap(({ config }) => config ?? []))].sort();
  const waves = syncWaves(components, installJobs, release);
  const inWave = (objects: KubernetesObject[], wave: number, hook = false) =>
    input.gitops ? withSyncWave(objects, wave, hook) : objects;

  const sentryData: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: sentryDataClaim, labels: componentLabels('sentry-data', version) },
    spec: {
      // Shared by every Sentry pod, as upstream's sentry-data volume; on more than one node this needs a
      // ReadWriteMany class (or an S3 filestore).
      accessModes: ['ReadWriteOnce'],
      storageClassName: settings.storageClass,
      resources: { requests: { storage: '10Gi' } },
    },
  };
  const base = deployableFolder(
    'base',
    'base',
    [...inWave([defaultDeny(version)], 0), ...inWave([sentryData], waves.sentryData)],
    [],
    settings.namespace,
  );
  const edge = deployableFolder(
    'edge',
    'edge',
    inWave(ingresses(settings, version), waves.workloads),
    [],
    settings.namespace,
  );
  const componentFolders = components.map((component) =>
    deployableFolder(
      `components/${component.name}`,
      'component',
      inWave(
        [
          ...componentObjects(component, settings, release, configFiles),
          ...allowIngress(
            component,
            peersOf(component, everyone, ingressControllerNamespace, clientNamespaces),
            version,
          ),
        ],
        waves.of(component),
      ),
      bundlesOf([component]),
      settings.namespace,
    ),
  );
  // The install Jobs keep the folder (and so the Nx project and tag) `bootstrap/` that workspaces already have:
  // renaming it would change their project names and targets; only the code says install Jobs.
  const installJobsFolder = deployableFolder(
    'bootstrap',
    'bootstrap',
    installJobs.flatMap((job) =>
      inWave(componentObjects(job, settings, release, configFiles), waves.of(job), true),
    ),
    bundlesOf(installJobs),
    settings.namespace,
  );
  const usedBundles = bundlesOf(everyone);
  const configFolders = usedBundles.map((bundle) => configFolder(bundle, configFiles[bundle]));
  return [base, edge, ...componentFolders, installJobsFolder, ...configFolders];
}

/**
 * The stack directory's own files: the Namespace, and a kustomization with every folder's manifests once and
 * every ConfigMap once, which is what Argo CD syncs with `--gitops=argocd`. Argo CD then never deletes the
 * Namespace: that would take the claims and the Secrets setup.sh generated with it.
 */
export function rootFiles(folders: StackFolder[], namespace: string, gitops = false): Record<string, string> {
  const namespaceObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: { 'app.kubernetes.io/part-of': partOf },
      ...(gitops ? { annotations: keepAnnotations } : {}),
    },
  };
  const kustomization = {
    apiVersion: kustomizeApi,
    kind: 'Kustomization',
    namespace,
    resources: [
      'namespace.yaml',
      ...folders.filter(({ role }) => role !== 'config').map(({ path }) => `${path}/${manifestsFile}`),
    ],
    components: folders.filter(({ role }) => role === 'config').map(({ path }) => path),
  };
  return {
    'kustomization.yaml': toYamlDocuments([kustomization]),
    'namespace.yaml': toYamlDocuments([namespaceObject]),
  };
}
