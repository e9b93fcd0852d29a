import type { NginxRoute, UpstreamFacts } from '@fundamental/sentry/src/stack/releases/upstream-facts';
import type { UpstreamCheckout } from './checkout';

/** Where the release keeps its nginx configuration (the repository root up to now; nginx/ is also looked at). */
export const nginxSource = (checkout: UpstreamCheckout): string =>
  checkout.has('nginx.conf') ? 'nginx.conf' : 'nginx/nginx.conf';

const matchOf: Record<string, NginxRoute['match']> = { '': 'prefix', '~': 'regex', '^~': 'preferred-prefix' };

/** The nginx front of the release: its limits and the locations of its server, with where each one sends. */
export function nginxFacts(checkout: UpstreamCheckout): UpstreamFacts['nginx'] {
  const source = nginxSource(checkout);
  const text = checkout
    .read(source)
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n');
  const directive = (name: string) => {
    const value = new RegExp(`^\\s*${name}\\s+([^;]+);`, 'm').exec(text)?.[1].trim();
    if (!value) throw new Error(`${source}: no ${name} directive`);
    return value;
  };
  // `upstream relay { server relay:3000; }`: the compose service behind each proxy_pass name.
  const upstreams = new Map(
    [...text.matchAll(/upstream\s+(\S+)\s*\{[^}]*?server\s+([\w-]+)/g)].map(([, name, host]) => [name, host]),
  );
  const routes: NginxRoute[] = [];
  for (const [, modifier, location, body] of text.matchAll(
    /location\s+(?:(\^~|~)\s+)?(\S+)\s*\{([^}]*)\}/g,
  )) {
    const proxy = /proxy_pass\s+http:\/\/([\w-]+)(\/[^;\s]*)?;/.exec(body);
    const host = proxy && (upstreams.get(proxy[1]) ?? proxy[1]);
    const to = host === 'relay' ? 'relay' : host === 'web' ? 'web' : proxy ? undefined : 'static-files';
    if (!to)
      throw new Error(`${source}: location ${location} proxies to ${proxy?.[1]}, neither relay nor web`);
    const hideHeaders = [...body.matchAll(/proxy_hide_header\s+([^;\s]+);/g)].map(([, header]) => header);
    routes.push({
      location,
      match: matchOf[modifier ?? ''],
      to,
      ...(proxy?.[2] && proxy[2] !== location ? { rewrite: proxy[2] } : {}),
      ...(hideHeaders.length ? { hideHeaders } : {}),
    });
  }
  return {
    source,
    clientMaxBodySize: directive('client_max_body_size'),
    proxyReadTimeout: directive('proxy_read_timeout'),
    proxySendTimeout: directive('proxy_send_timeout'),
    routes,
  };
}
