import type { CodeMapping, Integration, Repository, SentryModel } from '../model';
import { fieldError, HttpReply, list, ok, type Route } from '../route';
import { permission } from '../scopes';

const githubProvider = { key: 'github', slug: 'github', name: 'GitHub' };

const serializeIntegration = ({ id, name }: Integration) => ({
  id,
  name,
  provider: githubProvider,
  domainName: `github.com/${name}`,
  accountType: 'Organization',
  status: 'active',
});

const serializeRepository = ({ id, name, integrationId }: Repository) => ({
  id,
  name,
  url: `https://github.com/${name}`,
  provider: { id: 'integrations:github', name: 'GitHub' },
  status: 'active',
  integrationId,
  externalSlug: name,
});

function serializeCodeMapping(model: SentryModel, mapping: CodeMapping) {
  const repository = model.repositories.find(({ id }) => id === mapping.repositoryId);
  return {
    id: mapping.id,
    projectId: mapping.projectId,
    projectSlug: model.projects.find(({ id }) => id === mapping.projectId)?.slug,
    repoId: mapping.repositoryId,
    repoName: repository?.name,
    integrationId: mapping.integrationId,
    provider: githubProvider,
    stackRoot: mapping.stackRoot,
    sourceRoot: mapping.sourceRoot,
    defaultBranch: mapping.defaultBranch,
  };
}

/** Path roots may be empty but hold no space or quote (gen_path_regex_field). */
const pathRoot = /^[^\s'"]*$/;
const branchName = /^(?!\/)[\w./-]+(?<!\/)$/;

function validateCodeMapping(model: SentryModel, body: Record<string, unknown>, integration: Integration) {
  const repository = model.repositories.find(
    ({ id, integrationId }) => id === String(body['repositoryId']) && integrationId === integration.id,
  );
  if (!repository) fieldError('repositoryId', 'Repository does not exist');
  for (const field of ['stackRoot', 'sourceRoot']) {
    if (typeof body[field] !== 'string') fieldError(field, 'This field is required.');
    if (!pathRoot.test(String(body[field]))) fieldError(field, 'Path may not contain spaces or quotations');
  }
  if (typeof body['defaultBranch'] !== 'string' || body['defaultBranch'] === '')
    fieldError('defaultBranch', 'This field is required.');
  if (!branchName.test(String(body['defaultBranch'])))
    fieldError(
      'defaultBranch',
      'Branch name may only have letters, numbers, underscores, forward slashes, dashes, and periods. Branch name may not start or end with a forward slash.',
    );
  if (
    model.codeMappings.some(
      ({ projectId, stackRoot }) =>
        projectId === String(body['projectId']) && stackRoot === body['stackRoot'],
    )
  )
    fieldError('nonFieldErrors', 'Code path config already exists with this project and stack trace root');
}

export const githubRoutes: Route[] = [
  // Installed integrations, filtered by provider; empty until a test seeds one (the install is manual).
  // Models getsentry/sentry src/sentry/integrations/api/endpoints/organization_integrations_index.py (indexed
  // at caa56edf2e5ee7823eaa94541be0c3080625704e): bearer tokens, OrganizationIntegrationsPermission.
  {
    method: 'GET',
    pattern: '/organizations/:org/integrations/',
    scopes: permission.organizationIntegrations.GET,
    handle: ({ model, params, query }) => {
      model.organizationBySlug(params['org']);
      const providerKey = query.get('provider_key');
      return list(
        model.integrations
          .filter((integration) => !providerKey || integration.providerKey === providerKey)
          .map(serializeIntegration),
      );
    },
  },
  // Repositories linked to the organization. Models getsentry/sentry
  // src/sentry/integrations/api/endpoints/organization_repositories.py (indexed at
  // 5d07973b38ad45fe9141d386327aef4e156e95b5): bearer tokens, OrganizationIntegrationsLoosePermission.
  {
    method: 'GET',
    pattern: '/organizations/:org/repos/',
    scopes: permission.organizationIntegrationsLoose.GET,
    handle: ({ model, params }) => {
      model.organizationBySlug(params['org']);
      return list(model.repositories.map(serializeRepository));
    },
  },
  // {provider: "integrations:github", installation, identifier}; 400 repo_exists on a second link.
  {
    method: 'POST',
    pattern: '/organizations/:org/repos/',
    scopes: permission.organizationIntegrationsLoose.POST,
    handle: ({ model, params, body }) => {
      model.organizationBySlug(params['org']);
      if (body['provider'] !== 'integrations:github') throw new HttpReply(400, { error_type: 'validation' });
      const integration = model.integrations.find(({ id }) => id === String(body['installation']));
      if (!integration) throw new HttpReply(404, { detail: 'Integration not found' });
      const identifier = String(body['identifier']);
      if (!/^[\w.-]+\/[\w.-]+$/.test(identifier))
        fieldError('identifier', 'Enter a repository as owner/name.');
      if (model.repositories.some(({ name }) => name.toLowerCase() === identifier.toLowerCase()))
        throw new HttpReply(400, {
          detail: {
            code: 'repo_exists',
            message: 'A repository with that configuration already exists',
            extra: {},
          },
        });
      const repository = { id: model.nextId(), name: identifier, integrationId: integration.id };
      model.repositories.push(repository);
      return ok(serializeRepository(repository), 201);
    },
  },
  // Code mappings (stack trace root → source root of a repository), unique per project + stack root.
  // Models getsentry/sentry src/sentry/integrations/api/endpoints/organization_code_mappings.py
  // (OrganizationCodeMappingsEndpoint, indexed at c7ee81d7f633c76aefe1d1655662df659e7fbdf4): bearer
  // tokens, OrganizationIntegrationsLoosePermission, list narrowed by get_projects (`project=-1` for all).
  {
    method: 'GET',
    pattern: '/organizations/:org/code-mappings/',
    scopes: permission.organizationIntegrationsLoose.GET,
    handle: ({ model, params, query, userId }) => {
      model.organizationBySlug(params['org']);
      const integrationId = query.get('integrationId');
      // Always narrowed to get_projects(): without `project=-1`, only projects of the caller's teams.
      const visible = new Set(model.projectsFor(userId, query).map(({ id }) => id));
      return list(
        model.codeMappings
          .filter((mapping) => visible.has(mapping.projectId))
          .filter((mapping) => !integrationId || mapping.integrationId === integrationId)
          .map((mapping) => serializeCodeMapping(model, mapping)),
      );
    },
  },
  {
    method: 'POST',
    pattern: '/organizations/:org/code-mappings/',
    scopes: permission.organizationIntegrationsLoose.POST,
    handle: ({ model, params, body }) => {
      model.organizationBySlug(params['org']);
      if (!body['integrationId']) throw new HttpReply(400, 'Missing param: integrationId');
      if (!model.projects.some(({ id }) => id === String(body['projectId'])))
        throw new HttpReply(404, 'Could not find project');
      const integration = model.integrations.find(({ id }) => id === String(body['integrationId']));
      if (!integration)
        throw new HttpReply(404, 'Could not find this integration installed on your organization');
      validateCodeMapping(model, body, integration);
      const mapping = {
        id: model.nextId(),
        projectId: String(body['projectId']),
        repositoryId: String(body['repositoryId']),
        integrationId: integration.id,
        stackRoot: String(body['stackRoot']),
        sourceRoot: String(body['sourceRoot']),
        defaultBranch: String(body['defaultBranch']),
      };
      model.codeMappings.push(mapping);
      return ok(serializeCodeMapping(model, mapping), 201);
    },
  },
];
