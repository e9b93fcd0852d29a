import { manifestsOf, renderSeedStack } from '../../testing/render-seed-stack';
import { seedStackSettings } from '../../testing/seed-stack-settings';
import { releases } from '../releases';
import { flattenDirectives, flattenXml } from '../releases/flatten';
import type { UpstreamService } from '../releases/upstream-facts';
import type { KubernetesObject } from '../render/kubernetes-object';
import { deliberateDifferences, type DeliberateDifference } from './deliberate-differences';
import { allComponents } from './index';

/**
 * The rendered seed stack (feature-complete) against the facts of its release tag: every way it differs must be a
 * listed deliberate difference, and every listed difference must still exist.
 */

interface Difference {
  service?: string;
  subject: string;
  upstream: unknown;
  ours: unknown;
}

interface Container {
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef: { key: string } } }[];
}

const unset = '(unset)';

function mainContainer(objects: KubernetesObject[]): Container | undefined {
  const workload = objects.find(({ kind }) => ['Deployment', 'StatefulSet', 'CronJob'].includes(kind)) as
    | {
        spec: {
          template?: { spec: { containers: Container[] } };
          jobTemplate?: { spec: { template: { spec: { containers: Container[] } } } };
        };
      }
    | undefined;
  const pod = workload?.spec.template ?? workload?.spec.jobTemplate?.spec.template;
  return pod?.spec.containers[0];
}

/** The seed's settings rendered at one known release, against that release's facts. */
function describeRelease(version: string): void {
  const settings = { ...seedStackSettings, sentryVersion: version };
  const release = releases[version];
  const upstream = release.upstream;
  const folders = renderSeedStack(settings, release);

  function serviceDifferences(name: string, facts: UpstreamService): Difference[] {
    const folder = folders.find(({ path }) => path === `components/${name}`);
    const container = folder && mainContainer(manifestsOf(folders, folder.path));
    if (!container)
      return [{ service: name, subject: 'workload', upstream: 'compose service', ours: 'none' }];
    const differences: Difference[] = [];
    const differ = (subject: string, upstreamValue: unknown, ours: unknown) => {
      if (JSON.stringify(upstreamValue) !== JSON.stringify(ours))
        differences.push({ service: name, subject, upstream: upstreamValue, ours });
    };
    differ('image', facts.image, container.image);
    if (facts.build) differ('build', facts.build, 'none');

    const ourEnv = new Map<string, string>();
    for (const variable of container.env ?? [])
      ourEnv.set(
        variable.name,
        variable.valueFrom ? `secret key ${variable.valueFrom.secretKeyRef.key}` : (variable.value ?? ''),
      );
    const literal = (text: string) =>
      text.replace(/\$\((\w+)\)/g, (whole, variable: string) => {
        const value = ourEnv.get(variable);
        return value === undefined || value.startsWith('secret key ') ? whole : value;
      });
    const ourCommand = container.command?.map(literal);
    const ourArgs = container.args?.map(literal);
    if (ourCommand) {
      differ(
        'command',
        [...(facts.entrypoint ?? []), ...(facts.command ?? [])],
        [...ourCommand, ...(ourArgs ?? [])],
      );
    } else {
      if (facts.entrypoint) differ('entrypoint', facts.entrypoint, '(image entrypoint)');
      differ('command', facts.command ?? '(image command)', ourArgs ?? '(image command)');
    }
    const names = new Set([...Object.keys(facts.environment), ...ourEnv.keys()]);
    for (const variable of [...names].sort())
      differ(`env:${variable}`, facts.environment[variable] ?? unset, ourEnv.get(variable) ?? unset);
    return differences;
  }

  function featureDifferences(): Difference[] {
    const conf = folders.find(({ path }) => path === 'config/sentry')?.files['sentry.conf.py'] ?? '';
    const enabled = [
      ...conf.matchAll(/SENTRY_FEATURES\.update\(dict\.fromkeys\((\[[\s\S]*?\]), True\)\)/g),
    ].flatMap(([, list]) => JSON.parse(list.replace(/,\s*\]$/, ']')) as string[]);
    const disabled = [...conf.matchAll(/SENTRY_FEATURES\["([^"]+)"\] = False/g)].map(([, flag]) => flag);
    const state = (flags: { enabled: readonly string[]; disabled: readonly string[] }, flag: string) =>
      flags.enabled.includes(flag) ? 'on' : flags.disabled.includes(flag) ? 'off' : unset;
    const upstreamFlags = {
      enabled: Object.values(upstream.features.enabled).flat(),
      disabled: upstream.features.disabled,
    };
    const all = new Set([...upstreamFlags.enabled, ...upstreamFlags.disabled, ...enabled, ...disabled]);
    return [...all]
      .map((flag) => ({
        subject: `feature:${flag}`,
        upstream: state(upstreamFlags, flag),
        ours: state({ enabled, disabled }, flag),
      }))
      .filter(({ upstream: before, ours }) => before !== ours);
  }

  interface OurRoute {
    location: string;
    to: string;
    rewrite?: string;
  }

  function ingressDifferences(): Difference[] {
    const ingresses = manifestsOf(folders, 'edge').filter(
      ({ kind }) => kind === 'Ingress',
    ) as (KubernetesObject & {
      spec: { rules: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[] };
    })[];
    const routes: OurRoute[] = [];
    const differences: Difference[] = [];
    for (const ingress of ingresses) {
      const annotations = ingress.metadata.annotations ?? {};
      const rewrite = annotations['nginx.ingress.kubernetes.io/rewrite-target'];
      for (const { path, backend } of ingress.spec.rules.flatMap(({ http }) => http.paths)) {
        // A rewriting path captures the rest of the URL and the target appends it: `/a/(.*)` -> `/b/$1`.
        const captured = rewrite && path.endsWith('(.*)') && rewrite.endsWith('$1');
        routes.push({
          location: captured ? path.slice(0, -'(.*)'.length) : path,
          to: backend.service.name,
          ...(captured ? { rewrite: rewrite.slice(0, -'$1'.length) } : {}),
        });
      }
      const directive = (subject: string, upstreamValue: string, annotation: string) => {
        const ours = annotations[`nginx.ingress.kubernetes.io/${annotation}`];
        if (ours?.replace(/s$/, '') !== upstreamValue.replace(/s$/, ''))
          differences.push({
            subject,
            upstream: upstreamValue,
            ours: `${ingress.metadata.name}: ${ours ?? unset}`,
          });
      };
      directive('nginx:client_max_body_size', upstream.nginx.clientMaxBodySize, 'proxy-body-size');
      directive('nginx:proxy_read_timeout', upstream.nginx.proxyReadTimeout, 'proxy-read-timeout');
      directive('nginx:proxy_send_timeout', upstream.nginx.proxySendTimeout, 'proxy-send-timeout');
    }
    // ingress-nginx regex paths are anchored prefixes already; `\d` is written as a class.
    const asIngressPath = (location: string) => location.replace(/^\^/, '').replace(/\\d/g, '[0-9]');
    const matched = new Set<OurRoute>();
    for (const route of upstream.nginx.routes) {
      const location = asIngressPath(route.location);
      const ours = routes.find((candidate) => candidate.location === location);
      if (ours) matched.add(ours);
      const expected = { to: route.to, rewrite: route.rewrite ?? unset };
      const found = ours ? { to: ours.to, rewrite: ours.rewrite ?? unset } : unset;
      if (JSON.stringify(expected) !== JSON.stringify(found))
        differences.push({ subject: `route:${route.location}`, upstream: expected, ours: found });
      if (route.hideHeaders)
        differences.push({
          subject: `route-headers:${route.location}`,
          upstream: route.hideHeaders,
          ours: [],
        });
    }
    for (const route of routes.filter((candidate) => !matched.has(candidate)))
      differences.push({ subject: `route:${route.location}`, upstream: unset, ours: route });
    return differences;
  }

  function configFileDifferences(): Difference[] {
    const files = (bundle: string) => folders.find(({ path }) => path === `config/${bundle}`)?.files ?? {};
    const ours = {
      clickhouse: flattenXml(files('clickhouse')['sentry.xml']),
      clickhouseUsers: flattenXml(files('clickhouse')['default-password.xml']),
      valkey: flattenDirectives(files('valkey')['redis.conf']),
    };
    return (Object.keys(ours) as (keyof typeof ours)[]).flatMap((file) => {
      const theirs = upstream.configFiles[file].settings;
      const keys = new Set([...Object.keys(theirs), ...Object.keys(ours[file])]);
      return [...keys]
        .map((key) => ({
          subject: `${file}:${key}`,
          upstream: theirs[key] ?? unset,
          ours: ours[file][key] ?? unset,
        }))
        .filter(({ upstream: before, ours: after }) => before !== after);
    });
  }

  const components = allComponents(settings, release);
  const servicesOf = (entry: DeliberateDifference): readonly string[] | undefined =>
    entry.services === undefined || Array.isArray(entry.services)
      ? (entry.services as readonly string[] | undefined)
      : components
          .filter(({ image }) => image === (entry.services as { image: string }).image)
          .map(({ name }) => name);
  const covers = (entry: DeliberateDifference, difference: Difference) =>
    entry.subjects.includes(difference.subject) &&
    (entry.ours === undefined || entry.ours === difference.ours) &&
    (difference.service === undefined
      ? entry.services === undefined
      : (servicesOf(entry) ?? []).includes(difference.service));

  describe(`the rendered stack against ${upstream.repository} ${upstream.tag}`, () => {
    const differences = [
      ...Object.entries(upstream.services.byName).flatMap(([name, facts]) => serviceDifferences(name, facts)),
      ...featureDifferences(),
      ...ingressDifferences(),
      ...configFileDifferences(),
    ];

    it('differs only where the catalogue lists a deliberate difference', () => {
      expect(
        differences.filter((difference) => !deliberateDifferences.some((entry) => covers(entry, difference))),
      ).toEqual([]);
    });

    it('lists no deliberate difference that is not there (each service and subject differs)', () => {
      const stale = deliberateDifferences.flatMap((entry) =>
        (servicesOf(entry) ?? [undefined]).flatMap((service) =>
          entry.subjects
            .filter(
              (subject) =>
                !differences.some(
                  (difference) => difference.service === service && difference.subject === subject,
                ),
            )
            .map((subject) => `${service ?? 'stack'} ${subject}`),
        ),
      );
      expect(stale).toEqual([]);
    });
  });
}

Object.keys(releases).forEach(describeRelease);
