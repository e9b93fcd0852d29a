import { manifestsOf, renderSeedStack } from '../../testing/render-seed-stack';

interface Ingress {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    rules: {
      host: string;
      http: { paths: { path: string; pathType: string; backend: { service: { name: string } } }[] };
    }[];
  };
}

describe('the edge Ingresses', () => {
  const ingresses = manifestsOf(renderSeedStack(), 'edge').filter(
    ({ kind }) => kind === 'Ingress',
  ) as unknown as Ingress[];

  /** The request path web receives for a browser path, by the ingress-nginx rules of the Ingress that matches it. */
  function routed(path: string): { service: string; path: string } | undefined {
    const candidates = ingresses.flatMap((ingress) =>
      ingress.spec.rules[0].http.paths.map((route) => ({ ingress, route })),
    );
    // ingress-nginx with use-regex: case-insensitive anchored regex, longest path first.
    candidates.sort((a, b) => b.route.path.length - a.route.path.length);
    for (const { ingress, route } of candidates) {
      const match = new RegExp(`^${route.path}`, 'i').exec(path);
      if (!match) continue;
      const rewrite = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/rewrite-target'];
      const target = rewrite
        ? rewrite.replace(/\$(\d)/g, (_, group: string) => match[Number(group)] ?? '')
        : path;
      return { service: route.backend.service.name, path: target };
    }
    return undefined;
  }

  it("sends /_assets/ to web's /_static/dist/sentry/ (upstream nginx.conf location /_assets/)", () => {
    expect(routed('/_assets/entrypoints/app.js')).toEqual({
      service: 'web',
      path: '/_static/dist/sentry/entrypoints/app.js',
    });
  });

  it('leaves every other path as it is', () => {
    expect(routed('/_static/1/sentry/dist/app.js')).toEqual({
      service: 'web',
      path: '/_static/1/sentry/dist/app.js',
    });
    expect(routed('/api/0/organizations/')).toEqual({ service: 'web', path: '/api/0/organizations/' });
    expect(routed('/api/12/envelope/')).toEqual({ service: 'relay', path: '/api/12/envelope/' });
    expect(routed('/organizations/fundamental/issues/')).toEqual({
      service: 'web',
      path: '/organizations/fundamental/issues/',
    });
  });

  it('rewrites only where the Ingress says so, and serves one host with one TLS setting and body limit', () => {
    const rewriting = ingresses.filter(
      ({ metadata }) => metadata.annotations?.['nginx.ingress.kubernetes.io/rewrite-target'],
    );
    expect(rewriting.map(({ spec }) => spec.rules[0].http.paths.map(({ path }) => path))).toEqual([
      ['/_assets/(.*)'],
    ]);
    expect(new Set(ingresses.map(({ spec }) => spec.rules[0].host)).size).toBe(1);
    expect(
      new Set(
        ingresses.map(
          ({ metadata }) => metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'],
        ),
      ),
    ).toEqual(new Set(['100m']));
  });
});
