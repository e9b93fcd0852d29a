import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import type { StackSettings } from '../settings';
import { seedRelease, seedStackSettings } from '../../testing/seed-stack-settings';
import { renderConfigBundles } from './index';

const sample: StackSettings = seedStackSettings;

/** Parses YAML as PyYAML does (YAML 1.1, what Sentry reads config.yml with) and checks `yaml` agrees. */
function readYaml(text: string) {
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))';
  const value = JSON.parse(execFileSync('python3', ['-c', script], { input: text, encoding: 'utf-8' }));
  expect(parse(text)).toEqual(value);
  return value;
}

interface XmlTree {
  tag: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlTree[];
}

/** Parses XML with Python's minidom (which rejects anything not well-formed) into a plain tree. */
function readXml(text: string): XmlTree {
  const script = [
    'import json, sys, xml.dom.minidom as minidom',
    'def tree(node):',
    '    elements = [child for child in node.childNodes if child.nodeType == child.ELEMENT_NODE]',
    '    text = "".join(child.data for child in node.childNodes if child.nodeType == child.TEXT_NODE).strip()',
    '    return {"tag": node.tagName, "attributes": dict(node.attributes.items()), "text": text,',
    '            "children": [tree(child) for child in elements]}',
    'print(json.dumps(tree(minidom.parseString(sys.stdin.buffer.read()).documentElement)))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: text, encoding: 'utf-8' }));
}

const child = (tree: XmlTree, tag: string): XmlTree => {
  const found = tree.children.find((candidate) => candidate.tag === tag);
  if (!found) throw new Error(`<${tree.tag}> has no <${tag}>`);
  return found;
};

const external: StackSettings['external'] = {
  kafka: { bootstrapServers: 'k1.example.com:9092,k2.example.com:9092' },
  redis: { host: 'cache.example.com', port: 6380 },
};

describe('renderConfigBundles', () => {
  const bundles = renderConfigBundles(sample, seedRelease);

  it('renders every bundle with the files its component mounts', () => {
    expect(
      Object.fromEntries(Object.entries(bundles).map(([bundle, files]) => [bundle, Object.keys(files)])),
    ).toEqual({
      sentry: ['sentry.conf.py', 'config.yml'],
      relay: ['config.yml'],
      symbolicator: ['config.yml'],
      clickhouse: ['sentry.xml', 'default-password.xml'],
      taskbroker: ['config.yml'],
      valkey: ['redis.conf'],
    });
  });

  it('is deterministic', () => {
    expect(renderConfigBundles(sample, seedRelease)).toEqual(bundles);
  });

  it('names credentials only by environment variable, never by value', () => {
    const everything = Object.values(bundles)
      .flatMap((files) => Object.values(files))
      .join('\n');
    const credentialWithValue =
      /(access_key|secret_key|access_key_id|secret_access_key|password)"?:\s*"[^"]/i;
    expect(everything).not.toMatch(credentialWithValue);
    expect(everything).not.toMatch(/<password>/);
    const variables = [...everything.matchAll(/os\.environ(?:\.get\(|\[)"(\w+)"|from_env="(\w+)"/g)].map(
      ([, python, xml]) => python ?? xml,
    );
    expect(new Set(variables)).toEqual(
      new Set([
        'SENTRY_POSTGRES_PASSWORD',
        'SENTRY_SYSTEM_SECRET_KEY',
        'SENTRY_RELAY_PUBLIC_KEY',
        'SENTRY_S3_ACCESS_KEY',
        'SENTRY_S3_SECRET_KEY',
        'SENTRY_CLICKHOUSE_PASSWORD',
        'MAX_MEMORY_USAGE_RATIO',
      ]),
    );
  });

  it("keeps Sentry's fixed options in config.yml and nothing that sentry.conf.py sets", () => {
    const options = readYaml(bundles.sentry['config.yml']);
    expect(options).toEqual({
      'filestore.backend': 'filesystem',
      'filestore.options': { location: '/data/files' },
      'dsym.cache-path': '/data/dsym-cache',
      'releasefile.cache-path': '/data/releasefile-cache',
      'symbolicator.enabled': true,
      'symbolicator.options': { url: 'http://symbolicator:3021' },
      'transaction-events.force-disable-internal-project': true,
    });
    for (const key of Object.keys(options))
      expect(bundles.sentry['sentry.conf.py']).not.toContain(`"${key}"`);
  });

  it('points Relay at web, Kafka and Redis, in processing mode', () => {
    const relay = readYaml(bundles.relay['config.yml']);
    expect(relay.relay).toEqual({
      mode: 'managed',
      upstream: 'http://web:9000/',
      host: '0.0.0.0',
      port: 3000,
    });
    expect(relay.processing).toEqual({
      enabled: true,
      kafka_config: [
        { name: 'bootstrap.servers', value: 'kafka:9092' },
        { name: 'message.max.bytes', value: 50000000 },
      ],
      redis: 'redis://redis:6379',
    });
    expect(relay.health.max_memory_percent).toBe(1);
  });

  it('lets Symbolicator cache in /data and fetch from private addresses', () => {
    expect(readYaml(bundles.symbolicator['config.yml'])).toEqual({
      cache_dir: '/data',
      bind: '0.0.0.0:3021',
      logging: { level: 'warn' },
      connect_to_reserved_ips: true,
    });
  });

  it('gives taskbroker the 26.8.0 topic layout on the default cluster', () => {
    const taskbroker = readYaml(bundles.taskbroker['config.yml']);
    expect(taskbroker).toMatchObject({
      kafka_deadletter_topic: 'taskworker-dlq',
      kafka_retry_topic: 'taskworker',
      kafka_clusters: { default: { address: 'kafka:9092' } },
    });
    const topics: Record<string, { cluster: string; produce_only?: boolean; raw?: Record<string, unknown> }> =
      taskbroker.kafka_topics;
    expect(Object.keys(topics)).toEqual([
      'taskworker',
      'taskworker-dlq',
      'events-subscription-results',
      'transactions-subscription-results',
      'metrics-subscription-results',
      'generic-metrics-subscription-results',
      'subscription-results-eap-items',
      'profiles',
      'ingest-replay-recordings',
    ]);
    for (const topic of Object.values(topics)) expect(topic.cluster).toBe('default');
    expect(topics['taskworker-dlq'].produce_only).toBe(true);
    expect(topics['ingest-replay-recordings'].raw).toEqual({
      namespace: 'replays.raw',
      application: 'sentry',
      taskname: 'sentry.replays.tasks.process_replay_recording',
      processing_deadline_duration: 90,
    });
    expect(topics['generic-metrics-subscription-results'].raw).toMatchObject({
      namespace: 'snuba.subscriptions.generic_metrics.raw',
      taskname: 'sentry.snuba.query_subscriptions.run.process_generic_metrics_subscription_from_kafka',
    });
  });

  it('moves Relay and taskbroker to the external Kafka and Redis', () => {
    const moved = renderConfigBundles({ ...sample, external }, seedRelease);
    const relay = readYaml(moved.relay['config.yml']);
    expect(relay.processing.kafka_config[0].value).toBe('k1.example.com:9092,k2.example.com:9092');
    expect(relay.processing.redis).toBe('redis://cache.example.com:6380');
    expect(readYaml(moved.taskbroker['config.yml']).kafka_clusters.default.address).toBe(
      'k1.example.com:9092,k2.example.com:9092',
    );
  });

  it('quotes YAML values that contain quotes, backslashes, newlines or YAML syntax', () => {
    const bootstrapServers = 'k"a\\fka:9092\n# not: a comment\' - [x]';
    const moved = renderConfigBundles({ ...sample, external: { kafka: { bootstrapServers } } }, seedRelease);
    expect(readYaml(moved.relay['config.yml']).processing.kafka_config[0].value).toBe(bootstrapServers);
    expect(readYaml(moved.taskbroker['config.yml']).kafka_clusters.default.address).toBe(bootstrapServers);
  });

  it('writes well-formed ClickHouse overrides that take their variable parts from the environment', () => {
    const server = readXml(bundles.clickhouse['sentry.xml']);
    expect(server.tag).toBe('clickhouse');
    expect(child(server, 'max_server_memory_usage_to_ram_ratio').attributes).toEqual({
      from_env: 'MAX_MEMORY_USAGE_RATIO',
    });
    expect(child(child(server, 'logger'), 'level').text).toBe('warning');
    const removed = server.children
      .filter((node) => node.attributes['remove'] === 'remove')
      .map((node) => node.tag);
    expect(removed).toEqual(
      expect.arrayContaining(['query_log', 'query_thread_log', 'trace_log', 'part_log']),
    );
    const defaultProfile = child(child(server, 'profiles'), 'default');
    expect(child(defaultProfile, 'log_queries').text).toBe('0');
    const mergeTree = child(server, 'merge_tree');
    expect(child(mergeTree, 'allow_nullable_key').text).toBe('1');
    expect(child(mergeTree, 'max_suspicious_broken_parts').text).toBe('100');

    const defaultUser = child(child(readXml(bundles.clickhouse['default-password.xml']), 'users'), 'default');
    expect(child(defaultUser, 'password')).toEqual({
      tag: 'password',
      attributes: { from_env: 'SENTRY_CLICKHOUSE_PASSWORD' },
      text: '',
      children: [],
    });
    expect(child(child(defaultUser, 'networks'), 'ip').text).toBe('::/0');
  });

  it("keeps Valkey at upstream's eviction policy, with a cap below the pod limit", () => {
    const directives = bundles.valkey['redis.conf']
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(directives).toEqual(['maxmemory 1024mb', 'maxmemory-policy volatile-lru']);
  });
});
