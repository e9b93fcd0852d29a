import type { StackSettings } from '../settings';
import type { KubernetesObject } from './kubernetes-object';
import { componentLabels } from './labels';

/**
 * Upstream's nginx split (getsentry/self-hosted 26.8.0 nginx.conf) as an Ingress: SDK ingestion and relay
 * registration go to Relay, everything else to web. Regex paths need ingress-nginx's `use-regex` (MicroK8s'
 * ingress addon is ingress-nginx); with it, paths are matched as case-insensitive prefixes, longest first.
 */
const relayPaths = ['/api/store/', '/api/[1-9][0-9]*/', '/api/0/relays/'];

/**
 * Upstream's `location /_assets/` proxies to web's `/_static/dist/sentry/`. ingress-nginx applies a rewrite-target
 * to every path of its Ingress, so the rewritten path gets an Ingress of its own; the capture group carries the
 * rest of the URL.
 */
const assetsPath = { path: '/_assets/(.*)', rewriteTarget: '/_static/dist/sentry/$1' };

export function ingresses(settings: StackSettings, version: string): KubernetesObject[] {
  const annotations: Record<string, string> = {
    'nginx.ingress.kubernetes.io/use-regex': 'true',
    // getsentry/self-hosted 26.8.0 nginx.conf: client_max_body_size 100m, proxy_read_timeout 90s,
    // proxy_send_timeout 5s.
    'nginx.ingress.kubernetes.io/proxy-body-size': '100m',
    'nginx.ingress.kubernetes.io/proxy-read-timeout': '90',
    'nginx.ingress.kubernetes.io/proxy-send-timeout': '5',
    'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
  };
  // Only one Ingress asks cert-manager for the certificate; both name the same Secret for the host.
  const certificate: Record<string, string> =
    settings.tls.mode === 'cert-manager'
      ? {
          [settings.tls.issuerKind === 'ClusterIssuer'
            ? 'cert-manager.io/cluster-issuer'
            : 'cert-manager.io/issuer']: settings.tls.issuer,
        }
      : {};
  const backend = (name: string, port: string) => ({ service: { name, port: { name: port } } });
  const ingress = (
    name: string,
    extraAnnotations: Record<string, string>,
    paths: Record<string, unknown>[],
  ): KubernetesObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      labels: componentLabels('ingress', version),
      annotations: { ...annotations, ...extraAnnotations },
    },
    spec: {
      ingressClassName: settings.ingressClass,
      tls: [{ hosts: [settings.domain], secretName: settings.tls.secretName }],
      rules: [{ host: settings.domain, http: { paths } }],
    },
  });
  return [
    ingress('sentry', certificate, [
      ...relayPaths.map((path) => ({
        path,
        pathType: 'ImplementationSpecific',
        backend: backend('relay', 'http'),
      })),
      { path: '/', pathType: 'Prefix', backend: backend('web', 'http') },
    ]),
    ingress('sentry-assets', { 'nginx.ingress.kubernetes.io/rewrite-target': assetsPath.rewriteTarget }, [
      { path: assetsPath.path, pathType: 'ImplementationSpecific', backend: backend('web', 'http') },
    ]),
  ];
}
