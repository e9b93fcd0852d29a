/**
 * The scopes each endpoint the bootstrap calls accepts (any one suffices), from the permission classes of
 * Sentry's API (`src/sentry/api/bases/*.py`). They only word the 403 message: the server decides.
 */
export const scopes = {
  organizationRead: ['org:read', 'org:write', 'org:admin'],
  organizationWrite: ['org:write', 'org:admin'],
  teamCreate: ['org:write', 'org:admin', 'team:write'],
  teamDelete: ['team:admin'],
  projectRead: ['project:read', 'project:write', 'project:admin'],
  projectWrite: ['project:write', 'project:admin'],
  projectDelete: ['project:admin'],
  issueAlertRead: ['project:read', 'project:write', 'project:admin', 'alerts:read', 'alerts:write'],
  issueAlertWrite: ['project:write', 'project:admin', 'alerts:write'],
  metricAlertRead: ['org:read', 'org:write', 'org:admin', 'alerts:read'],
  metricAlertCreate: ['org:read', 'org:write', 'org:admin', 'alerts:write'],
  metricAlertWrite: ['org:write', 'org:admin', 'alerts:write'],
  eventRead: ['event:read', 'event:write', 'event:admin'],
  integrationsRead: ['org:read', 'org:write', 'org:admin', 'org:integrations'],
  integrationsWrite: ['org:read', 'org:write', 'org:admin', 'org:integrations'],
} as const;

export type Scopes = readonly string[];
