import { at, find, goodStack } from './fixtures';
import type { KubernetesObject } from './kubernetes-object';
import { validateSchemas } from './schemas';

/** The stack with one change applied to one object. */
function stackWith(
  kind: string,
  name: string,
  change: (object: KubernetesObject) => void,
): KubernetesObject[] {
  const objects = goodStack();
  change(find(objects, kind, name));
  return objects;
}

describe('validateSchemas', () => {
  it('accepts the valid fixture stack (every kind we render)', () => {
    expect(validateSchemas(goodStack())).toEqual([]);
  });

  describe('OpenAPI schema (kubernetes-models)', () => {
    it('reports a value outside an enum, with the allowed values', () => {
      const objects = stackWith('Deployment', 'web', (web) => {
        at(web, 'spec.template.spec.containers.0').imagePullPolicy = 'Sometimes';
      });
      expect(validateSchemas(objects)).toEqual([
        'Deployment/web spec.template.spec.containers[0].imagePullPolicy: must be equal to one of the allowed values (Always, IfNotPresent, Never)',
      ]);
    });

    it('reports a missing required field', () => {
      const objects = stackWith('Deployment', 'web', (web) => delete at(web, 'spec').selector);
      expect(validateSchemas(objects)).toEqual(['Deployment/web spec: must have required property selector']);
    });

    it('reports a wrong type', () => {
      const objects = stackWith('StatefulSet', 'redis', (redis) => (at(redis, 'spec').replicas = 'two'));
      expect(validateSchemas(objects)).toEqual(['StatefulSet/redis spec.replicas: must be integer']);
    });

    it('reports non-string ConfigMap data (an unquoted number in YAML)', () => {
      const objects = stackWith(
        'ConfigMap',
        'sentry-config',
        (configMap) => (at(configMap, 'data').PORT = 9000),
      );
      expect(validateSchemas(objects)).toEqual(['ConfigMap/sentry-config data.PORT: must be string']);
    });

    it('checks CronJob pod templates too', () => {
      const objects = stackWith('CronJob', 'cleanup', (cleanup) => {
        at(cleanup, 'spec.jobTemplate.spec.template.spec.containers.0').ports = [{ containerPort: 'http' }];
      });
      expect(validateSchemas(objects)).toEqual([
        'CronJob/cleanup spec.jobTemplate.spec.template.spec.containers[0].ports[0].containerPort: must be integer',
      ]);
    });
  });

  describe('unknown fields, which the schemas allow and the API server drops', () => {
    it('reports a misspelt field deep in a pod spec', () => {
      const objects = stackWith('Deployment', 'web', (web) => {
        const container = at(web, 'spec.template.spec.containers.0');
        container.readinessProbes = container.readinessProbe;
      });
      expect(validateSchemas(objects)).toEqual([
        'Deployment/web spec.template.spec.containers[0].readinessProbes: unknown field (not in the schema)',
      ]);
    });

    it('reports an unknown top-level field and an unknown metadata field', () => {
      const objects = stackWith('Service', 'web', (web) => {
        web['specs'] = {};
        at(web, 'metadata').label = { a: 'b' };
      });
      expect(validateSchemas(objects)).toEqual([
        'Service/web specs: unknown field (not in the schema)',
        'Service/web metadata.label: unknown field (not in the schema)',
      ]);
    });

    it('does not mistake free-form maps (labels, data, resources) for unknown fields', () => {
      const objects = stackWith('Deployment', 'web', (web) => {
        at(web, 'metadata').annotations = { 'example.com/anything': 'x' };
        at(web, 'spec.template.spec.containers.0.resources.limits')['nvidia.com/gpu'] = 1;
      });
      expect(validateSchemas(objects)).toEqual([]);
    });

    it('reports unknown fields inside StatefulSet volumeClaimTemplates', () => {
      const objects = stackWith('StatefulSet', 'redis', (redis) => {
        at(redis, 'spec.volumeClaimTemplates.0.spec').storageClass = 'fast';
      });
      expect(validateSchemas(objects)).toEqual([
        'StatefulSet/redis spec.volumeClaimTemplates[0].spec.storageClass: unknown field (not in the schema)',
      ]);
    });
  });

  describe('unknown kinds', () => {
    it.each([
      ['apps/v1beta1', 'Deployment'],
      ['v1', 'Deploymnet'],
      ['example.com/v1', 'Widget'],
      ['apps/v1', 'DeploymentSpec'],
    ])('reports %s %s instead of accepting it', (apiVersion, kind) => {
      expect(validateSchemas([{ apiVersion, kind, metadata: { name: 'x', namespace: 'sentry' } }])).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${kind}/x: unknown apiVersion/kind "${apiVersion}" ${kind} \\(known API versions: v1, apps/v1,`,
          ),
        ),
      ]);
    });
  });

  describe('API server rules the schemas cannot express', () => {
    it('reports missing and malformed names', () => {
      const objects: KubernetesObject[] = [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'sentry' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Sentry_Config' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sentry.io' } },
      ];
      expect(validateSchemas(objects)).toEqual([
        'ConfigMap/<unnamed> metadata.name: is required',
        expect.stringMatching(/^ConfigMap\/Sentry_Config metadata.name: "Sentry_Config" must be lowercase/),
        expect.stringMatching(/^Namespace\/sentry.io metadata.name: "sentry.io" must be lowercase/),
      ]);
    });

    it('reports a Service name that is not a DNS-1035 label and a CronJob name over 52 characters', () => {
      const objects = goodStack();
      at(find(objects, 'Service', 'redis'), 'metadata').name = '1redis';
      at(find(objects, 'CronJob', 'cleanup'), 'metadata').name = 'c'.repeat(53);
      expect(validateSchemas(objects)).toEqual([
        expect.stringMatching(/^Service\/1redis metadata.name: "1redis" must be .* starting with a letter/),
        `CronJob/${'c'.repeat(53)} metadata.name: "${'c'.repeat(53)}" is longer than 52 characters`,
      ]);
    });

    it('reports invalid label values', () => {
      const objects = stackWith(
        'Deployment',
        'web',
        (web) => (at(web, 'metadata.labels').version = 'v1 beta'),
      );
      expect(validateSchemas(objects)).toEqual([
        expect.stringMatching(/^Deployment\/web metadata.labels: label value "v1 beta"/),
      ]);
    });

    it('reports a selector that does not match the pod template labels', () => {
      const objects = stackWith('StatefulSet', 'redis', (redis) => {
        at(redis, 'spec.selector').matchLabels = { 'app.kubernetes.io/name': 'redis-server' };
      });
      expect(validateSchemas(objects)).toEqual([
        'StatefulSet/redis spec.selector: must be non-empty and match the pod template labels',
      ]);
    });

    it('reports a Job or CronJob without restartPolicy OnFailure/Never', () => {
      const objects = goodStack();
      delete at(find(objects, 'Job', 'migrate'), 'spec.template.spec').restartPolicy;
      at(find(objects, 'CronJob', 'cleanup'), 'spec.jobTemplate.spec.template.spec').restartPolicy = 'Always';
      expect(validateSchemas(objects)).toEqual([
        'CronJob/cleanup spec.jobTemplate.spec.template.spec.restartPolicy: must be OnFailure or Never for a CronJob (the default Always is rejected)',
        'Job/migrate spec.template.spec.restartPolicy: must be OnFailure or Never for a Job (the default Always is rejected)',
      ]);
    });

    it('reports duplicate container names, over-long port names and volumes with two sources', () => {
      const objects = stackWith('Deployment', 'web', (web) => {
        const spec = at(web, 'spec.template.spec');
        spec.initContainers[0].name = 'web';
        spec.containers[0].ports[0].name = 'http-for-the-web-ui';
        spec.containers[0].readinessProbe.tcpSocket.port = 'http-for-the-web-ui';
        spec.containers[0].livenessProbe.tcpSocket.port = 'http-for-the-web-ui';
        spec.volumes[1].emptyDir = {};
      });
      expect(validateSchemas(objects)).toEqual([
        'Deployment/web spec.template.spec container "web": duplicate container name',
        'Deployment/web spec.template.spec container "web" port: "http-for-the-web-ui" is longer than 15 characters',
        'Deployment/web spec.template.spec.volumes[data]: must have exactly one volume source, has 2 (persistentVolumeClaim, emptyDir)',
      ]);
    });

    it('reports unnamed ports on a multi-port Service', () => {
      const objects = stackWith('Service', 'web', (web) => {
        at(web, 'spec').ports = [{ port: 80 }, { port: 443 }];
      });
      expect(validateSchemas(objects)).toEqual([
        'Service/web spec.ports[80]: a name is required when a Service has several ports',
        'Service/web spec.ports[443]: a name is required when a Service has several ports',
      ]);
    });
  });
});
