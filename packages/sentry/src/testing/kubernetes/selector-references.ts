import type { INetworkPolicyPeer, INetworkPolicySpec } from 'kubernetes-models/networking.k8s.io/v1';
import { describeObject, listOf, mapOf, objectOf, type KubernetesObject } from './kubernetes-object';
import { formatSelector, labelSelectorMatches, type LabelSelector } from './label-selectors';
import type { PodTemplate } from './pod-specs';

/**
 * NetworkPolicy and PodDisruptionBudget selectors that select no pod: a misspelt label in a
 * policy silently leaves pods unprotected, or (in a `from`/`to` peer) silently blocks traffic.
 * An empty selector `{}` selects every pod of the namespace and is always fine.
 */
export function selectorReferenceProblems(objects: KubernetesObject[], templates: PodTemplate[]): string[] {
  return objects.flatMap((object) => {
    const where = describeObject(object);
    // A missing selector selects nothing (policy/v1 PDB semantics); the schema check reports
    // a missing NetworkPolicy podSelector.
    const selects = (selector: LabelSelector | undefined, candidates: PodTemplate[]) =>
      selector !== undefined &&
      (isEmpty(selector) ||
        candidates.some(
          (template) =>
            template.namespace === object.metadata?.namespace &&
            labelSelectorMatches(selector, template.labels),
        ));
    if (object.kind === 'NetworkPolicy') {
      const spec = objectOf<INetworkPolicySpec>(object['spec']);
      return selectorsOf(spec)
        .filter(({ selector }) => !selects(selector, templates))
        .map(
          ({ path, selector }) => `${where} ${path}: ${formatSelector(selector)} selects no workload's pods`,
        );
    }
    if (object.kind === 'PodDisruptionBudget') {
      const selector = (object['spec'] as { selector?: LabelSelector } | undefined)?.selector;
      const longRunning = templates.filter((template) => template.longRunning);
      return selects(selector, longRunning)
        ? []
        : [`${where} spec.selector: ${formatSelector(selector)} selects no Deployment/StatefulSet pods`];
    }
    return [];
  });
}

function isEmpty(selector: LabelSelector): boolean {
  return (
    Object.keys(mapOf(selector.matchLabels)).length === 0 && listOf(selector.matchExpressions).length === 0
  );
}

/** The policy's own podSelector, and peer podSelectors that address this namespace. */
function selectorsOf(
  spec: Partial<INetworkPolicySpec>,
): { path: string; selector: LabelSelector | undefined }[] {
  const found: { path: string; selector: LabelSelector | undefined }[] = [
    { path: 'spec.podSelector', selector: spec.podSelector },
  ];
  const addPeers = (peers: INetworkPolicyPeer[] | undefined, path: string) =>
    listOf(peers).forEach((peer, index) => {
      // With a namespaceSelector the peer's pods live in other namespaces we do not render.
      if (peer.podSelector && !peer.namespaceSelector) {
        found.push({ path: `${path}[${index}].podSelector`, selector: peer.podSelector });
      }
    });
  listOf(spec.ingress).forEach((rule, index) => addPeers(rule.from, `spec.ingress[${index}].from`));
  listOf(spec.egress).forEach((rule, index) => addPeers(rule.to, `spec.egress[${index}].to`));
  return found;
}
