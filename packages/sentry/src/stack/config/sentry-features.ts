import { profileIncludes } from '../component';
import type { ProfileName } from '../settings';

/**
 * The feature flags self-hosted Sentry 26.8.0 switches on (stack reference §2.1), grouped by the product
 * they unlock. Groups marked `feature-complete` need consumers and storages that only run in that profile;
 * enabling them on an errors-only stack would show pages whose data never arrives.
 */
export interface FeatureGroup {
  /** Rendered as the comment above the group. */
  why: string;
  profile: 'always' | 'feature-complete';
  flags: readonly string[];
}

const featureGroups: readonly FeatureGroup[] = [
  {
    why: 'Issues, alerts, crons, dashboards, SSO and integrations: what the errors-only stack serves.',
    profile: 'always',
    flags: [
      'organizations:discover',
      'organizations:global-views',
      'organizations:issue-views',
      'organizations:incidents',
      'organizations:integrations-issue-basic',
      'organizations:integrations-issue-sync',
      'organizations:invite-members',
      'organizations:sso-basic',
      'organizations:sso-saml2',
      'organizations:advanced-search',
      'organizations:issue-platform',
      'organizations:monitors',
      'organizations:dashboards-mep',
      'organizations:mep-rollout-flag',
      'organizations:dashboards-rh-widget',
      'organizations:dynamic-sampling',
      'organizations:workflow-engine-ui',
      'organizations:workflow-engine-rule-serializers',
      'projects:custom-inbound-filters',
      'projects:data-forwarding',
      'projects:discard-groups',
      'projects:plugins',
      'projects:rate-limits',
      'projects:servicehooks',
    ],
  },
  {
    why: 'Performance and tracing: spans, insights, Explore (transactions, spans and EAP consumers).',
    profile: 'feature-complete',
    flags: [
      'organizations:performance-view',
      'organizations:span-stats',
      'organizations:visibility-explore-view',
      'organizations:visibility-explore-range-high',
      'organizations:transaction-metrics-extraction',
      'organizations:indexed-spans-extraction',
      'organizations:insights-entry-points',
      'organizations:insights-initial-modules',
      'organizations:insights-addon-modules',
      'organizations:starfish-mobile-appstart',
      'organizations:on-demand-metrics-extraction',
      'organizations:discover-saved-queries-deprecation',
      'organizations:expose-migrated-discover-queries',
      'organizations:performance-transaction-deprecation-banner',
      'projects:span-metrics-extraction',
      'projects:span-metrics-extraction-addons',
    ],
  },
  {
    why: 'Session Replay (replays consumer, replay recordings via taskbroker).',
    profile: 'feature-complete',
    flags: ['organizations:session-replay'],
  },
  {
    why: 'User Feedback (ingest-feedback-events consumer).',
    profile: 'feature-complete',
    flags: ['organizations:user-feedback-ui'],
  },
  {
    why: 'Profiling and continuous profiling (vroom, profiles bucket, profiling consumers).',
    profile: 'feature-complete',
    flags: [
      'organizations:profiling',
      'organizations:profiling-view',
      'organizations:continuous-profiling',
      'organizations:continuous-profiling-stats',
    ],
  },
  {
    why: 'Uptime monitoring (uptime-checker and uptime-results).',
    profile: 'feature-complete',
    flags: ['organizations:uptime', 'organizations:uptime-create-issues'],
  },
  {
    why: 'Logs and trace metrics (stored as EAP items).',
    profile: 'feature-complete',
    flags: [
      'organizations:ourlogs-enabled',
      'organizations:ourlogs-ingestion',
      'organizations:ourlogs-stats',
      'organizations:ourlogs-replay-ui',
      'organizations:tracemetrics-enabled',
      'organizations:tracemetrics-alerts',
      'organizations:tracemetrics-ingestion',
      'organizations:tracemetrics-equations-in-alerts',
      'organizations:tracemetrics-equations-in-explore',
      'organizations:tracemetrics-multi-metric-selection-in-dashboards',
      'organizations:tracemetrics-units-ui',
      'organizations:tracemetrics-stats-bytes-ui',
      'organizations:tracemetrics-pii-scrubbing-ui',
    ],
  },
];

export const featureGroupsFor = (profile: ProfileName): readonly FeatureGroup[] =>
  featureGroups.filter((group) => profileIncludes(profile, group));
