import { execFileSync } from 'node:child_process';

/**
 * Renders a kustomization directory exactly as `kubectl apply -k` would, without a cluster.
 * Runs kubectl directly (no shell), so a path with spaces or quotes needs no escaping.
 * Throws with kubectl's own stderr, which names the offending file or field.
 */
export function kustomizeBuild(dir: string): string {
  try {
    return execFileSync('kubectl', ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // A full Sentry stack is a few hundred KiB of YAML; leave plenty of room.
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`kubectl kustomize ${dir} failed: ${failureReason(error)}`);
  }
}

function failureReason(error: unknown): string {
  const { code, stderr, message } = error as { code?: string; stderr?: string; message?: string };
  if (code === 'ENOENT') return 'kubectl is not installed or not on PATH';
  return stderr?.trim() || message || String(error);
}
