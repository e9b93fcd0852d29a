import { describeObject, type KubernetesObject } from './kubernetes-object';

/** Kinds that live outside namespaces (the ones a stack might render). */
const clusterScopedKinds = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'PriorityClass',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
]);

export function isNamespaced(object: KubernetesObject): boolean {
  return !clusterScopedKinds.has(object.kind);
}

/**
 * The stack must land in exactly one namespace: a missing namespace means "whatever the
 * kubeconfig context says" (so Services would not find each other), mixed ones break DNS
 * short names. When a Namespace object is rendered, it must be that namespace.
 */
export function namespaceProblems(objects: KubernetesObject[]): string[] {
  const namespaced = objects.filter(isNamespaced);
  const problems = namespaced
    .filter((object) => !object.metadata?.namespace)
    .map((object) => `${describeObject(object)}: has no metadata.namespace`);
  const counts = new Map<string, number>();
  for (const object of namespaced) {
    const namespace = object.metadata?.namespace;
    if (namespace) counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
  }
  if (counts.size > 1) {
    // Majority first: the odd ones out are usually the mistake.
    const summary = [...counts]
      .sort(([, a], [, b]) => b - a)
      .map(([namespace, count]) => `${namespace} (${count})`)
      .join(', ');
    problems.push(`namespaced objects are spread over several namespaces: ${summary}`);
  }
  const rendered = objects
    .filter((object) => object.kind === 'Namespace')
    .map((object) => object.metadata?.name);
  if (counts.size === 1 && rendered.length > 0) {
    const [used] = counts.keys();
    if (!rendered.includes(used)) {
      problems.push(
        `objects are in namespace "${used}" but the rendered Namespace is ${rendered.map((name) => `"${name}"`).join(', ')}`,
      );
    }
  }
  return problems;
}
