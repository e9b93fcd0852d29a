import type { StackSettings } from '../settings';
import type { KubernetesObject } from './kubernetes-object';
import { componentLabels } from './labels';

/**
 * Upstream's nginx split (stack reference §2.8) as an Ingress: SDK ingestion and relay registration go to
 * Relay, everything else to web. Regex paths need ingress-nginx's `use-regex` (MicroK8s' ingress addon is
 * ingress-nginx); with it, paths are matched as case-insensitive prefixes, longest first.
 */
const relayPaths = ['/api/store/', '/api/[1-9][0-9]*/', '/api/0/relays/'];

export function ingress(settings: StackSettings, version: string): KubernetesObject {
  const annotations: Record<string, string> = {
    'nginx.ingress.kubernetes.io/use-regex': 'true',
    // Upstream nginx: client_max_body_size 100m, proxy_read_timeout 90s (26.6.0).
    'nginx.ingress.kubernetes.io/proxy-body-size': '100m',
    'nginx.ingress.kubernetes.io/proxy-read-timeout': '90',
    'nginx.ingress.kubernetes.io/proxy-send-timeout': '90',
    'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    ...(settings.tls.mode === 'cert-manager'
      ? {
          [settings.tls.issuerKind === 'ClusterIssuer'
            ? 'cert-manager.io/cluster-issuer'
            : 'cert-manager.io/issuer']: settings.tls.issuer,
        }
      : {}),
  };
  const backend = (name: string, port: string) => ({ service: { name, port: { name: port } } });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'sentry', labels: componentLabels('ingress', version), annotations },
    spec: {
      ingressClassName: settings.ingressClass,
      tls: [{ hosts: [settings.domain], secretName: settings.tls.secretName }],
      rules: [
        {
          host: settings.domain,
          http: {
            paths: [
              ...relayPaths.map((path) => ({
                path,
                pathType: 'ImplementationSpecific',
                backend: backend('relay', 'http'),
              })),
              { path: '/', pathType: 'Prefix', backend: backend('web', 'http') },
            ],
          },
        },
      ],
    },
  };
}
