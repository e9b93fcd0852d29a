import { assertProjectSlug, assertSentrySlug, assertTracePropagationTarget } from './sentry-options';

describe('Sentry slugs', () => {
  it("takes Sentry's slug rules, a project slug never starting like a command-line option", () => {
    expect(assertProjectSlug('sentryProject', 'web_app-2')).toBe('web_app-2');
    for (const bad of ['-web', '_web', '1234', 'Web', 'a'.repeat(51)])
      expect(() => assertProjectSlug('sentryProject', bad)).toThrow('Invalid --sentryProject ');
  });

  it('refuses "_" and a "-" at either end in an organization slug (ORG_SLUG_PATTERN)', () => {
    expect(assertSentrySlug('organization', 'acme-eu', 'an organization', 'organization')).toBe('acme-eu');
    for (const bad of ['acme_eu', 'acme-', '-acme'])
      expect(() => assertSentrySlug('organization', bad, 'an organization', 'organization')).toThrow(
        'Invalid --organization ',
      );
  });
});

describe('trace propagation targets', () => {
  it('takes http(s) URL prefixes and paths, nothing that would break out of a TypeScript string', () => {
    for (const good of ['https://api.example.com', 'http://localhost:5000/api', '/api'])
      expect(assertTracePropagationTarget('tracePropagationTargets', good)).toBe(good);
    for (const bad of ["https://api.example.com/'", 'ftp://api.example.com', 'api', '/a b', '/a\\b'])
      expect(() => assertTracePropagationTarget('tracePropagationTargets', bad)).toThrow(
        `Invalid --tracePropagationTargets ${JSON.stringify(bad)}: expected URLs or paths such as https://api.example.com or /api.`,
      );
  });
});
