import type { IIngressBackend, IIngressSpec } from 'kubernetes-models/networking.k8s.io/v1';
import type { IContainerPort, IServicePort, IServiceSpec } from 'kubernetes-models/v1';
import { describeObject, listOf, mapOf, objectOf, type KubernetesObject } from './kubernetes-object';
import { formatSelector, mapSelectorMatches } from './label-selectors';
import { containersOf, type PodTemplate } from './pod-specs';

/**
 * Services that route to nothing, and Ingresses / StatefulSets naming Services or ports that do
 * not exist: all of these apply cleanly and only fail when traffic arrives.
 */
export function serviceReferenceProblems(objects: KubernetesObject[], templates: PodTemplate[]): string[] {
  const services = objects.filter((object) => object.kind === 'Service');
  return [
    ...services.flatMap((service) => serviceRoutingProblems(service, templates)),
    ...objects
      .filter((object) => object.kind === 'Ingress')
      .flatMap((ingress) => ingressProblems(ingress, services)),
    ...objects
      .filter((object) => object.kind === 'StatefulSet')
      .flatMap((statefulSet) => governingServiceProblems(statefulSet, services)),
  ];
}

function specOf(service: KubernetesObject): Partial<IServiceSpec> {
  return objectOf<IServiceSpec>(service['spec']);
}

function sameNamespace(a: KubernetesObject, namespace: string | undefined): boolean {
  return a.metadata?.namespace === namespace;
}

function serviceRoutingProblems(service: KubernetesObject, templates: PodTemplate[]): string[] {
  const where = describeObject(service);
  const spec = specOf(service);
  if (spec.type === 'ExternalName') return [];
  const selector = mapOf(spec.selector);
  if (Object.keys(selector).length === 0) {
    return [`${where}: has no selector, so nothing would ever manage its endpoints`];
  }
  // Only long-running pods serve traffic; a Job's pods matching by accident would not help.
  const selected = templates.filter(
    (template) =>
      template.longRunning &&
      sameNamespace(service, template.namespace) &&
      mapSelectorMatches(selector, template.labels),
  );
  if (selected.length === 0) {
    return [`${where}: selector ${formatSelector(selector)} matches no Deployment/StatefulSet pod template`];
  }
  return listOf(spec.ports).flatMap((port) =>
    selected
      .filter((template) => !servesPort(template, port))
      .map(
        (template) =>
          `${where} spec.ports[${port.name ?? port.port}]: targetPort ${JSON.stringify(port.targetPort ?? port.port)}` +
          ` (${port.protocol ?? 'TCP'}) is not a containerPort of ${template.ownerDescription}`,
      ),
  );
}

function servesPort(template: PodTemplate, servicePort: IServicePort): boolean {
  const target = servicePort.targetPort ?? servicePort.port;
  const protocol = servicePort.protocol ?? 'TCP';
  // Sidecars (init containers with restartPolicy Always) keep running and can serve too.
  const serving = containersOf(template.spec).filter(
    ({ container, init }) => !init || container.restartPolicy === 'Always',
  );
  return serving.some(({ container }) =>
    listOf(container.ports).some(
      (port: IContainerPort) =>
        (port.protocol ?? 'TCP') === protocol &&
        (typeof target === 'string' ? port.name === target : port.containerPort === target),
    ),
  );
}

function ingressProblems(ingress: KubernetesObject, services: KubernetesObject[]): string[] {
  const where = describeObject(ingress);
  const spec = objectOf<IIngressSpec>(ingress['spec']);
  const backends: { path: string; backend: IIngressBackend }[] = [];
  if (spec.defaultBackend) backends.push({ path: 'spec.defaultBackend', backend: spec.defaultBackend });
  listOf(spec.rules).forEach((rule, ruleIndex) =>
    listOf(rule.http?.paths).forEach((httpPath, pathIndex) =>
      backends.push({
        path: `spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend`,
        backend: httpPath.backend,
      }),
    ),
  );
  return backends.flatMap(({ path, backend }) => {
    const reference = backend?.service;
    if (!reference) return []; // A resource backend names no Service.
    const service = services.find(
      (candidate) =>
        candidate.metadata?.name === reference.name && sameNamespace(candidate, ingress.metadata?.namespace),
    );
    if (!service) return [`${where} ${path}: Service "${reference.name}" does not exist`];
    const { number, name } = reference.port ?? {};
    const exposed = listOf(specOf(service).ports).some((port) =>
      name !== undefined ? port.name === name : port.port === number,
    );
    return exposed
      ? []
      : [`${where} ${path}: Service "${reference.name}" exposes no port ${JSON.stringify(name ?? number)}`];
  });
}

/** Per-pod DNS names (`kafka-0.kafka-headless`) exist only through a headless governing Service. */
function governingServiceProblems(statefulSet: KubernetesObject, services: KubernetesObject[]): string[] {
  const serviceName = (statefulSet['spec'] as { serviceName?: string } | undefined)?.serviceName;
  if (!serviceName) return [];
  const where = `${describeObject(statefulSet)} spec.serviceName`;
  const service = services.find(
    (candidate) =>
      candidate.metadata?.name === serviceName && sameNamespace(candidate, statefulSet.metadata?.namespace),
  );
  if (!service) return [`${where}: Service "${serviceName}" does not exist`];
  return specOf(service).clusterIP === 'None'
    ? []
    : [`${where}: Service "${serviceName}" is not headless (clusterIP: None)`];
}
