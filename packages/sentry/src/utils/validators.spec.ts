import {
  assertDnsLabel,
  assertDomain,
  assertEmail,
  assertGitBranch,
  assertGitRepoUrl,
  assertGitRevision,
  assertHost,
  assertHostPortList,
  assertInteger,
  assertLabelKey,
  assertLabelValue,
  assertRelativeDirectory,
  assertResourceName,
} from './validators';

/** Characters that would break out of YAML, Python, shell or a URL if they reached one unescaped. */
const hostile = ['"', "'", '\n', '$(id)', '`id`', ';', ' ', '\\', '{', '#', '&', '|', '<', '>'];

describe('validators', () => {
  it.each([
    ['domain', assertDomain, 'sentry.academind.ir'],
    ['host', assertHost, 'db.internal'],
    ['namespace', assertDnsLabel, 'sentry'],
    ['name', assertResourceName, 'microk8s-hostpath'],
    ['email', assertEmail, 'admin@academind.ir'],
    ['directory', assertRelativeDirectory, 'infra/sentry'],
    ['mainBranch', assertGitBranch, 'release/2.x'],
    ['gitopsRepoUrl', assertGitRepoUrl, 'https://github.com/acme/platform.git'],
    ['gitopsRevision', assertGitRevision, 'release/2026.11'],
    ['nodeSelector', assertLabelKey, 'kubernetes.io/hostname'],
    ['nodeSelector', assertLabelValue, 'vps-2'],
  ] as const)('accepts a good %s and refuses it with any metacharacter added', (option, assert, good) => {
    expect(assert(option, good)).toBe(good);
    for (const bad of hostile) expect(() => assert(option, `${good}${bad}`)).toThrow(`Invalid --${option} `);
  });

  it('explains what is expected, with the value as given', () => {
    expect(() => assertDomain('domain', 'localhost')).toThrow(
      'Invalid --domain "localhost": expected a lower-case DNS name such as sentry.example.com.',
    );
  });

  it('takes IPv4 addresses and single-label Services as hosts, not as domains', () => {
    expect(assertHost('redisHost', '10.0.0.7')).toBe('10.0.0.7');
    expect(assertHost('redisHost', 'redis')).toBe('redis');
    expect(() => assertDomain('domain', 'redis')).toThrow();
    expect(() => assertHost('redisHost', '10.0.0.7:6379')).toThrow();
  });

  it('keeps directories inside the workspace', () => {
    for (const bad of ['/etc', '../up', 'a/../../b', 'a//b', './a'])
      expect(() => assertRelativeDirectory('directory', bad)).toThrow();
    expect(assertRelativeDirectory('directory', 'infra/sentry/')).toBe('infra/sentry');
  });

  it('takes the git branch names git check-ref-format takes, in a charset no shell or workflow quotes', () => {
    for (const bad of ['a..b', 'a//b', 'a/.b', 'main/', 'main.', 'main.lock', '-main', 'feature/*'])
      expect(() => assertGitBranch('mainBranch', bad)).toThrow('--mainBranch');
    expect(assertGitBranch('mainBranch', 'feature/sentry-2_x')).toBe('feature/sentry-2_x');
  });

  it('checks integers and their range', () => {
    expect(assertInteger('retentionDays', 90, 1, 3650)).toBe(90);
    for (const bad of [0, 3651, 1.5, '90', NaN])
      expect(() => assertInteger('retentionDays', bad, 1, 3650)).toThrow('--retentionDays');
  });

  it('reads Kafka bootstrap lists pair by pair', () => {
    expect(assertHostPortList('kafkaBootstrapServers', 'a.example:9092,b.example:9093')).toBe(
      'a.example:9092,b.example:9093',
    );
    for (const bad of ['a.example', 'a.example:0', 'a.example:9092,', 'a:1:2', 'a.example:9092;b'])
      expect(() => assertHostPortList('kafkaBootstrapServers', bad)).toThrow();
  });

  it('takes the Git URL forms Argo CD clones, and Git revision names', () => {
    for (const url of [
      'https://git.example.com:8443/a/b',
      'ssh://git@github.com/acme/p.git',
      'git@github.com:acme/p.git',
    ])
      expect(assertGitRepoUrl('gitopsRepoUrl', url)).toBe(url);
    for (const url of ['github.com/acme/p', 'file:///srv/p', 'https://github.com/../p', 'ftp://x.example/p'])
      expect(() => assertGitRepoUrl('gitopsRepoUrl', url)).toThrow('Invalid --gitopsRepoUrl ');
    for (const revision of ['main', 'HEAD', 'v1.2.0', '0123abcd'])
      expect(assertGitRevision('gitopsRevision', revision)).toBe(revision);
    for (const revision of ['-main', 'a..b', 'feature/', 'x.lock', 'a//b'])
      expect(() => assertGitRevision('gitopsRevision', revision)).toThrow('Invalid --gitopsRevision ');
  });

  it('checks label keys (prefix/name) and values as Kubernetes does', () => {
    expect(assertLabelKey('nodeSelector', 'node-role.kubernetes.io/sentry')).toBe(
      'node-role.kubernetes.io/sentry',
    );
    expect(assertLabelValue('nodeSelector', '')).toBe('');
    for (const key of ['', '/name', 'Example.com/x', `${'a'.repeat(64)}`, 'x/-y'])
      expect(() => assertLabelKey('nodeSelector', key)).toThrow('Invalid --nodeSelector ');
    for (const value of ['-x', 'x-', 'a'.repeat(64), 'a b'])
      expect(() => assertLabelValue('nodeSelector', value)).toThrow('Invalid --nodeSelector ');
  });
});
