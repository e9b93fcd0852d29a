import { containerRuleProblems } from './container-rules';
import { describeObject, type KubernetesObject } from './kubernetes-object';
import { namespaceProblems } from './namespaces';
import { podReferenceProblems } from './pod-references';
import { podTemplatesOf } from './pod-specs';
import { selectorReferenceProblems } from './selector-references';
import { serviceReferenceProblems } from './service-references';

/**
 * Consistency problems between objects that `kubectl apply` accepts and a cluster reveals only
 * at runtime (see each check's file for the details):
 * - Services selecting no pods or targeting undeclared container ports; Ingress backends and
 *   StatefulSet serviceNames naming missing Services or ports;
 * - ConfigMaps (and their keys), PVCs, volumes and ServiceAccounts that pod specs reference but
 *   that are not rendered (Secrets excepted: see referencedSecrets);
 * - containers without requests, memory limit, probes or a no-privilege-escalation context;
 * - NetworkPolicy / PodDisruptionBudget selectors that select no pod;
 * - objects outside the stack's single namespace, and objects rendered twice.
 * Pod specs of Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and Pods are all checked.
 * Returns one human-readable line per problem; empty when consistent.
 */
export function crossReferenceProblems(objects: KubernetesObject[]): string[] {
  const templates = podTemplatesOf(objects);
  return [
    ...duplicateProblems(objects),
    ...namespaceProblems(objects),
    ...serviceReferenceProblems(objects, templates),
    ...podReferenceProblems(objects, templates),
    ...containerRuleProblems(templates),
    ...selectorReferenceProblems(objects, templates),
  ];
}

/** kubectl applies both copies, the second silently winning. */
function duplicateProblems(objects: KubernetesObject[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const object of objects) {
    const identity = `${object.apiVersion.split('/').slice(0, -1).join('/')}|${object.kind}|${object.metadata?.namespace ?? ''}|${object.metadata?.name ?? ''}`;
    if (seen.has(identity)) problems.push(`${describeObject(object)}: rendered more than once`);
    seen.add(identity);
  }
  return problems;
}
