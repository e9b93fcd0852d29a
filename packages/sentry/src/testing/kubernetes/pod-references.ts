import type { IKeyToPath } from 'kubernetes-models/v1';
import { listOf, mapOf, type KubernetesObject } from './kubernetes-object';
import { containersOf, type PodTemplate } from './pod-specs';

/**
 * Pod specs naming ConfigMaps, keys, PVCs, volumes or ServiceAccounts that are not rendered:
 * the API server accepts them, and the pods then hang in ContainerCreating / CreateContainerConfigError.
 * (Secrets are created at deploy time, so their references are collected by referencedSecrets.)
 */
export function podReferenceProblems(objects: KubernetesObject[], templates: PodTemplate[]): string[] {
  return templates.flatMap((template) => {
    const inNamespace = (kind: string, name: string | undefined) =>
      objects.find(
        (object) =>
          object.kind === kind &&
          object.metadata?.name === name &&
          object.metadata?.namespace === template.namespace,
      );
    return [
      ...configMapProblems(template, (name) => inNamespace('ConfigMap', name)),
      ...claimProblems(template, (name) => inNamespace('PersistentVolumeClaim', name) !== undefined),
      ...mountProblems(template),
      ...serviceAccountProblems(template, (name) => inNamespace('ServiceAccount', name) !== undefined),
    ].map((problem) => `${template.ownerDescription} ${problem}`);
  });
}

interface ConfigMapReference {
  where: string;
  name: string | undefined;
  keys: string[];
  optional: boolean;
}

function configMapReferencesOf({ spec, specPath }: PodTemplate): ConfigMapReference[] {
  const references: ConfigMapReference[] = [];
  const itemKeys = (items: IKeyToPath[] | undefined) => listOf(items).map((item) => item.key);
  for (const volume of listOf(spec.volumes)) {
    const where = `${specPath}.volumes[${volume.name}]`;
    if (volume.configMap) {
      const { name, items, optional } = volume.configMap;
      references.push({ where, name, keys: itemKeys(items), optional: optional === true });
    }
    for (const source of listOf(volume.projected?.sources)) {
      if (!source.configMap) continue;
      const { name, items, optional } = source.configMap;
      references.push({
        where: `${where} projected`,
        name,
        keys: itemKeys(items),
        optional: optional === true,
      });
    }
  }
  for (const { container, description } of containersOf(spec)) {
    const where = `${specPath} ${description}`;
    for (const envFrom of listOf(container.envFrom)) {
      if (!envFrom.configMapRef) continue;
      const { name, optional } = envFrom.configMapRef;
      references.push({ where: `${where} envFrom`, name, keys: [], optional: optional === true });
    }
    for (const env of listOf(container.env)) {
      const keyRef = env.valueFrom?.configMapKeyRef;
      if (!keyRef) continue;
      references.push({
        where: `${where} env ${env.name}`,
        name: keyRef.name,
        keys: [keyRef.key],
        optional: keyRef.optional === true,
      });
    }
  }
  return references;
}

function configMapProblems(
  template: PodTemplate,
  findConfigMap: (name: string | undefined) => KubernetesObject | undefined,
): string[] {
  return configMapReferencesOf(template).flatMap(({ where, name, keys, optional }) => {
    // `optional: true` is the pod author saying absence is fine.
    if (optional) return [];
    const configMap = findConfigMap(name);
    if (!configMap) return [`${where}: ConfigMap "${name}" does not exist`];
    const data = {
      ...mapOf(configMap['binaryData'] as Record<string, unknown>),
      ...mapOf(configMap['data'] as Record<string, unknown>),
    };
    return keys
      .filter((key) => !Object.hasOwn(data, key))
      .map((key) => `${where}: ConfigMap "${name}" has no key "${key}"`);
  });
}

function claimProblems(template: PodTemplate, claimExists: (name: string | undefined) => boolean): string[] {
  return listOf(template.spec.volumes).flatMap((volume) => {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (claimName === undefined || claimExists(claimName)) return [];
    return [
      `${template.specPath}.volumes[${volume.name}]: PersistentVolumeClaim "${claimName}" does not exist`,
    ];
  });
}

function mountProblems({ spec, specPath, claimTemplateNames }: PodTemplate): string[] {
  const mountable = new Set([...listOf(spec.volumes).map((volume) => volume.name), ...claimTemplateNames]);
  return containersOf(spec).flatMap(({ container, description }) => [
    ...listOf(container.volumeMounts)
      .filter((mount) => !mountable.has(mount.name))
      .map(
        (mount) =>
          `${specPath} ${description} volumeMount "${mount.mountPath}": no volume named "${mount.name}"`,
      ),
    ...listOf(container.volumeDevices)
      .filter((device) => !mountable.has(device.name))
      .map(
        (device) =>
          `${specPath} ${description} volumeDevice "${device.devicePath}": no volume named "${device.name}"`,
      ),
  ]);
}

function serviceAccountProblems(template: PodTemplate, accountExists: (name: string) => boolean): string[] {
  const { serviceAccountName, serviceAccount } = template.spec;
  const name = serviceAccountName ?? serviceAccount;
  // Every namespace gets a "default" ServiceAccount from the controller manager.
  if (name === undefined || name === 'default' || accountExists(name)) return [];
  return [`${template.specPath}.serviceAccountName: ServiceAccount "${name}" does not exist`];
}
