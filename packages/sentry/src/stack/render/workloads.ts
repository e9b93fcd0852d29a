import { createHash } from 'node:crypto';
import type { Component, ConfigBundle } from '../component';
import type { Release } from '../releases';
import type { StackSettings } from '../settings';
import type { KubernetesObject } from './kubernetes-object';
import { componentLabels, selectorLabels } from './labels';
import { claimName, podSpec } from './pod-spec';

/** The files of each configuration bundle, as rendered for the stack. */
export type ConfigFiles = Partial<Record<ConfigBundle, Record<string, string>>>;

/**
 * An install step's Job. A Job's spec.template is immutable once created (Kubernetes Job API,
 * https://kubernetes.io/docs/concepts/workloads/controllers/job/), so re-applying a changed one fails: the
 * name carries the release and a hash of the spec and of the configuration the pod mounts (whose ConfigMap
 * name Kustomize suffixes with a hash of its own). Same name, same Job; any change is a new Job, which
 * the operations scripts run after deleting the step's earlier ones.
 */
export function installJob(
  component: Component,
  settings: StackSettings,
  release: Release,
  configFiles: ConfigFiles,
): KubernetesObject {
  const labels = componentLabels(component.name, release.version);
  const spec = {
    backoffLimit: 6,
    // First migrations of an empty database take long; a short deadline is upstream users' #8 trap. Past
    // it the Job fails (condition Failed, reason DeadlineExceeded), which ends the scripts' wait.
    activeDeadlineSeconds: 3600,
    // Finished Jobs (and their logs) are removed after a week by the TTL-after-finished controller
    // (https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/); the scripts wait on a
    // Job right after applying it, and a removed one is created (and run) again by the next setup.
    ttlSecondsAfterFinished: 7 * 24 * 3600,
    template: {
      metadata: { labels },
      spec: { ...podSpec(component, settings, release), restartPolicy: 'OnFailure' },
    },
  };
  const mounted = (component.config ?? []).map((bundle) => [bundle, configFiles[bundle] ?? {}]);
  const hash = createHash('sha256').update(JSON.stringify({ spec, mounted })).digest('hex').slice(0, 8);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${component.name}-${release.version.replace(/\./g, '-')}-${hash}`, labels },
    spec,
  };
}

function replicasOf(component: Component, settings: StackSettings): number {
  return component.scalable ? (settings.replicas[component.name] ?? 1) : 1;
}

function workload(
  component: Component,
  settings: StackSettings,
  release: Release,
  configFiles: ConfigFiles,
): KubernetesObject {
  const labels = componentLabels(component.name, release.version);
  const metadata = { name: component.name, labels };
  const template = { metadata: { labels }, spec: podSpec(component, settings, release) };
  switch (component.kind) {
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata,
        spec: {
          schedule: component.schedule,
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            spec: {
              backoffLimit: 2,
              template: { ...template, spec: { ...template.spec, restartPolicy: 'OnFailure' } },
            },
          },
        },
      };
    case 'Job':
      return installJob(component, settings, release, configFiles);
    case 'StatefulSet':
      return {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata,
        spec: {
          serviceName: headlessServiceName(component),
          replicas: 1,
          selector: { matchLabels: selectorLabels(component.name) },
          template,
        },
      };
    case 'Deployment': {
      // A pod holding a ReadWriteOnce claim must stop before its successor can mount it.
      const ownsVolume = (component.volumes ?? []).some((volume) => !volume.owner);
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          replicas: replicasOf(component, settings),
          selector: { matchLabels: selectorLabels(component.name) },
          ...(ownsVolume ? { strategy: { type: 'Recreate' } } : {}),
          template,
        },
      };
    }
  }
}

/** A StatefulSet's governing Service must be headless; clients keep using the ordinary one. */
const headlessServiceName = (component: Component) => `${component.name}-headless`;

function services(component: Component, release: Release): KubernetesObject[] {
  if (!component.ports?.length) return [];
  const service = (name: string, headless: boolean): KubernetesObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: componentLabels(component.name, release.version) },
    spec: {
      ...(headless ? { clusterIP: 'None' } : {}),
      selector: selectorLabels(component.name),
      ports: (component.ports ?? []).map(({ name: portName, port }) => ({
        name: portName,
        port,
        targetPort: portName,
      })),
    },
  });
  return [
    service(component.name, false),
    ...(component.kind === 'StatefulSet' ? [service(headlessServiceName(component), true)] : []),
  ];
}

function claims(component: Component, settings: StackSettings, release: Release): KubernetesObject[] {
  return (component.volumes ?? [])
    .filter((volume) => !volume.owner)
    .map((volume) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(component, volume),
        labels: componentLabels(component.name, release.version),
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: settings.storageClass,
        resources: { requests: { storage: volume.size } },
      },
    }));
}

/** Everything one component needs of its own: claims, the workload, and its Service. */
export function componentObjects(
  component: Component,
  settings: StackSettings,
  release: Release,
  configFiles: ConfigFiles,
): KubernetesObject[] {
  return [
    ...claims(component, settings, release),
    workload(component, settings, release, configFiles),
    ...services(component, release),
  ];
}
