/** Every object of the stack carries these; `part-of` is how NetworkPolicies and scripts find Sentry pods. */
export const partOf = 'sentry-self-hosted';

export const selectorLabels = (component: string): Record<string, string> => ({
  'app.kubernetes.io/name': component,
  'app.kubernetes.io/part-of': partOf,
});

export const componentLabels = (component: string, version: string): Record<string, string> => ({
  ...selectorLabels(component),
  'app.kubernetes.io/version': version,
  'app.kubernetes.io/managed-by': 'fundamental-sentry',
});

/** Labels as a kubectl label selector (`key=value,…`). */
export const labelSelector = (labels: Record<string, string> = {}): string =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
