import type { IIngressSpec } from 'kubernetes-models/networking.k8s.io/v1';
import type { IKeyToPath } from 'kubernetes-models/v1';
import { listOf, objectOf, type KubernetesObject } from './kubernetes-object';
import { containersOf, podTemplatesOf } from './pod-specs';

/** A Secret the rendered objects need; `key` when a specific key of it is read. */
export interface SecretReference {
  name: string;
  key?: string;
}

/**
 * Every Secret (and key) the objects reference: pod volumes (plain and projected), envFrom,
 * env secretKeyRef, imagePullSecrets and Ingress TLS. Secrets are deliberately not rendered —
 * they are created at deploy time — so instead of an existence check, specs compare this list
 * with what the deploy step creates. Sorted by name then key, without duplicates.
 */
export function referencedSecrets(objects: KubernetesObject[]): SecretReference[] {
  const references: SecretReference[] = [];
  const add = (name: string | undefined, keys: (string | undefined)[] = [undefined]) => {
    if (name) references.push(...keys.map((key) => (key === undefined ? { name } : { name, key })));
  };
  const itemKeys = (items: IKeyToPath[] | undefined) => {
    const keys = listOf(items).map((item) => item.key);
    return keys.length > 0 ? keys : undefined;
  };

  for (const { spec } of podTemplatesOf(objects)) {
    for (const volume of listOf(spec.volumes)) {
      if (volume.secret) add(volume.secret.secretName, itemKeys(volume.secret.items));
      for (const source of listOf(volume.projected?.sources)) {
        if (source.secret) add(source.secret.name, itemKeys(source.secret.items));
      }
    }
    for (const { container } of containersOf(spec)) {
      for (const envFrom of listOf(container.envFrom)) add(envFrom.secretRef?.name);
      for (const env of listOf(container.env)) {
        const keyRef = env.valueFrom?.secretKeyRef;
        if (keyRef) add(keyRef.name, [keyRef.key]);
      }
    }
    for (const pullSecret of listOf(spec.imagePullSecrets)) add(pullSecret.name);
  }
  for (const ingress of objects.filter((object) => object.kind === 'Ingress')) {
    for (const tls of listOf(objectOf<IIngressSpec>(ingress['spec']).tls)) add(tls.secretName);
  }
  return dedupeAndSort(references);
}

function dedupeAndSort(references: SecretReference[]): SecretReference[] {
  const byIdentity = new Map(
    references.map((reference) => [`${reference.name}\0${reference.key ?? ''}`, reference]),
  );
  return [...byIdentity.values()].sort(
    (a, b) => compare(a.name, b.name) || compare(a.key ?? '', b.key ?? ''),
  );
}

/** Code-unit order, so the result does not depend on the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
