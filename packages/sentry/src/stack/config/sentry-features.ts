import { profileIncludes } from '../component';
import { upstream_26_8_0 } from '../releases/26.8.0-upstream';
import type { ProfileName } from '../settings';

/**
 * The feature flags self-hosted Sentry 26.8.0 switches on: upstream's groups (getsentry/self-hosted 26.8.0
 * sentry/sentry.conf.example.py, as data in releases/26.8.0-upstream.ts), regrouped by the product they unlock.
 * Groups marked `feature-complete` need consumers and storages that only run in that profile; enabling them on an
 * errors-only stack would show pages whose data never arrives.
 */
export interface FeatureGroup {
  /** Rendered as the comment above the group. */
  why: string;
  profile: 'always' | 'feature-complete';
  flags: readonly string[];
}

const upstream = upstream_26_8_0.features;

const featureGroups: readonly FeatureGroup[] = [
  {
    why: 'Issues, alerts, crons, dashboards, SSO and integrations: what the errors-only stack serves.',
    profile: 'always',
    flags: upstream.enabled.general,
  },
  {
    why: 'Performance and tracing: spans, insights, Explore (transactions, spans and EAP consumers).',
    profile: 'feature-complete',
    flags: [...upstream.enabled.performance, ...upstream.enabled.transactionMigration],
  },
  {
    why: 'Session Replay (replays consumer, replay recordings via taskbroker).',
    profile: 'feature-complete',
    flags: upstream.enabled.sessionReplay,
  },
  {
    why: 'User Feedback (ingest-feedback-events consumer).',
    profile: 'feature-complete',
    flags: upstream.enabled.userFeedback,
  },
  {
    why: 'Profiling and continuous profiling (vroom, profiles bucket, profiling consumers).',
    profile: 'feature-complete',
    flags: [...upstream.enabled.profiling, ...upstream.enabled.continuousProfiling],
  },
  {
    why: 'Uptime monitoring (uptime-checker and uptime-results).',
    profile: 'feature-complete',
    flags: upstream.enabled.uptime,
  },
  {
    why: 'Logs and trace metrics (stored as EAP items).',
    profile: 'feature-complete',
    flags: [...upstream.enabled.logs, ...upstream.enabled.metrics],
  },
];

/** Flags upstream switches off explicitly. */
export const disabledFeatures = upstream.disabled;

export const featureGroupsFor = (profile: ProfileName): readonly FeatureGroup[] =>
  featureGroups.filter((group) => profileIncludes(profile, group));
