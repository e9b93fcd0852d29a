import type { Component, EnvValue } from '../component';
import { imageFor, type Release } from '../releases';
import { secretNames, type StackSettings } from '../settings';
import { sentryPackages } from '../catalogue/sentry-packages';
import { configMounts } from './config-mounts';
import { livenessProbe, readinessProbe } from './probes';

/** Claim names are `<owner>-<volume>`; a volume shared from another component names its owner. */
export const claimName = (component: Component, volume: { name: string; owner?: string }): string =>
  `${volume.owner ?? component.name}-${volume.name}`;

/** The PVC every Sentry-image pod mounts at /data (filestore, caches). */
export const sentryDataClaim = 'sentry-data';

/** Whether a component's pods mount {@link sentryDataClaim}. */
export const mountsSentryData = (component: Component): boolean => component.image === 'sentry';

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
  if (mountsSentryData(component)) {
    volumes.push({ name: 'data', persistentVolumeClaim: { claimName: sentryDataClaim } });
    mounts.push({ name: 'data', mountPath: '/data' });
  }
  return { volumes, mounts };
}

const packagesVolume = 'sentry-packages';

/**
 * Every pod loading sentry.conf.py first installs sentry-nodestore-s3 into its own emptyDir (why: see
 * catalogue/sentry-packages.ts), then checks it is importable the way Sentry will import it, so a failed
 * install shows as one clear init error instead of a crash deep inside Sentry.
 */
function sentryPackagesInit(image: string, settings: StackSettings): Record<string, unknown>[] {
  return [
    {
      name: 'install-sentry-packages',
      image,
      command: [...sentryPackages.install],
      env: Object.entries(sentryPackages.env(settings)).map(([name, value]) => ({ name, value })),
      volumeMounts: [{ name: packagesVolume, mountPath: sentryPackages.directory }],
      // pip resolving and building the archive needs more than the check.
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      securityContext: containerSecurity,
    },
    {
      name: 'check-nodestore-package',
      image,
      command: [
        'python3',
        '-c',
        "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('sentry_nodestore_s3') else " +
          `'sentry-nodestore-s3 is missing from ${sentryPackages.directory}: see the install-sentry-packages container log')`,
      ],
      env: [{ name: 'PYTHONPATH', value: sentryPackages.directory }],
      volumeMounts: [{ name: packagesVolume, mountPath: sentryPackages.directory, readOnly: true }],
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      securityContext: containerSecurity,
    },
  ];
}

/** The pod template spec of a component: one container, its config, volumes, probes and limits. */
export function podSpec(
  component: Component,
  settings: StackSettings,
  release: Release,
): Record<string, unknown> {
  const image = imageFor(release, component.image, settings.imageRegistry);
  const { volumes, mounts } = volumesOf(component);
  // Pods whose Python looks in the packages directory (sentry.conf.py loads the S3 nodestore) get it filled.
  const needsPackages = component.env?.PYTHONPATH === sentryPackages.directory;
  if (needsPackages) {
    volumes.push({ name: packagesVolume, emptyDir: { sizeLimit: '64Mi' } });
    mounts.push({ name: packagesVolume, mountPath: sentryPackages.directory, readOnly: true });
  }
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
    ...(needsPackages ? { initContainers: sentryPackagesInit(image, settings) } : {}),
    containers: [container],
    ...(volumes.length ? { volumes } : {}),
    ...(settings.nodeSelector ? { nodeSelector: { ...settings.nodeSelector } } : {}),
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    enableServiceLinks: false,
  };
}
