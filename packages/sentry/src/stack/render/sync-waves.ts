import type { Component } from '../component';
import { isDataService, isLongRunning } from '../component-roles';
import type { Release } from '../releases';
import type { KubernetesObject } from './kubernetes-object';
import { mountsSentryData } from './pod-spec';

/**
 * Argo CD's order for the stack, the install order of setup.sh (getsentry/self-hosted install.sh@26.8.0 too):
 * data services, then the install steps one after another, then everything else. Argo CD applies a wave only
 * once every resource of the waves before is healthy, and a Sync hook of a wave counts once its Job completed
 * (argoproj/argo-cd docs/user-guide/sync-waves.md@v3.1.0). Unannotated objects (the Namespace, the ConfigMaps
 * Kustomize generates) are in wave 0, before all of these.
 */
export interface SyncWaves {
  /** The wave of a component's or install step's objects. */
  of(component: Component): number;
  /**
   * The wave of the shared `sentry-data` claim: that of the first pods mounting it. A claim of a
   * WaitForFirstConsumer StorageClass stays Pending, which Argo CD reports as Progressing, until a pod uses it;
   * in a wave of its own before its consumers it would hold the sync forever.
   */
  sentryData: number;
  /** The last wave: the long-running Sentry services, CronJobs and the Ingress. */
  workloads: number;
}

const dataWave = 1;

export function syncWaves(components: Component[], installJobs: Component[], release: Release): SyncWaves {
  const firstStepWave = dataWave + 1;
  const workloadWave = firstStepWave + installJobs.length;
  const of = (component: Component) => {
    const step = installJobs.findIndex(({ name }) => name === component.name);
    if (step !== -1) return firstStepWave + step;
    return isLongRunning(component) && isDataService(component, release) ? dataWave : workloadWave;
  };
  const sentryDataUsers = [...components, ...installJobs].filter(mountsSentryData).map(of);
  return { of, sentryData: Math.min(workloadWave, ...sentryDataUsers), workloads: workloadWave };
}

const annotation = (name: string) => `argocd.argoproj.io/${name}`;

/**
 * Never pruned nor deleted with the Application: Argo CD would otherwise delete a claim (and its data) that a
 * changed option stops rendering, or everything when the Application is deleted (argoproj/argo-cd
 * docs/user-guide/sync-options.md@v3.1.0, "No Prune Resources", "No Resource Deletion").
 */
export const keepAnnotations = { [annotation('sync-options')]: 'Prune=false,Delete=false' };

/**
 * The Argo CD annotations of one folder's objects. An install step's Job becomes a Sync hook: created in its
 * wave and awaited until complete. Argo CD creates hooks on every sync (argoproj/argo-cd
 * docs/user-guide/resource_hooks.md@v3.1.0); each step is idempotent (catalogue/install-jobs.ts), so a re-run
 * changes nothing, and BeforeHookCreation deletes the Job of the same name first, as a Job's template cannot
 * change. The last run's Job stays for its logs until the next sync (or its TTL).
 */
export function withSyncWave(objects: KubernetesObject[], wave: number, hook = false): KubernetesObject[] {
  return objects.map((object) => ({
    ...object,
    metadata: {
      ...object.metadata,
      annotations: {
        ...object.metadata.annotations,
        [annotation('sync-wave')]: String(wave),
        ...(object.kind === 'PersistentVolumeClaim' ? keepAnnotations : {}),
        ...(hook && object.kind === 'Job'
          ? { [annotation('hook')]: 'Sync', [annotation('hook-delete-policy')]: 'BeforeHookCreation' }
          : {}),
      },
    },
  }));
}
