import type { IContainer } from 'kubernetes-models/v1';
import type { KubernetesObject } from './kubernetes-object';

/**
 * Fixtures for this folder's specs: a small but complete stack that passes every check, so a
 * spec can break one thing and assert exactly that problem is reported. Fresh objects on
 * every call, so specs may mutate them.
 */

export const namespace = 'sentry';

/** A container that satisfies the container rules; override what a spec needs. */
export function hardenedContainer(name: string, overrides: Partial<IContainer> = {}): IContainer {
  return {
    name,
    image: `example/${name}:1.0.0`,
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    ...overrides,
  };
}

function probes(port: string | number): Partial<IContainer> {
  return {
    livenessProbe: { tcpSocket: { port }, periodSeconds: 10 },
    readinessProbe: { tcpSocket: { port }, periodSeconds: 5 },
  };
}

function meta(name: string, labels?: Record<string, string>) {
  return { name, namespace, ...(labels ? { labels } : {}) };
}

export function goodStack(): KubernetesObject[] {
  // Functions, not shared objects: parsed YAML never aliases, and specs mutate one place.
  const webLabels = () => ({ 'app.kubernetes.io/name': 'web' });
  const redisLabels = () => ({ 'app.kubernetes.io/name': 'redis' });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('sentry') },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('sentry-config'),
      data: {
        'config.yml': 'redis.clusters:\n  default:\n    hosts: ["redis://redis:6379/0"]\n',
        SENTRY_URL: 'http://web.sentry.svc.cluster.local:80/',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('sentry-data'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', webLabels()),
      spec: {
        replicas: 1,
        selector: { matchLabels: webLabels() },
        template: {
          metadata: { labels: webLabels() },
          spec: {
            serviceAccountName: 'sentry',
            initContainers: [
              hardenedContainer('wait-for-redis', {
                command: ['sh', '-c', 'until nc -z redis:6379; do sleep 1; done'],
              }),
            ],
            containers: [
              hardenedContainer('web', {
                args: ['run', 'web'],
                ports: [{ name: 'http', containerPort: 9000 }],
                envFrom: [{ configMapRef: { name: 'sentry-config' } }],
                env: [
                  { name: 'REDIS_URL', value: 'redis://redis:6379/1' },
                  {
                    name: 'SENTRY_SECRET_KEY',
                    valueFrom: { secretKeyRef: { name: 'sentry-secrets', key: 'secret-key' } },
                  },
                  {
                    name: 'SENTRY_URL',
                    valueFrom: { configMapKeyRef: { name: 'sentry-config', key: 'SENTRY_URL' } },
                  },
                ],
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/sentry' },
                  { name: 'data', mountPath: '/data' },
                ],
                ...probes('http'),
              }),
            ],
            volumes: [
              {
                name: 'config',
                configMap: { name: 'sentry-config', items: [{ key: 'config.yml', path: 'config.yml' }] },
              },
              { name: 'data', persistentVolumeClaim: { claimName: 'sentry-data' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('redis', redisLabels()),
      spec: {
        serviceName: 'redis-headless',
        selector: { matchLabels: redisLabels() },
        template: {
          metadata: { labels: redisLabels() },
          spec: {
            containers: [
              hardenedContainer('redis', {
                ports: [{ name: 'redis', containerPort: 6379 }],
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
                ...probes(6379),
              }),
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web', webLabels()),
      spec: { selector: webLabels(), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('redis', redisLabels()),
      spec: { selector: redisLabels(), ports: [{ name: 'redis', port: 6379, targetPort: 6379 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('redis-headless', redisLabels()),
      spec: { clusterIP: 'None', selector: redisLabels(), ports: [{ name: 'redis', port: 6379 }] },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('cleanup'),
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              metadata: { labels: { 'app.kubernetes.io/name': 'cleanup' } },
              spec: {
                restartPolicy: 'OnFailure',
                containers: [
                  hardenedContainer('cleanup', {
                    args: ['cleanup', '--days', '30'],
                    envFrom: [{ configMapRef: { name: 'sentry-config' } }],
                  }),
                ],
              },
            },
          },
        },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('migrate'),
      spec: {
        backoffLimit: 3,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [hardenedContainer('migrate', { args: ['upgrade', '--noinput'] })],
            volumes: [{ name: 'config', configMap: { name: 'sentry-config' } }],
          },
        },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('sentry'),
      spec: {
        tls: [{ hosts: ['sentry.example.com'], secretName: 'sentry-tls' }],
        rules: [
          {
            host: 'sentry.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('redis-from-web'),
      spec: {
        podSelector: { matchLabels: redisLabels() },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                podSelector: {
                  matchExpressions: [
                    { key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'cleanup'] },
                  ],
                },
              },
            ],
            ports: [{ port: 6379 }],
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('web'),
      spec: { maxUnavailable: 1, selector: { matchLabels: webLabels() } },
    },
  ];
}

/** The object of that kind and name; throws so a spec typo fails loudly. */
export function find(objects: KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind && object.metadata?.name === name);
  if (!found) throw new Error(`fixture has no ${kind}/${name}`);
  return found;
}

/**
 * Reaches into an object by a dotted path (`spec.template.spec.containers.0`), for specs that
 * break one field. Loosely typed on purpose: specs write invalid values.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function at(object: KubernetesObject, path: string): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return path.split('.').reduce((value: any, key) => value[key], object);
}
