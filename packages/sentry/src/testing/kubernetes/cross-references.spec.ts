import { crossReferenceProblems } from './cross-references';
import { at, find, goodStack } from './fixtures';
import { unresolvedHostnames } from './hostnames';
import type { KubernetesObject } from './kubernetes-object';
import { validateSchemas } from './schemas';
import { referencedSecrets } from './secrets';

/** The stack after `change`, so each spec breaks exactly one thing. */
function problemsAfter(change: (objects: KubernetesObject[]) => void): string[] {
  const objects = goodStack();
  change(objects);
  return crossReferenceProblems(objects);
}

const webPod = (objects: KubernetesObject[]) => at(find(objects, 'Deployment', 'web'), 'spec.template.spec');
const webContainer = (objects: KubernetesObject[]) => webPod(objects).containers[0];

describe('crossReferenceProblems', () => {
  it('finds nothing wrong in the consistent fixture stack', () => {
    expect(crossReferenceProblems(goodStack())).toEqual([]);
  });

  describe('Services', () => {
    it('reports a selector that matches no Deployment/StatefulSet', () => {
      expect(
        problemsAfter((objects) => (at(find(objects, 'Service', 'web'), 'spec').selector = { app: 'wbe' })),
      ).toEqual(['Service/web: selector {"app":"wbe"} matches no Deployment/StatefulSet pod template']);
    });

    it('does not count Job pods as Service endpoints', () => {
      expect(
        problemsAfter((objects) => {
          at(find(objects, 'Service', 'web'), 'spec').selector = { 'app.kubernetes.io/name': 'cleanup' };
        }),
      ).toEqual([expect.stringMatching(/^Service\/web: selector .* matches no Deployment\/StatefulSet/)]);
    });

    it('reports a Service without a selector', () => {
      expect(
        problemsAfter((objects) => delete at(find(objects, 'Service', 'redis'), 'spec').selector),
      ).toEqual(['Service/redis: has no selector, so nothing would ever manage its endpoints']);
    });

    it('reports a named targetPort that no container declares', () => {
      expect(
        problemsAfter(
          (objects) => (at(find(objects, 'Service', 'web'), 'spec.ports.0').targetPort = 'https'),
        ),
      ).toEqual([
        'Service/web spec.ports[http]: targetPort "https" (TCP) is not a containerPort of Deployment/web',
      ]);
    });

    it('reports a numeric targetPort, and a defaulted one (= port), that no container declares', () => {
      expect(
        problemsAfter((objects) => {
          at(find(objects, 'Service', 'redis'), 'spec.ports.0').targetPort = 6380;
          at(find(objects, 'Service', 'redis-headless'), 'spec.ports.0').port = 6390;
        }),
      ).toEqual([
        'Service/redis spec.ports[redis]: targetPort 6380 (TCP) is not a containerPort of StatefulSet/redis',
        'Service/redis-headless spec.ports[redis]: targetPort 6390 (TCP) is not a containerPort of StatefulSet/redis',
      ]);
    });

    it('reports a protocol mismatch', () => {
      expect(
        problemsAfter((objects) => (at(find(objects, 'Service', 'redis'), 'spec.ports.0').protocol = 'UDP')),
      ).toEqual([
        'Service/redis spec.ports[redis]: targetPort 6379 (UDP) is not a containerPort of StatefulSet/redis',
      ]);
    });
  });

  describe('Ingress and StatefulSet serviceName', () => {
    it('reports an Ingress backend naming a missing Service or a port it does not expose', () => {
      expect(
        problemsAfter((objects) => {
          const ingressSpec = at(find(objects, 'Ingress', 'sentry'), 'spec');
          const path = ingressSpec.rules[0].http.paths[0];
          ingressSpec.rules[0].http.paths.push({
            ...path,
            path: '/api',
            backend: { service: { name: 'api', port: { number: 80 } } },
          });
          path.backend.service.port = { number: 9000 };
        }),
      ).toEqual([
        'Ingress/sentry spec.rules[0].http.paths[0].backend: Service "web" exposes no port 9000',
        'Ingress/sentry spec.rules[0].http.paths[1].backend: Service "api" does not exist',
      ]);
    });

    it('reports a StatefulSet whose serviceName is missing or not headless', () => {
      expect(
        problemsAfter((objects) => (at(find(objects, 'StatefulSet', 'redis'), 'spec').serviceName = 'redis')),
      ).toEqual(['StatefulSet/redis spec.serviceName: Service "redis" is not headless (clusterIP: None)']);
      expect(
        problemsAfter(
          (objects) => (at(find(objects, 'StatefulSet', 'redis'), 'spec').serviceName = 'redis-hl'),
        ),
      ).toEqual(['StatefulSet/redis spec.serviceName: Service "redis-hl" does not exist']);
    });
  });

  describe('ConfigMaps, PVCs, volumes and ServiceAccounts referenced by pods', () => {
    it('reports a ConfigMap volume, envFrom and configMapKeyRef naming a missing ConfigMap', () => {
      expect(
        problemsAfter(
          (objects) =>
            (at(find(objects, 'ConfigMap', 'sentry-config'), 'metadata').name = 'sentry-config-5h2c8f9k7m'),
        ),
      ).toEqual([
        'Deployment/web spec.template.spec.volumes[config]: ConfigMap "sentry-config" does not exist',
        'Deployment/web spec.template.spec container "web" envFrom: ConfigMap "sentry-config" does not exist',
        'Deployment/web spec.template.spec container "web" env SENTRY_URL: ConfigMap "sentry-config" does not exist',
        'CronJob/cleanup spec.jobTemplate.spec.template.spec container "cleanup" envFrom: ConfigMap "sentry-config" does not exist',
        'Job/migrate spec.template.spec.volumes[config]: ConfigMap "sentry-config" does not exist',
      ]);
    });

    it('reports volume items and configMapKeyRef keys missing from the ConfigMap', () => {
      expect(
        problemsAfter((objects) => {
          webPod(objects).volumes[0].configMap.items.push({ key: 'sentry.conf.py', path: 'sentry.conf.py' });
          webContainer(objects).env[2].valueFrom.configMapKeyRef.key = 'SENTRY_URI';
        }),
      ).toEqual([
        'Deployment/web spec.template.spec.volumes[config]: ConfigMap "sentry-config" has no key "sentry.conf.py"',
        'Deployment/web spec.template.spec container "web" env SENTRY_URL: ConfigMap "sentry-config" has no key "SENTRY_URI"',
      ]);
    });

    it('accepts a missing ConfigMap that is marked optional', () => {
      expect(
        problemsAfter((objects) => {
          webPod(objects).volumes.push({ name: 'extra', configMap: { name: 'extra', optional: true } });
        }),
      ).toEqual([]);
    });

    it('reports a missing PVC', () => {
      expect(
        problemsAfter((objects) => (webPod(objects).volumes[1].persistentVolumeClaim.claimName = 'data')),
      ).toEqual([
        'Deployment/web spec.template.spec.volumes[data]: PersistentVolumeClaim "data" does not exist',
      ]);
    });

    it('reports a volumeMount naming no volume, but accepts StatefulSet volumeClaimTemplates', () => {
      expect(
        problemsAfter((objects) => {
          webContainer(objects).volumeMounts.push({ name: 'tmp', mountPath: '/tmp' });
        }),
      ).toEqual([
        'Deployment/web spec.template.spec container "web" volumeMount "/tmp": no volume named "tmp"',
      ]);
      expect(
        problemsAfter((objects) => {
          at(find(objects, 'StatefulSet', 'redis'), 'spec.volumeClaimTemplates.0.metadata').name =
            'redis-data';
        }),
      ).toEqual([
        'StatefulSet/redis spec.template.spec container "redis" volumeMount "/data": no volume named "data"',
      ]);
    });

    it('reports a missing ServiceAccount, but not "default"', () => {
      expect(problemsAfter((objects) => (webPod(objects).serviceAccountName = 'sentry-web'))).toEqual([
        'Deployment/web spec.template.spec.serviceAccountName: ServiceAccount "sentry-web" does not exist',
      ]);
      expect(problemsAfter((objects) => (webPod(objects).serviceAccountName = 'default'))).toEqual([]);
    });
  });

  describe('container rules', () => {
    it('reports missing requests and memory limit, including on init containers and CronJobs', () => {
      expect(
        problemsAfter((objects) => {
          webPod(objects).initContainers[0].resources = { limits: { memory: '64Mi' } };
          at(
            find(objects, 'CronJob', 'cleanup'),
            'spec.jobTemplate.spec.template.spec.containers.0',
          ).resources = {
            requests: { cpu: '10m' },
          };
        }),
      ).toEqual([
        'Deployment/web spec.template.spec init container "wait-for-redis": has no resources.requests',
        'CronJob/cleanup spec.jobTemplate.spec.template.spec container "cleanup": has no resources.limits.memory',
      ]);
    });

    it('reports requests above limits and malformed quantities', () => {
      expect(
        problemsAfter((objects) => {
          webContainer(objects).resources = {
            requests: { memory: '1Gi', cpu: 'lots' },
            limits: { memory: '512Mi' },
          };
        }),
      ).toEqual([
        'Deployment/web spec.template.spec container "web": resources.requests.memory 1Gi exceeds the limit 512Mi',
        'Deployment/web spec.template.spec container "web": resources.requests.cpu "lots" is not a quantity',
      ]);
    });

    it('requires probes on long-running containers only', () => {
      expect(
        problemsAfter((objects) => {
          delete webContainer(objects).livenessProbe;
          delete at(find(objects, 'StatefulSet', 'redis'), 'spec.template.spec.containers.0').readinessProbe;
        }),
      ).toEqual([
        'Deployment/web spec.template.spec container "web": has no livenessProbe',
        'StatefulSet/redis spec.template.spec container "redis": has no readinessProbe',
      ]);
      // The fixture's init container, Job and CronJob have no probes and pass (first spec).
    });

    it('requires allowPrivilegeEscalation: false and forbids privileged, in Jobs too', () => {
      expect(
        problemsAfter((objects) => {
          delete webPod(objects).initContainers[0].securityContext;
          at(find(objects, 'Job', 'migrate'), 'spec.template.spec.containers.0').securityContext = {
            allowPrivilegeEscalation: true,
            privileged: true,
          };
        }),
      ).toEqual([
        'Deployment/web spec.template.spec init container "wait-for-redis": securityContext.allowPrivilegeEscalation must be false',
        'Job/migrate spec.template.spec container "migrate": securityContext.allowPrivilegeEscalation must be false',
        'Job/migrate spec.template.spec container "migrate": securityContext.privileged must not be true',
      ]);
    });
  });

  describe('NetworkPolicy and PodDisruptionBudget selectors', () => {
    it('reports a policy podSelector and a peer podSelector that select no pods', () => {
      expect(
        problemsAfter((objects) => {
          const spec = at(find(objects, 'NetworkPolicy', 'redis-from-web'), 'spec');
          spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'reddis' } };
          spec.ingress[0].from[0].podSelector.matchExpressions[0].values = ['webb'];
        }),
      ).toEqual([
        'NetworkPolicy/redis-from-web spec.podSelector: {"matchLabels":{"app.kubernetes.io/name":"reddis"}} selects no workload\'s pods',
        'NetworkPolicy/redis-from-web spec.ingress[0].from[0].podSelector: {"matchExpressions":[{"key":"app.kubernetes.io/name","operator":"In","values":["webb"]}]} selects no workload\'s pods',
      ]);
    });

    it('accepts an empty podSelector, and peers in other namespaces', () => {
      expect(
        problemsAfter((objects) => {
          at(find(objects, 'NetworkPolicy', 'redis-from-web'), 'spec.ingress.0.from').push({
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { app: 'prometheus' } },
          });
        }),
      ).toEqual([]);
    });

    it('reports a PodDisruptionBudget that selects no pods', () => {
      expect(
        problemsAfter(
          (objects) =>
            (at(find(objects, 'PodDisruptionBudget', 'web'), 'spec.selector').matchLabels = { app: 'web' }),
        ),
      ).toEqual([
        'PodDisruptionBudget/web spec.selector: {"matchLabels":{"app":"web"}} selects no Deployment/StatefulSet pods',
      ]);
    });
  });

  describe('namespaces and duplicates', () => {
    it('reports a namespaced object without a namespace', () => {
      expect(
        problemsAfter(
          (objects) => delete at(find(objects, 'PersistentVolumeClaim', 'sentry-data'), 'metadata').namespace,
        ),
      ).toEqual([
        'PersistentVolumeClaim/sentry-data: has no metadata.namespace',
        'Deployment/web spec.template.spec.volumes[data]: PersistentVolumeClaim "sentry-data" does not exist',
      ]);
    });

    it('reports objects spread over several namespaces', () => {
      expect(
        problemsAfter(
          (objects) => (at(find(objects, 'ServiceAccount', 'sentry'), 'metadata').namespace = 'default'),
        ),
      ).toEqual([
        'namespaced objects are spread over several namespaces: sentry (13), default (1)',
        'Deployment/web spec.template.spec.serviceAccountName: ServiceAccount "sentry" does not exist',
      ]);
    });

    it('reports a rendered Namespace other than the one the objects use', () => {
      expect(
        problemsAfter(
          (objects) => (at(find(objects, 'Namespace', 'sentry'), 'metadata').name = 'sentry-prod'),
        ),
      ).toEqual(['objects are in namespace "sentry" but the rendered Namespace is "sentry-prod"']);
    });

    it('reports an object rendered twice', () => {
      expect(
        problemsAfter((objects) =>
          objects.push(structuredClone(find(objects, 'ConfigMap', 'sentry-config'))),
        ),
      ).toEqual(['ConfigMap/sentry-config: rendered more than once']);
    });
  });
});

describe('malformed objects', () => {
  it('are reported by validateSchemas and crash none of the other checks', () => {
    const objects = goodStack();
    at(find(objects, 'Deployment', 'web'), 'spec.template.spec').containers = 'oops';
    at(find(objects, 'StatefulSet', 'redis'), 'spec.template.spec').volumes = [null];
    at(find(objects, 'StatefulSet', 'redis'), 'spec.template.spec.containers.0').args = [6379, null];
    find(objects, 'Job', 'migrate')['spec'] = 5;
    at(find(objects, 'Service', 'web'), 'metadata').labels = 'web';

    expect(() => crossReferenceProblems(objects)).not.toThrow();
    expect(() => unresolvedHostnames(objects)).not.toThrow();
    expect(() => referencedSecrets(objects)).not.toThrow();
    expect(validateSchemas(objects)).toEqual(
      expect.arrayContaining([
        'Deployment/web spec.template.spec.containers: must be array',
        'StatefulSet/redis spec.template.spec.volumes[0]: must be object',
        'StatefulSet/redis spec.template.spec.containers[0].args[0]: must be string',
        'Job/migrate spec: must be object',
        'Service/web metadata.labels: must be object',
      ]),
    );
  });
});
