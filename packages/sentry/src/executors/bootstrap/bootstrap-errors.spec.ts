import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  adminToken,
  type BootstrapHarness,
  bootstrapHarness,
  type BootstrapRun,
} from '../../testing/sentry-api/bootstrap-harness';
import { seedBootstrapState } from '../../testing/sentry-api/seed-state';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectCleanFailure(run: BootstrapRun) {
  expect(run.success).toBe(false);
  expect(run.errors.split('\n')).toHaveLength(1);
  expect(run.errors).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('bootstrap executor errors', () => {
  let harness: BootstrapHarness;
  beforeEach(async () => (harness = await bootstrapHarness()));
  afterEach(() => harness.dispose());

  it('without SENTRY_AUTH_TOKEN, says where setup.sh stored the first token, before any request', async () => {
    const run = await harness.run({}, { SENTRY_URL: harness.sentry.url, SENTRY_AUTH_TOKEN: undefined });
    expectCleanFailure(run);
    expect(run.errors).toBe(
      '@fundamental/sentry:bootstrap failed: SENTRY_AUTH_TOKEN is not set. setup.sh stored the first token: ' +
        'on the MicroK8s host `source /root/.sentry-credentials` (it sets SENTRY_URL and SENTRY_AUTH_TOKEN), or ' +
        'from a workstation `export SENTRY_AUTH_TOKEN="$(kubectl -n sentry get secret sentry-bootstrap-token ' +
        "-o jsonpath='{.data.token}' | base64 -d)\"`",
    );
    expect(harness.sentry.requests).toEqual([]);
  });

  it('without SENTRY_URL, says what to export', async () => {
    const run = await harness.run({}, { SENTRY_URL: undefined, SENTRY_AUTH_TOKEN: adminToken });
    expectCleanFailure(run);
    expect(run.errors).toContain('SENTRY_URL is not set: export SENTRY_URL=https://');
  });

  it('names the URL and the network error when Sentry cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await harness.run({}, { SENTRY_URL: url, SENTRY_AUTH_TOKEN: adminToken });
    expectCleanFailure(run);
    expect(run.errors).toContain(
      `Cannot reach Sentry at ${url} (GET ${url}/api/0/organizations/): connect ECONNREFUSED ${url.slice(7)}.`,
    );
  });

  it('on 401, says the token was not accepted and where the first one is', async () => {
    const run = await harness.run({}, { SENTRY_URL: harness.sentry.url, SENTRY_AUTH_TOKEN: 'sntryu_wrong' });
    expectCleanFailure(run);
    expect(run.errors).toContain(
      'Sentry did not accept SENTRY_AUTH_TOKEN (401 on GET /api/0/organizations/: Invalid token). ' +
        'The token is wrong, revoked or expired; setup.sh stored the first token',
    );
  });

  it('on 403, names the scopes the endpoint accepts (here: the CI token used by mistake)', async () => {
    harness.sentry.addToken('sntrys_ci', ['org:ci']);
    const run = await harness.run({}, { SENTRY_URL: harness.sentry.url, SENTRY_AUTH_TOKEN: 'sntrys_ci' });
    expectCleanFailure(run);
    expect(run.errors).toContain(
      'Sentry refused GET /api/0/organizations/ (403: You do not have permission to perform this action.): ' +
        'the token has none of the scopes this endpoint accepts — org:read, org:write, org:admin.',
    );
  });

  it('on a 403 midway, reports what was done before naming the missing scope', async () => {
    harness.sentry.addToken('sntryu_no_projects', ['org:admin', 'team:admin']);
    const run = await harness.run(
      {},
      { SENTRY_URL: harness.sentry.url, SENTRY_AUTH_TOKEN: 'sntryu_no_projects' },
    );
    expectCleanFailure(run);
    expect(run.output).toContain('renamed    organization sentry → fundamental');
    expect(run.output).toContain('created    team fundamental');
    expect(run.errors).toContain(
      'Sentry refused POST /api/0/teams/fundamental/fundamental/projects/ (403: You do not have permission to ' +
        'perform this action.): the token has none of the scopes this endpoint accepts — project:write, project:admin.',
    );
  });

  it("on 400, passes on the server's message per field", async () => {
    const projects = [{ slug: 'flask-app', name: 'flask-app', platform: 'python-flask' }];
    harness.writeState({
      ...seedBootstrapState,
      projects,
      alerts: [],
      github: { repositories: [], codeMappings: [] },
    });
    const run = await harness.run();
    expectCleanFailure(run);
    expect(run.errors).toContain(
      'Sentry rejected POST /api/0/teams/fundamental/fundamental/projects/ (400): platform: Invalid platform',
    );
  });

  it('refuses an invalid state file by field before any request', async () => {
    harness.writeState({
      ...seedBootstrapState,
      projects: [{ slug: 'dotnet-backend', name: 'dotnet-backend', platform: 'csharp-aspnetcore' }],
    });
    const run = await harness.run();
    expectCleanFailure(run);
    expect(run.errors).toContain(
      'Invalid projects[0].platform "csharp-aspnetcore" in infra/sentry/sentry-bootstrap.json: ' +
        'expected a current Sentry platform id: dotnet-aspnetcore.',
    );
    expect(harness.sentry.requests).toEqual([]);
  });

  it('refuses --prune while the state lists no project, before any request (it would delete every one)', async () => {
    harness.writeState({
      ...seedBootstrapState,
      projects: [],
      alerts: [],
      github: { repositories: [], codeMappings: [] },
    });
    const run = await harness.run({ prune: true });
    expectCleanFailure(run);
    expect(run.errors).toContain(
      'infra/sentry/sentry-bootstrap.json lists no project, so --prune would delete every project of the ' +
        'organization. Register your apps first (nx g @fundamental/sentry:angular-app / dotnet-app), or run without --prune.',
    );
    expect(harness.sentry.requests).toEqual([]);
  });

  it('refuses a missing state file with the command that writes it', async () => {
    const run = await harness.run({ stateFile: 'infra/elsewhere.json' });
    expectCleanFailure(run);
    expect(run.errors).toContain(
      'No desired state at infra/elsewhere.json. The infra generator writes it (nx g @fundamental/sentry:infra)',
    );
  });

  it('refuses a DSN file outside the workspace, where it could not be git-ignored', async () => {
    const run = await harness.run({ dsnFile: '../dsn.json' });
    expectCleanFailure(run);
    expect(run.errors).toContain(
      'Invalid --dsnFile "../dsn.json": expected a file inside the workspace, such as .sentry/dsn.json.',
    );
  });

  it('refuses a non-boolean --prune by name', async () => {
    const run = await harness.run({ prune: 'yes' as unknown as boolean });
    expectCleanFailure(run);
    expect(run.errors).toContain('Invalid --prune "yes": expected true or false.');
  });
});

describe('bootstrap executor on a Sentry without the legacy alert routes', () => {
  let harness: BootstrapHarness;
  afterEach(() => harness.dispose());

  it.each([
    ['removed', 404],
    ['brownout', 410],
  ] as const)(
    '(%s, %i) names the route and says Sentry removed legacy alert routes',
    async (variant, status) => {
      harness = await bootstrapHarness({ variants: { legacyAlertRoutes: variant } });
      const run = await harness.run();
      expectCleanFailure(run);
      expect(run.errors).toContain(`${status} to GET /api/0/projects/fundamental/dotnet-backend/rules/`);
      expect(run.errors).toContain('Sentry removed its legacy alert routes');
      expect(run.errors).toContain('self-hosted 26.8');
    },
  );
});
