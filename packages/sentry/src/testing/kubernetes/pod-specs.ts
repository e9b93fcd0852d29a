import type { IContainer, IPodSpec, IPodTemplateSpec } from 'kubernetes-models/v1';
import { describeObject, listOf, mapOf, objectOf, type KubernetesObject } from './kubernetes-object';

/** A pod spec found inside a workload, with what the checks need to know about its owner. */
export interface PodTemplate {
  owner: KubernetesObject;
  /** `Kind/name` of the owner, for messages. */
  ownerDescription: string;
  namespace?: string;
  /** The labels the pods will carry, which Services, NetworkPolicies and PDBs select on. */
  labels: Record<string, string>;
  spec: IPodSpec;
  /** Dotted path of `spec` inside the owner, for messages. */
  specPath: string;
  /** Restarted forever (Deployment, StatefulSet, DaemonSet): needs probes and restartPolicy Always. */
  longRunning: boolean;
  /** StatefulSet volumeClaimTemplates: a volumeMount may name one without a `volumes` entry. */
  claimTemplateNames: string[];
}

export interface ContainerInPod {
  container: IContainer;
  /** Init containers run to completion before the others: they take no probes. */
  init: boolean;
  /** `container "web"` / `init container "migrate"`, for messages. */
  description: string;
}

const longRunningKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** Every pod template in the objects: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod. */
export function podTemplatesOf(objects: KubernetesObject[]): PodTemplate[] {
  return objects.flatMap((object) => {
    const found = podTemplateOf(object);
    const spec = found?.template.spec;
    if (!found || spec === null || typeof spec !== 'object') return [];
    return [
      {
        owner: object,
        ownerDescription: describeObject(object),
        namespace: object.metadata?.namespace,
        labels: mapOf(found.template.metadata?.labels),
        spec,
        specPath: found.specPath,
        longRunning: longRunningKinds.has(object.kind),
        claimTemplateNames: claimTemplateNamesOf(object),
      },
    ];
  });
}

function podTemplateOf(
  object: KubernetesObject,
): { template: Partial<IPodTemplateSpec>; specPath: string } | undefined {
  const spec = objectOf<{ template: unknown; jobTemplate: { spec?: { template?: unknown } } }>(
    object['spec'],
  );
  switch (object.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return { template: objectOf<IPodTemplateSpec>(spec.template), specPath: 'spec.template.spec' };
    case 'CronJob':
      return {
        template: objectOf<IPodTemplateSpec>(spec.jobTemplate?.spec?.template),
        specPath: 'spec.jobTemplate.spec.template.spec',
      };
    case 'Pod':
      return { template: { metadata: object.metadata, spec: object['spec'] as IPodSpec }, specPath: 'spec' };
    default:
      return undefined;
  }
}

function claimTemplateNamesOf(object: KubernetesObject): string[] {
  if (object.kind !== 'StatefulSet') return [];
  const templates = objectOf<{ volumeClaimTemplates: { metadata?: { name?: string } }[] }>(
    object['spec'],
  ).volumeClaimTemplates;
  return listOf(templates).flatMap((template) => template.metadata?.name ?? []);
}

/** Init containers first, in the order the kubelet starts them. */
export function containersOf(spec: IPodSpec): ContainerInPod[] {
  return [
    ...listOf(spec.initContainers).map((container) => ({
      container,
      init: true,
      description: `init container "${container.name}"`,
    })),
    ...listOf(spec.containers).map((container) => ({
      container,
      init: false,
      description: `container "${container.name}"`,
    })),
  ];
}
