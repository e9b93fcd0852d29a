/**
 * The scopes each permission class of Sentry's API accepts, per method (any one suffices). Copied as data
 * from `src/sentry/api/bases/organization.py`, `team.py`, `project.py` and the endpoint modules named in
 * README.md; the double answers 403 when a token has none of them.
 */
export const permission = {
  organization: {
    GET: ['org:read', 'org:write', 'org:admin'],
    PUT: ['org:write', 'org:admin'],
  },
  organizationTeams: {
    GET: ['org:read', 'org:write', 'org:admin'],
    POST: ['org:write', 'org:admin', 'team:write'],
  },
  team: { DELETE: ['team:admin'] },
  teamProjects: { POST: ['project:write', 'project:admin'] },
  project: {
    GET: ['project:read', 'project:write', 'project:admin'],
    PUT: ['project:write', 'project:admin'],
    POST: ['project:write', 'project:admin'],
    DELETE: ['project:admin'],
  },
  projectAlertRules: {
    GET: ['project:read', 'project:write', 'project:admin', 'alerts:read', 'alerts:write'],
    WRITE: ['project:write', 'project:admin', 'alerts:write'],
  },
  organizationAlertRules: {
    GET: ['org:read', 'org:write', 'org:admin', 'alerts:read'],
    // POST accepts org:read: Sentry then checks the member's role itself.
    POST: ['org:read', 'org:write', 'org:admin', 'alerts:write'],
    WRITE: ['org:write', 'org:admin', 'alerts:write'],
  },
  organizationEvents: { GET: ['event:read', 'event:write', 'event:admin'] },
  orgAuthTokens: {
    GET: ['org:read', 'org:write', 'org:admin'],
    POST: ['org:read', 'org:write', 'org:admin'],
  },
  organizationIntegrations: { GET: ['org:read', 'org:write', 'org:admin', 'org:integrations'] },
  organizationIntegrationsLoose: {
    GET: ['org:read', 'org:write', 'org:admin', 'org:integrations', 'org:ci'],
    POST: ['org:read', 'org:write', 'org:admin', 'org:integrations'],
  },
} as const;
