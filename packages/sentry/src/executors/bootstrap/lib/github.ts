import { apiPath, type SentryApi } from './api-client';
import type { SentryProject } from './converge-projects';
import type { BootstrapState, CodeMappingState } from '../../../bootstrap-state/desired-state';
import { BootstrapError, responseError } from './errors';
import type { Report } from './report';
import { scopes } from './scopes';

interface GithubIntegration {
  id: string;
  /** The GitHub account (user or organization) the app is installed on. */
  name: string;
}

interface LinkedRepository {
  id: string;
  name: string;
  integrationId?: string | null;
}

interface CodeMapping {
  projectId: string;
  stackRoot: string;
  sourceRoot: string;
  defaultBranch: string;
  repoName?: string;
}

export interface GithubTargets {
  api: SentryApi;
  baseUrl: string;
  org: string;
  github: BootstrapState['github'];
  projects: Map<string, SentryProject>;
  report: Report;
}

/** The one step no API can do: installing the GitHub App starts from Sentry's UI. */
function installInstructions({ baseUrl, org, github }: GithubTargets): string[] {
  return [
    'Install the Sentry GitHub App — the one manual step — from Settings → Integrations → GitHub:',
    `  ${baseUrl}/settings/${org}/integrations/github/`,
    'It needs the GitHub App configured for this instance (github-app.* in config.yml) and a person who is a',
    'Sentry owner or manager and an admin of the GitHub account. Then run this target again: it links',
    `${github.repositories.join(', ')} and their code mappings.`,
  ];
}

/** The installation for a repository: the one on its owner's account, or the only one there is. */
function installationFor(
  repository: string,
  integrations: GithubIntegration[],
): GithubIntegration | undefined {
  const owner = repository.split('/')[0].toLowerCase();
  return (
    integrations.find(({ name }) => name.toLowerCase() === owner) ??
    (integrations.length === 1 ? integrations[0] : undefined)
  );
}

const sameName = (left: string, right: string) => left.toLowerCase() === right.toLowerCase();

/** Links each repository once; a `repo_exists` 400 means it was linked meanwhile, so it is looked up again. */
async function linkRepositories(
  targets: GithubTargets,
  integrations: GithubIntegration[],
): Promise<LinkedRepository[]> {
  const { api, org, report } = targets;
  const reposPath = apiPath`/organizations/${org}/repos/`;
  let linked = await api.list<LinkedRepository>(reposPath, scopes.integrationsRead);
  for (const repository of targets.github.repositories) {
    if (linked.some(({ name }) => sameName(name, repository))) {
      report.record('unchanged', `repository ${repository}`);
      continue;
    }
    const installation = installationFor(repository, integrations);
    if (!installation) {
      const installed = integrations.map(({ name }) => name).join(', ');
      report.record(
        'skipped',
        `repository ${repository}`,
        `no GitHub installation on its account (installed: ${installed})`,
      );
      continue;
    }
    const payload = {
      provider: 'integrations:github',
      installation: installation.id,
      identifier: repository,
    };
    const { status, body } = await api.post<LinkedRepository>(
      reposPath,
      scopes.integrationsWrite,
      payload,
      [400],
    );
    if (status === 400) {
      if ((body as { detail?: { code?: string } } | undefined)?.detail?.code !== 'repo_exists')
        throw responseError(`POST /api/0${reposPath}`, status, body, scopes.integrationsWrite);
      linked = await api.list<LinkedRepository>(reposPath, scopes.integrationsRead);
      report.record('unchanged', `repository ${repository}`, 'linked meanwhile');
      continue;
    }
    linked.push(body);
    report.record(
      'created',
      `repository ${repository}`,
      `via the GitHub installation on ${installation.name}`,
    );
  }
  return linked;
}

function describeDifference(existing: CodeMapping, desired: CodeMappingState): string | undefined {
  const differences = (['sourceRoot', 'defaultBranch'] as const)
    .filter((field) => existing[field] !== desired[field])
    .map((field) => `${field} "${existing[field]}" in Sentry, "${desired[field]}" desired`);
  if (existing.repoName && !sameName(existing.repoName, desired.repository))
    differences.push(`repository ${existing.repoName} in Sentry`);
  return differences.length ? differences.join('; ') : undefined;
}

/**
 * Creates each code mapping once, keyed as Sentry keys them: project + stack root. One that differs is
 * reported, not changed: editing it in Sentry or deleting it there (then running again) is the user's call.
 */
async function convergeCodeMappings(targets: GithubTargets, linked: LinkedRepository[]): Promise<void> {
  const { api, org, report, projects } = targets;
  const mappingsPath = apiPath`/organizations/${org}/code-mappings/`;
  const existing: CodeMapping[] = [];
  for (const integrationId of new Set(linked.map(({ integrationId }) => integrationId).filter(Boolean)))
    existing.push(
      // project=-1: every project the token's user can access. Without it Sentry lists only the mappings
      // of projects whose teams the user is a member of, and a rerun would post a duplicate (400).
      ...(await api.list<CodeMapping>(mappingsPath, scopes.integrationsRead, {
        integrationId: String(integrationId),
        project: '-1',
      })),
    );
  for (const mapping of targets.github.codeMappings) {
    const subject =
      `code mapping ${mapping.project} → ${mapping.repository} ` +
      `(stack root "${mapping.stackRoot}", source root "${mapping.sourceRoot}", branch ${mapping.defaultBranch})`;
    const project = projects.get(mapping.project);
    const repository = linked.find(({ name }) => sameName(name, mapping.repository));
    if (!project) throw new BootstrapError(`Project ${mapping.project} of ${subject} was not converged.`);
    if (!repository?.integrationId) {
      report.record('skipped', subject, `repository ${mapping.repository} is not linked`);
      continue;
    }
    const current = existing.find(
      ({ projectId, stackRoot }) =>
        String(projectId) === String(project.id) && stackRoot === mapping.stackRoot,
    );
    if (current) {
      const difference = describeDifference(current, mapping);
      report.record('unchanged', subject, difference && `${difference}: edit or delete it in Sentry`);
      continue;
    }
    await api.post(mappingsPath, scopes.integrationsWrite, {
      projectId: Number(project.id),
      repositoryId: Number(repository.id),
      integrationId: Number(repository.integrationId),
      stackRoot: mapping.stackRoot,
      sourceRoot: mapping.sourceRoot,
      defaultBranch: mapping.defaultBranch,
    });
    report.record('created', subject);
  }
}

/**
 * Without a GitHub installation: returns the instructions for the manual step. With one: links the
 * configured repositories and creates the code mappings, each once, and returns no instructions.
 */
export async function convergeGithub(targets: GithubTargets): Promise<string[]> {
  if (targets.github.repositories.length === 0) return [];
  const integrations = await targets.api.list<GithubIntegration>(
    apiPath`/organizations/${targets.org}/integrations/`,
    scopes.integrationsRead,
    { provider_key: 'github' },
  );
  if (integrations.length === 0) return installInstructions(targets);
  await convergeCodeMappings(targets, await linkRepositories(targets, integrations));
  return [];
}
