import type { Probe } from '../component';

/**
 * Upstream's consumer health check deletes /tmp/health.txt and fails when it is missing; two probes
 * deleting one file would race, so ours asks for a recent modification instead (as the community chart
 * does since 32.0.0). A missing file raises, which exits non-zero too.
 */
const heartbeatCommand = [
  'python3',
  '-c',
  "import os, sys, time; sys.exit(0 if time.time() - os.path.getmtime('/tmp/health.txt') < 120 else 1)",
];

function handler(probe: Probe): Record<string, unknown> {
  switch (probe.type) {
    case 'http':
      return { httpGet: { path: probe.path, port: probe.port } };
    case 'tcp':
      return { tcpSocket: { port: probe.port } };
    case 'exec':
      return { exec: { command: [...probe.command] } };
    case 'heartbeat':
      return { exec: { command: heartbeatCommand } };
  }
}

/** Liveness waits out first starts (migrations, consumer warm-up: upstream's start_period is 600 s for consumers). */
export function livenessProbe(probe: Probe): Record<string, unknown> {
  const initialDelaySeconds = probe.type === 'heartbeat' ? 600 : 120;
  return {
    ...handler(probe),
    initialDelaySeconds,
    periodSeconds: 60,
    timeoutSeconds: 10,
    failureThreshold: 3,
  };
}

export function readinessProbe(probe: Probe): Record<string, unknown> {
  return {
    ...handler(probe),
    initialDelaySeconds: 10,
    periodSeconds: 15,
    timeoutSeconds: 10,
    failureThreshold: 4,
  };
}
