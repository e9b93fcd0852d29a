import { crossReferenceProblems } from './cross-references';
import { at, find, goodStack } from './fixtures';
import { referencedSecrets } from './secrets';

describe('referencedSecrets', () => {
  it('lists the Secrets of the fixture stack: a secretKeyRef and the Ingress TLS Secret', () => {
    expect(referencedSecrets(goodStack())).toEqual([
      { name: 'sentry-secrets', key: 'secret-key' },
      { name: 'sentry-tls' },
    ]);
  });

  it('collects volumes (with items), projected volumes, envFrom, secretKeyRef and imagePullSecrets from every workload kind', () => {
    const objects = goodStack();
    const web = at(find(objects, 'Deployment', 'web'), 'spec.template.spec');
    web.volumes.push(
      { name: 'certs', secret: { secretName: 'sentry-certs' } },
      {
        name: 'keys',
        secret: { secretName: 'sentry-secrets', items: [{ key: 'github-key', path: 'github.pem' }] },
      },
      {
        name: 'all',
        projected: { sources: [{ secret: { name: 'projected' } }, { configMap: { name: 'sentry-config' } }] },
      },
    );
    web.imagePullSecrets = [{ name: 'registry' }];
    at(find(objects, 'CronJob', 'cleanup'), 'spec.jobTemplate.spec.template.spec.containers.0').envFrom.push({
      secretRef: { name: 'cleanup-env' },
    });
    at(find(objects, 'Job', 'migrate'), 'spec.template.spec.containers.0').env = [
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres', key: 'password' } } },
      { name: 'SECRET_KEY', valueFrom: { secretKeyRef: { name: 'sentry-secrets', key: 'secret-key' } } },
    ];
    at(find(objects, 'StatefulSet', 'redis'), 'spec.template.spec.containers.0').env = [
      {
        name: 'REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'redis', key: 'password', optional: true } },
      },
    ];

    expect(referencedSecrets(objects)).toEqual([
      { name: 'cleanup-env' },
      { name: 'postgres', key: 'password' },
      { name: 'projected' },
      { name: 'redis', key: 'password' },
      { name: 'registry' },
      { name: 'sentry-certs' },
      { name: 'sentry-secrets', key: 'github-key' },
      { name: 'sentry-secrets', key: 'secret-key' },
      { name: 'sentry-tls' },
    ]);
  });

  it('is where Secret references go instead of crossReferenceProblems, since Secrets are created at deploy time', () => {
    const objects = goodStack();
    expect(objects.some((object) => object.kind === 'Secret')).toBe(false);
    expect(referencedSecrets(objects)).not.toEqual([]);
    expect(crossReferenceProblems(objects)).toEqual([]);
  });
});
