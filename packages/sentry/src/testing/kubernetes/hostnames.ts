import { describeObject, listOf, mapOf, type KubernetesObject } from './kubernetes-object';
import { containersOf, podTemplatesOf } from './pod-specs';

/**
 * Host references in our own generated text, found by two deliberately simple patterns:
 *
 * 1. URLs: `scheme://[userinfo@]host[:port]` — `http://web:9000/`, `redis://:pw@redis:6379/0`.
 * 2. Bare `host:port` — `kafka:9092`, `snuba-api:1218` — where the host is not preceded by a
 *    character that would make it the tail of something longer (a letter, digit, `.`, `-`, `:`,
 *    `/`, `@`, `[`) and the port is not followed by a letter, digit or `.` (so an image tag
 *    such as `redis:7.2` or a Python slice `s[a:10]` is not a host).
 *
 * Hosts must start with a lowercase letter, as Service names do, which leaves out IPv4
 * addresses and times such as `12:30`. It is a heuristic for specs over the stack's own
 * configuration, not a URL parser.
 */
const hostPattern = '[a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)*';
const urlPattern = new RegExp(`\\b[a-z][a-z0-9+.-]*://(?:[^\\s/@]*@)?(${hostPattern})`, 'g');
const hostPortPattern = new RegExp(`(?<![A-Za-z0-9.:/@\\[-])(${hostPattern}):\\d{1,5}(?![A-Za-z0-9.])`, 'g');

/** Host names referenced in the text, in order of first appearance, without duplicates. */
export function hostnamesIn(text: string): string[] {
  const found = [...text.matchAll(urlPattern), ...text.matchAll(hostPortPattern)]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((match) => match[1]);
  return [...new Set(found)];
}

export interface UnresolvedHostnamesOptions {
  /** Host names to accept although no Service has that name (compared case-insensitively). */
  ignore?: string[];
}

const alwaysResolvable = new Set(['localhost', '127.0.0.1', '0.0.0.0']);

/** `[pod.]svc.ns.svc[.cluster.local]`: the in-cluster DNS forms that name a Service. */
const clusterDnsPattern = /^(?:[a-z0-9-]+\.)?([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?$/;

/**
 * Host names used in container env values, command, args and ConfigMap data that are not the
 * name of a rendered Service — a typo there surfaces only as a connection error at runtime.
 * `<svc>.<ns>.svc[.cluster.local]` (optionally with a StatefulSet pod name in front) resolves
 * when Service `<svc>` exists in namespace `<ns>`. Any other name with a dot is taken as
 * external and ignored, as are localhost, 127.0.0.1 and 0.0.0.0.
 * Returns one `host (where)` line per unresolved reference, e.g.
 * `snuba-apii (Deployment/web container "web" env SNUBA)`.
 */
export function unresolvedHostnames(
  objects: KubernetesObject[],
  options: UnresolvedHostnamesOptions = {},
): string[] {
  const ignored = new Set([...alwaysResolvable, ...(options.ignore ?? []).map((host) => host.toLowerCase())]);
  const services = objects.filter((object) => object.kind === 'Service');
  const resolves = (host: string): boolean => {
    if (ignored.has(host)) return true;
    const clusterDns = clusterDnsPattern.exec(host);
    if (clusterDns) {
      const [, name, namespace] = clusterDns;
      return services.some(
        (service) => service.metadata?.name === name && service.metadata?.namespace === namespace,
      );
    }
    if (host.includes('.')) return true;
    return services.some((service) => service.metadata?.name === host);
  };
  return textsOf(objects).flatMap(({ where, text }) =>
    hostnamesIn(text)
      .filter((host) => !resolves(host))
      .map((host) => `${host} (${where})`),
  );
}

/** The text fields that carry connection settings, each with where it came from. */
function textsOf(objects: KubernetesObject[]): { where: string; text: string }[] {
  const texts: { where: string; text: string }[] = [];
  for (const { ownerDescription, spec } of podTemplatesOf(objects)) {
    for (const { container, description } of containersOf(spec)) {
      const where = `${ownerDescription} ${description}`;
      for (const env of listOf(container.env)) {
        if (typeof env.value === 'string') texts.push({ where: `${where} env ${env.name}`, text: env.value });
      }
      texts.push(...indexedStrings(container.command, `${where} command`));
      texts.push(...indexedStrings(container.args, `${where} args`));
    }
  }
  for (const configMap of objects.filter((object) => object.kind === 'ConfigMap')) {
    for (const [key, text] of Object.entries(mapOf(configMap['data'] as Record<string, unknown>))) {
      if (typeof text === 'string')
        texts.push({ where: `${describeObject(configMap)} data[${JSON.stringify(key)}]`, text });
    }
  }
  return texts;
}

/** The string items of a list, keeping their original indices for the message. */
function indexedStrings(list: unknown, where: string): { where: string; text: string }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((text: unknown, index) =>
    typeof text === 'string' ? [{ where: `${where}[${index}]`, text }] : [],
  );
}
