import type { Release } from '../releases';

/**
 * The command a compose service runs in the release (getsentry/self-hosted docker-compose.yml at its tag), as
 * container arguments. The Kafka poll interval is the one word that differs: compose interpolates
 * `\${SENTRY_KAFKA_MAX_POLL_INTERVAL_MS:-300000}` from the host, the kubelet expands `$(VAR)` only from the
 * container's env, so the value is read from there (deliberate-differences.ts). A service the release does not
 * have runs nothing: allComponents drops its component.
 */
export function upstreamCommand(release: Release, service: string): readonly string[] {
  if (!(service in release.composeServices)) return [];
  const command = release.upstream.services.byName[service]?.command;
  if (!command) throw new Error(`getsentry/self-hosted ${release.version} gives ${service} no command`);
  return command.map((word, index) =>
    command[index - 1] === '--max-poll-interval-ms' ? '$(SENTRY_KAFKA_MAX_POLL_INTERVAL_MS)' : word,
  );
}
