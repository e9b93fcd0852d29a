import { profileIncludes } from '../component';
import type { Release } from '../releases';
import type { ProfileName } from '../settings';

/**
 * The feature flags a self-hosted release switches on: upstream's groups (getsentry/self-hosted
 * sentry/sentry.conf.example.py at the release's tag, as data in its releases/<version> file), regrouped by the
 * product they unlock.
 * Groups marked `feature-complete` need consumers and storages that only run in that profile; enabling them on an
 * errors-only stack would show pages whose data never arrives.
 */
export interface FeatureGroup {
  /** Rendered as the comment above the group. */
  why: string;
  profile: 'always' | 'feature-complete';
  flags: readonly string[];
}

const featureGroups = ({ enabled }: Release['upstream']['features']): readonly FeatureGroup[] => [
  {
    why: 'Issues, alerts, crons, dashboards, SSO and integrations: what the errors-only stack serves.',
    profile: 'always',
    flags: enabled.general,
  },
  {
    why: 'Performance and tracing: spans, insights, Explore (transactions, spans and EAP consumers).',
    profile: 'feature-complete',
    flags: [...enabled.performance, ...enabled.transactionMigration],
  },
  {
    why: 'Session Replay (replays consumer, replay recordings via taskbroker).',
    profile: 'feature-complete',
    flags: enabled.sessionReplay,
  },
  {
    why: 'User Feedback (ingest-feedback-events consumer).',
    profile: 'feature-complete',
    flags: enabled.userFeedback,
  },
  {
    why: 'Profiling and continuous profiling (vroom, profiles bucket, profiling consumers).',
    profile: 'feature-complete',
    flags: [...enabled.profiling, ...enabled.continuousProfiling],
  },
  {
    why: 'Uptime monitoring (uptime-checker and uptime-results).',
    profile: 'feature-complete',
    flags: enabled.uptime,
  },
  {
    why: 'Logs and trace metrics (stored as EAP items).',
    profile: 'feature-complete',
    flags: [...enabled.logs, ...enabled.metrics],
  },
];

export const featureGroupsFor = (release: Release, profile: ProfileName): readonly FeatureGroup[] =>
  featureGroups(release.upstream.features).filter((group) => profileIncludes(profile, group));
