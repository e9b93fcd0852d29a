import type {
  UpstreamFacts,
  UpstreamFeatureGroups,
} from '@fundamental/sentry/src/stack/releases/upstream-facts';
import type { UpstreamCheckout } from './checkout';

export const featuresSource = 'sentry/sentry.conf.example.py';

/**
 * The comment above each group of `SENTRY_FEATURES.update(...)`, by the words that name it (getsentry/self-hosted
 * sentry/sentry.conf.example.py@26.8.0); the first group has no comment. More specific names come first.
 */
const groupNames: readonly [RegExp, keyof UpstreamFeatureGroups][] = [
  [/continuous profiling/i, 'continuousProfiling'],
  [/profiling/i, 'profiling'],
  [/performance|tracing|spans/i, 'performance'],
  [/session replay/i, 'sessionReplay'],
  [/user feedback/i, 'userFeedback'],
  [/uptime/i, 'uptime'],
  [/logs/i, 'logs'],
  [/transaction .*migration/i, 'transactionMigration'],
  [/metrics/i, 'metrics'],
];

/** The flags upstream's example sentry.conf.py switches on (by its groups) and off. */
export function featureFacts(checkout: UpstreamCheckout): UpstreamFacts['features'] {
  const lines = checkout.read(featuresSource).split('\n');
  const enabled: Record<keyof UpstreamFeatureGroups, string[]> = {
    general: [],
    performance: [],
    sessionReplay: [],
    userFeedback: [],
    profiling: [],
    continuousProfiling: [],
    uptime: [],
    logs: [],
    metrics: [],
    transactionMigration: [],
  };
  const disabled: string[] = [];
  const start = lines.findIndex((line) => line.startsWith('SENTRY_FEATURES.update('));
  if (start < 0) throw new Error(`${featuresSource}: no SENTRY_FEATURES.update(...) block`);
  let group: keyof UpstreamFeatureGroups = 'general';
  for (let index = start + 1; index < lines.length && lines[index] !== ')'; index++) {
    const comment = /^\s*#\s*(.+)$/.exec(lines[index]);
    if (comment) {
      const named = groupNames.find(([pattern]) => pattern.test(comment[1]));
      if (!named)
        throw new Error(
          `${featuresSource}:${index + 1}: feature group "${comment[1]}" is new; add it to UpstreamFeatureGroups ` +
            '(packages/sentry/src/stack/releases/upstream-facts.ts) and to a group of stack/config/sentry-features.ts',
        );
      group = named[1];
    }
    const flag = /^\s*"([^"]+)",?\s*$/.exec(lines[index]);
    if (flag) enabled[group].push(flag[1]);
  }
  for (const line of lines) {
    const off = /^SENTRY_FEATURES\["([^"]+)"\] = False/.exec(line);
    if (off) disabled.push(off[1]);
  }
  return { source: featuresSource, enabled, disabled };
}
