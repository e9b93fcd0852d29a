import { at, find, goodStack } from './fixtures';
import { hostnamesIn, unresolvedHostnames } from './hostnames';
import type { KubernetesObject } from './kubernetes-object';

describe('hostnamesIn', () => {
  it.each([
    ['redis://redis:6379/0', ['redis']],
    ['redis://:secret@redis-master:6379', ['redis-master']],
    ['postgres://sentry:1234@postgres:5432/sentry', ['postgres']],
    ['http://web/ without a port', ['web']],
    ['KAFKA=kafka:9092,clickhouse:9000', ['kafka', 'clickhouse']],
    ['{"hosts": ["snuba-api:1218"]}', ['snuba-api']],
    ['until nc -z memcached:11211; do sleep 1; done', ['memcached']],
    [
      'https://sentry.example.com/ and web.sentry.svc.cluster.local:80',
      ['sentry.example.com', 'web.sentry.svc.cluster.local'],
    ],
    ['kafka:9092 then http://web:80 then kafka:9093', ['kafka', 'web']],
  ])('finds the hosts in %j', (text, hosts) => {
    expect(hostnamesIn(text)).toEqual(hosts);
  });

  it.each([
    ['image getsentry/snuba:24.1.0'],
    ['redis:7.2-alpine'],
    ['meet at 12:30'],
    ['python slice s[start:10]'],
    ['10.0.0.1:80 and [::1]:80'],
    ['key: 9000'],
    ['a:b:1'],
  ])('finds no host in %j', (text) => {
    expect(hostnamesIn(text)).toEqual([]);
  });
});

describe('unresolvedHostnames', () => {
  function unresolvedAfter(change: (objects: KubernetesObject[]) => void, ignore?: string[]): string[] {
    const objects = goodStack();
    change(objects);
    return unresolvedHostnames(objects, { ignore });
  }
  const webContainer = (objects: KubernetesObject[]) =>
    at(find(objects, 'Deployment', 'web'), 'spec.template.spec.containers.0');

  it('resolves every host of the fixture stack (short names and <svc>.<ns>.svc.cluster.local)', () => {
    expect(unresolvedHostnames(goodStack())).toEqual([]);
  });

  it('reports a misspelt Service in env, command, args and ConfigMap data, saying where (init containers first)', () => {
    expect(
      unresolvedAfter((objects) => {
        webContainer(objects).env[0].value = 'redis://rediss:6379/1';
        at(find(objects, 'Deployment', 'web'), 'spec.template.spec.initContainers.0').command[2] =
          'nc -z reddis:6379';
        at(find(objects, 'CronJob', 'cleanup'), 'spec.jobTemplate.spec.template.spec.containers.0').args.push(
          '--kafka=kafak:9092',
        );
        at(find(objects, 'ConfigMap', 'sentry-config'), 'data')['config.yml'] =
          'hosts: ["redis://redis-master:6379/0"]';
      }),
    ).toEqual([
      'reddis (Deployment/web init container "wait-for-redis" command[2])',
      'rediss (Deployment/web container "web" env REDIS_URL)',
      'kafak (CronJob/cleanup container "cleanup" args[3])',
      'redis-master (ConfigMap/sentry-config data["config.yml"])',
    ]);
  });

  it('resolves cluster DNS names only for an existing Service in that namespace', () => {
    expect(
      unresolvedAfter((objects) => {
        webContainer(objects).env.push(
          { name: 'A', value: 'http://web.sentry.svc:80' },
          { name: 'B', value: 'redis-0.redis-headless.sentry.svc.cluster.local:6379' },
          { name: 'C', value: 'http://web.monitoring.svc.cluster.local:80' },
          { name: 'D', value: 'webb.sentry.svc:80' },
        );
      }),
    ).toEqual([
      'web.monitoring.svc.cluster.local (Deployment/web container "web" env C)',
      'webb.sentry.svc (Deployment/web container "web" env D)',
    ]);
  });

  it('ignores external names, localhost and the ignore list', () => {
    expect(
      unresolvedAfter(
        (objects) => {
          webContainer(objects).env.push(
            { name: 'A', value: 'https://o1.ingest.sentry.io:443' },
            { name: 'B', value: 'localhost:9000 127.0.0.1:9000 0.0.0.0:9000' },
            { name: 'C', value: 'smtp:25' },
          );
        },
        ['SMTP'],
      ),
    ).toEqual([]);
  });
});
