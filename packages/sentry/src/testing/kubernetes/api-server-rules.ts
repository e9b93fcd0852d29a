import type { IServiceSpec } from 'kubernetes-models/v1';
import { describeObject, listOf, mapOf, objectOf, type KubernetesObject } from './kubernetes-object';
import { labelSelectorMatches, type LabelSelector } from './label-selectors';
import {
  configMapKeyProblem,
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  ianaServiceNameProblem,
  labelKeyProblem,
  labelValueProblem,
} from './name-formats';
import { containersOf, podTemplatesOf, type PodTemplate } from './pod-specs';

/**
 * Rules `kubectl apply` would fail on that the OpenAPI schemas cannot express: name formats,
 * uniqueness, selector/template agreement, one source per volume, restart policies.
 * Only the rules a generator can plausibly get wrong; not the API server's full validation.
 */
export function apiServerRuleProblems(object: KubernetesObject): string[] {
  const problems = [...metadataProblems(object), ...podTemplatesOf([object]).flatMap(podTemplateProblems)];
  if (object.kind === 'ConfigMap') problems.push(...configMapProblems(object));
  if (object.kind === 'Service') problems.push(...serviceProblems(object));
  const where = describeObject(object);
  return problems.map((problem) => `${where} ${problem}`);
}

function metadataProblems(object: KubernetesObject): string[] {
  const { name, namespace, labels } = object.metadata ?? {};
  if (typeof name !== 'string' || name === '') return ['metadata.name: is required'];
  const problems = [
    prefixed('metadata.name', nameProblem(object.kind, name)),
    namespace === undefined
      ? undefined
      : prefixed('metadata.namespace', dns1123LabelProblem(String(namespace))),
    ...labelProblems(labels).map((problem) => prefixed('metadata.labels', problem)),
  ];
  return problems.filter((problem) => problem !== undefined);
}

function nameProblem(kind: string, name: string): string | undefined {
  switch (kind) {
    case 'Namespace':
      return dns1123LabelProblem(name);
    case 'Service':
      return dns1035LabelProblem(name);
    case 'CronJob':
      // Job names get an 11-character timestamp suffix and must stay within 63.
      return name.length > 52 ? `"${name}" is longer than 52 characters` : dns1123SubdomainProblem(name);
    default:
      return dns1123SubdomainProblem(name);
  }
}

function labelProblems(labels: Record<string, string> | undefined): (string | undefined)[] {
  return Object.entries(mapOf(labels)).flatMap(([key, value]) => [
    labelKeyProblem(key),
    labelValueProblem(value),
  ]);
}

function podTemplateProblems(template: PodTemplate): string[] {
  const { owner, spec, specPath, labels, longRunning } = template;
  const templatePath = specPath.replace(/\.spec$/, '');
  // A bare Pod's labels are its metadata.labels, already checked above.
  const problems =
    owner.kind === 'Pod'
      ? []
      : labelProblems(labels).map((problem) => prefixed(`${templatePath}.metadata.labels`, problem));

  if (longRunning) {
    // A missing selector is the schema check's to report.
    const selector = objectOf<{ selector: LabelSelector }>(owner['spec']).selector;
    const empty =
      Object.keys(mapOf(selector?.matchLabels)).length === 0 &&
      listOf(selector?.matchExpressions).length === 0;
    if (selector && (empty || !labelSelectorMatches(selector, labels))) {
      problems.push('spec.selector: must be non-empty and match the pod template labels');
    }
  }
  const restartPolicy = spec.restartPolicy;
  if (longRunning && restartPolicy !== undefined && restartPolicy !== 'Always') {
    problems.push(`${specPath}.restartPolicy: must be Always for a ${owner.kind}`);
  }
  if (!longRunning && owner.kind !== 'Pod' && restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    problems.push(
      `${specPath}.restartPolicy: must be OnFailure or Never for a ${owner.kind} (the default Always is rejected)`,
    );
  }

  const containerNames = new Set<string>();
  for (const { container, description } of containersOf(spec)) {
    const where = `${specPath} ${description}`;
    problems.push(prefixed(where, dns1123LabelProblem(String(container.name))));
    if (containerNames.has(container.name)) problems.push(`${where}: duplicate container name`);
    containerNames.add(container.name);
    const portNames = new Set<string>();
    for (const port of listOf(container.ports)) {
      if (port.name === undefined) continue;
      problems.push(prefixed(`${where} port`, ianaServiceNameProblem(String(port.name))));
      if (portNames.has(port.name)) problems.push(`${where}: duplicate port name "${port.name}"`);
      portNames.add(port.name);
    }
  }

  const volumeNames = new Set<string>();
  for (const volume of listOf(spec.volumes)) {
    const where = `${specPath}.volumes[${volume.name}]`;
    problems.push(prefixed(where, dns1123LabelProblem(String(volume.name))));
    if (volumeNames.has(volume.name)) problems.push(`${where}: duplicate volume name`);
    volumeNames.add(volume.name);
    const sources = Object.keys(volume).filter((key) => key !== 'name');
    if (sources.length !== 1) {
      problems.push(
        `${where}: must have exactly one volume source, has ${sources.length} (${sources.join(', ')})`,
      );
    }
  }
  return problems.filter((problem) => problem !== undefined);
}

function configMapProblems(configMap: KubernetesObject): string[] {
  const data = mapOf(configMap['data'] as Record<string, unknown>);
  const binaryData = mapOf(configMap['binaryData'] as Record<string, unknown>);
  const problems = [...Object.keys(data), ...Object.keys(binaryData)].map((key) =>
    prefixed('data', configMapKeyProblem(key)),
  );
  for (const key of Object.keys(binaryData)) {
    if (Object.hasOwn(data, key)) problems.push(`binaryData: key "${key}" is also in data`);
  }
  return problems.filter((problem) => problem !== undefined);
}

function serviceProblems(service: KubernetesObject): string[] {
  const spec = objectOf<IServiceSpec>(service['spec']);
  const ports = listOf(spec.ports);
  const problems: (string | undefined)[] = [];
  if (ports.length === 0 && spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
    problems.push('spec.ports: required unless the Service is headless or ExternalName');
  }
  const names = new Set<string>();
  for (const port of ports) {
    const where = `spec.ports[${port.name ?? port.port}]`;
    if (port.name === undefined || port.name === '') {
      if (ports.length > 1) problems.push(`${where}: a name is required when a Service has several ports`);
    } else {
      problems.push(prefixed(where, dns1123LabelProblem(String(port.name))));
      if (names.has(port.name)) problems.push(`${where}: duplicate port name`);
      names.add(port.name);
    }
    if (typeof port.targetPort === 'string') {
      problems.push(prefixed(`${where}.targetPort`, ianaServiceNameProblem(port.targetPort)));
    }
  }
  return problems.filter((problem) => problem !== undefined);
}

function prefixed(where: string, problem: string | undefined): string | undefined {
  return problem && `${where}: ${problem}`;
}
