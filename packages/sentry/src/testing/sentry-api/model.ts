import { randomBytes } from 'node:crypto';
import { notFound } from './route';

export interface Organization {
  id: string;
  slug: string;
  name: string;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  /** Users (by id) who are members of the team: what "the projects I am a member of" is made of. */
  memberUserIds: string[];
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  teamIds: string[];
}

export interface ProjectKey {
  id: string;
  projectId: string;
  name: string;
  public: string;
  secret: string;
}

export interface IssueRule {
  id: string;
  projectId: string;
  data: Record<string, unknown>;
}

export interface MetricAlertRule {
  id: string;
  data: Record<string, unknown>;
}

export interface OrgAuthToken {
  id: string;
  name: string;
  token: string;
  dateCreated: string;
}

export interface Integration {
  id: string;
  name: string;
  providerKey: string;
}

export interface Repository {
  id: string;
  name: string;
  integrationId: string;
}

export interface CodeMapping {
  id: string;
  projectId: string;
  repositoryId: string;
  integrationId: string;
  stackRoot: string;
  sourceRoot: string;
  defaultBranch: string;
}

/**
 * The state of one self-hosted install. A fresh one holds what `sentry upgrade` creates:
 * organization `sentry`, team `sentry` and project `internal` (id 1) with its default key.
 * Self-hosted runs a single organization, so the model holds exactly one.
 */
export class SentryModel {
  readonly organization: Organization = { id: '1', slug: 'sentry', name: 'Sentry' };
  readonly teams: Team[] = [{ id: '1', slug: 'sentry', name: 'Sentry', memberUserIds: ['1'] }];
  readonly projects: Project[] = [];
  readonly keys: ProjectKey[] = [];
  readonly issueRules: IssueRule[] = [];
  readonly metricAlertRules: MetricAlertRule[] = [];
  readonly orgAuthTokens: OrgAuthToken[] = [];
  readonly integrations: Integration[] = [];
  readonly repositories: Repository[] = [];
  readonly codeMappings: CodeMapping[] = [];
  private lastId = 1;

  constructor() {
    this.addProject({ slug: 'internal', name: 'Internal', platform: null, teamIds: ['1'] });
  }

  nextId(): string {
    this.lastId += 1;
    return String(this.lastId);
  }

  /** The organization named in a path; 404 for any other slug (e.g. `sentry` after a rename). */
  organizationBySlug(slug: string): Organization {
    return slug === this.organization.slug ? this.organization : notFound();
  }

  teamBySlug(slug: string): Team {
    return this.teams.find((team) => team.slug === slug) ?? notFound();
  }

  projectBySlug(slug: string): Project {
    return this.projects.find((project) => project.slug === slug) ?? notFound();
  }

  /**
   * The projects a list endpoint built on OrganizationEndpoint.get_projects answers for (getsentry/sentry
   * src/sentry/api/bases/organization.py): `project=-1` means every project the caller can access (the
   * admin: all of them), explicit ids mean those, and no `project` parameter means only the projects of
   * teams the caller is a member of. An org auth token has no user and sees every project.
   */
  projectsFor(userId: string | undefined, query: URLSearchParams): Project[] {
    const requested = query.getAll('project');
    if (userId === undefined || requested.includes('-1')) return this.projects;
    if (requested.length > 0) return this.projects.filter(({ id }) => requested.includes(id));
    const memberOf = new Set(
      this.teams.filter(({ memberUserIds }) => memberUserIds.includes(userId)).map(({ id }) => id),
    );
    return this.projects.filter(({ teamIds }) => teamIds.some((id) => memberOf.has(id)));
  }

  /** Every project gets a key when it is created, so a DSN exists at once. */
  addProject(fields: Omit<Project, 'id'>): Project {
    const project = { id: this.nextId(), ...fields };
    this.projects.push(project);
    this.addKey(project.id, 'Default');
    return project;
  }

  addKey(projectId: string, name: string): ProjectKey {
    const key = {
      id: this.nextId(),
      projectId,
      name,
      public: randomBytes(16).toString('hex'),
      secret: randomBytes(16).toString('hex'),
    };
    this.keys.push(key);
    return key;
  }
}
