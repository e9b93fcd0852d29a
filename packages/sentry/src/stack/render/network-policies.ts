import type { Component } from '../component';
import type { KubernetesObject } from './kubernetes-object';
import { componentLabels, partOf, selectorLabels } from './labels';

/**
 * Ingress is denied namespace-wide, then each component admits exactly the components that depend on it
 * (and the bootstrap jobs that need it). Egress stays open: Sentry fetches source maps, sends mail and
 * webhooks, and Relay forwards upstream — all to places we cannot enumerate.
 */
export function defaultDeny(version: string): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-ingress', labels: componentLabels('network', version) },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  };
}

export interface PolicyPeers {
  /** Names (app.kubernetes.io/name) of the pods allowed in. */
  components: string[];
  /** Namespaces allowed in (the ingress controller's, for web and relay). */
  namespaces: string[];
}

export function allowIngress(component: Component, peers: PolicyPeers, version: string): KubernetesObject[] {
  if (!component.ports?.length || (!peers.components.length && !peers.namespaces.length)) return [];
  const from = [
    ...(peers.components.length
      ? [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/part-of': partOf },
              matchExpressions: [
                { key: 'app.kubernetes.io/name', operator: 'In', values: [...peers.components].sort() },
              ],
            },
          },
        ]
      : []),
    ...peers.namespaces.map((namespace) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    })),
  ];
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `allow-to-${component.name}`, labels: componentLabels(component.name, version) },
      spec: {
        podSelector: { matchLabels: selectorLabels(component.name) },
        policyTypes: ['Ingress'],
        ingress: [{ from, ports: component.ports.map(({ port }) => ({ protocol: 'TCP', port })) }],
      },
    },
  ];
}
