import type { ConfigBundle } from '../component';

/** How each configuration bundle (one ConfigMap) appears inside the containers that use it. */
export const configMounts: Record<
  ConfigBundle,
  { configMap: string; mounts: { mountPath: string; subPath?: string }[] }
> = {
  sentry: { configMap: 'sentry-config', mounts: [{ mountPath: '/etc/sentry' }] },
  // Relay reads config.yml and credentials.json from one folder: a projected volume joins the ConfigMap
  // and the credentials Secret there (see pod-spec.ts).
  relay: { configMap: 'relay-config', mounts: [{ mountPath: '/work/.relay' }] },
  symbolicator: { configMap: 'symbolicator-config', mounts: [{ mountPath: '/etc/symbolicator' }] },
  clickhouse: {
    configMap: 'clickhouse-config',
    mounts: [
      { mountPath: '/etc/clickhouse-server/config.d/sentry.xml', subPath: 'sentry.xml' },
      { mountPath: '/etc/clickhouse-server/users.d/default-password.xml', subPath: 'default-password.xml' },
    ],
  },
  taskbroker: { configMap: 'taskbroker-config', mounts: [{ mountPath: '/etc/taskbroker' }] },
  valkey: { configMap: 'valkey-config', mounts: [{ mountPath: '/usr/local/etc/redis' }] },
};
