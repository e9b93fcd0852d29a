import { assertProjectSlug, assertSentrySlug } from './sentry-options';

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
