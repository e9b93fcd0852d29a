import type { Component, EnvValue } from '../component';
import { imageFor, type Release } from '../releases';
import { secretNames } from '../settings';
import { configMounts } from './config-mounts';
import { livenessProbe, readinessProbe } from './probes';

/** Claim names are `<owner>-<volume>`; a volume shared from another component names its owner. */
export const claimName = (component: Component, volume: { name: string; owner?: string }): string =>
  `${volume.owner ?? component.name}-${volume.name}`;

/** The PVC every Sentry-image pod mounts at /data (filestore, caches, the nodestore package). */
export const sentryDataClaim = 'sentry-data';

const containerSecurity = { allowPrivilegeEscalation: false, privileged: false };

function envVar(name: string, value: EnvValue): Record<string, unknown> {
  if (typeof value === 'string') return { name, value };
  const secretKeyRef = {
    name: secretNames[value.secret],
    key: value.key,
    ...(value.optional ? { optional: true } : {}),
  };
  return { name, valueFrom: { secretKeyRef } };
}

function volumesOf(component: Component): {
  volumes: Record<string, unknown>[];
  mounts: Record<string, unknown>[];
} {
  const volumes: Record<string, unknown>[] = [];
  const mounts: Record<string, unknown>[] = [];
  for (const bundle of component.config ?? []) {
    const { configMap, mounts: bundleMounts } = configMounts[bundle];
    const name = `config-${bundle}`;
    volumes.push(
      bundle === 'relay'
        ? {
            name,
            projected: {
              sources: [{ configMap: { name: configMap } }, { secret: { name: secretNames.relay } }],
            },
          }
        : { name, configMap: { name: configMap } },
    );
    for (const mount of bundleMounts)
      mounts.push({
        name,
        mountPath: mount.mountPath,
        readOnly: true,
        ...(mount.subPath ? { subPath: mount.subPath } : {}),
      });
  }
  for (const volume of component.volumes ?? []) {
    volumes.push({ name: volume.name, persistentVolumeClaim: { claimName: claimName(component, volume) } });
    mounts.push({ name: volume.name, mountPath: volume.mountPath });
  }
  for (const volume of component.memoryVolumes ?? []) {
    volumes.push({ name: volume.name, emptyDir: { medium: 'Memory', sizeLimit: volume.size } });
    mounts.push({ name: volume.name, mountPath: volume.mountPath });
  }
  if (component.image === 'sentry') {
    volumes.push({ name: 'data', persistentVolumeClaim: { claimName: sentryDataClaim } });
    mounts.push({ name: 'data', mountPath: '/data' });
  }
  return { volumes, mounts };
}

/**
 * Every Sentry-image pod first checks that sentry-nodestore-s3 is importable from the shared volume,
 * so a missing bootstrap shows as one clear init error instead of a crash deep inside Sentry.
 */
function nodestoreCheck(image: string): Record<string, unknown> {
  return {
    name: 'check-nodestore-package',
    image,
    command: [
      'python3',
      '-c',
      "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('sentry_nodestore_s3') else " +
        "'sentry-nodestore-s3 is missing from /data/custom-packages: run the sentry-packages bootstrap job (scripts/setup.sh)')",
    ],
    env: [{ name: 'PYTHONUSERBASE', value: '/data/custom-packages' }],
    volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
    resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    securityContext: containerSecurity,
  };
}

/** The pod template spec of a component: one container, its config, volumes, probes and limits. */
export function podSpec(component: Component, release: Release): Record<string, unknown> {
  const image = imageFor(release, component.image);
  const { volumes, mounts } = volumesOf(component);
  const container: Record<string, unknown> = {
    name: component.name,
    image,
    ...(component.command ? { command: [...component.command] } : {}),
    ...(component.args ? { args: [...component.args] } : {}),
    ...(component.env
      ? { env: Object.entries(component.env).map(([name, value]) => envVar(name, value)) }
      : {}),
    ...(component.ports
      ? { ports: component.ports.map(({ name, port }) => ({ name, containerPort: port })) }
      : {}),
    ...(component.liveness ? { livenessProbe: livenessProbe(component.liveness) } : {}),
    ...(component.readiness ? { readinessProbe: readinessProbe(component.readiness) } : {}),
    resources: component.resources,
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    securityContext: containerSecurity,
  };
  return {
    // Whoever loads sentry.conf.py loads the S3 nodestore it names.
    ...(component.config?.includes('sentry') ? { initContainers: [nodestoreCheck(image)] } : {}),
    containers: [container],
    ...(volumes.length ? { volumes } : {}),
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    enableServiceLinks: false,
  };
}
