import { nxTestedVersions } from '@fundamental/sentry';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from './harness/paths';
import { testEnv } from './harness/run';
import { TestWorkspace } from './harness/test-workspace';

/**
 * The generator from the packed plugin on a real ASP.NET Core app: `dotnet build`, then the app runs on
 * 127.0.0.1 against a local stand-in for Sentry's ingest endpoint, and an endpoint that throws must arrive
 * there as an event with the environment and release the generator and the CI workflow set up.
 *
 * NuGet here serves Sentry.AspNetCore 6.12.1 but neither Sentry.Profiling nor Sentry.Serilog (NU1101), so
 * the apps are wired with --profiling=false and call no Serilog sink in code; those two are covered by the
 * parse-level unit tests of the generator.
 */
const nxVersion = nxTestedVersions[nxTestedVersions.length - 1];
const fixtures = join(repoRoot, 'tools', 'dotnet-fixtures');
/** What GitHub Actions puts in GITHUB_SHA. */
const commit = '3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091';
/** The DSN the generator writes into appsettings.json; the run replaces it through Sentry__Dsn. */
const committedDsn = 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/1';
const runtimeKey = 'fedcba9876543210fedcba9876543210';
const dotnetEnv = { ...testEnv, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };
/** The real sentry-cli of this repository's @sentry/cli: it reads debug IDs as the upload does. */
const sentryCli = join(repoRoot, 'node_modules', '.bin', 'sentry-cli');

interface EnvelopeItem {
  header: { type?: string; length?: number };
  payload: Buffer;
}

interface ReceivedEnvelope {
  path: string;
  headers: IncomingHttpHeaders;
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

/** Sentry's envelope format: a JSON header line, then items of a JSON header line and a payload. */
function parseEnvelope(body: Buffer): Pick<ReceivedEnvelope, 'header' | 'items'> {
  const lineEnd = (from: number) => {
    const end = body.indexOf(0x0a, from);
    return end < 0 ? body.length : end;
  };
  let cursor = lineEnd(0);
  const header = JSON.parse(body.subarray(0, cursor).toString('utf-8'));
  const items: EnvelopeItem[] = [];
  while (cursor + 1 < body.length) {
    const headerEnd = lineEnd(cursor + 1);
    const itemHeader = JSON.parse(body.subarray(cursor + 1, headerEnd).toString('utf-8'));
    const payloadEnd =
      itemHeader.length !== undefined ? headerEnd + 1 + itemHeader.length : lineEnd(headerEnd + 1);
    items.push({ header: itemHeader, payload: body.subarray(headerEnd + 1, payloadEnd) });
    cursor = payloadEnd;
  }
  return { header, items };
}

/** A stand-in for Relay on 127.0.0.1: accepts POST /api/<project id>/envelope/ and keeps what it received. */
class IngestEndpoint {
  readonly envelopes: ReceivedEnvelope[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const accepted = request.method === 'POST' && /^\/api\/\d+\/envelope\/$/.test(request.url ?? '');
      if (accepted) {
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        this.envelopes.push({ path: request.url ?? '', headers: request.headers, ...parseEnvelope(body) });
      }
      response.writeHead(accepted ? 200 : 404, { 'content-type': 'application/json' });
      response.end(accepted ? '{}' : '{"detail":"not found"}');
    });
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `find` every 200 ms until it returns a value or `seconds` pass. */
async function eventually<T>(what: string, seconds: number, find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out after ${seconds}s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The release name exactly as the generated CI workflow computes it, by running its step's script. */
function releaseOfWorkflow(workspace: TestWorkspace): string {
  type Workflow = { jobs: Record<string, { steps: Array<{ run?: string }> }> };
  const workflow = parse(workspace.read('.github/workflows/ci-cd.yaml')) as Workflow;
  const script = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((step) => step.run?.includes('SENTRY_RELEASE='))?.run;
  if (!script) throw new Error('The CI workflow has no step that sets SENTRY_RELEASE.');
  const githubEnv = join(workspace.root, 'github-env');
  writeFileSync(githubEnv, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: workspace.root,
    env: { PATH: process.env.PATH, GITHUB_SHA: commit, GITHUB_ENV: githubEnv },
    encoding: 'utf-8',
  });
  const release = /^SENTRY_RELEASE=(.*)$/m.exec(readFileSync(githubEnv, 'utf-8'))?.[1];
  if (result.status !== 0 || !release) throw new Error(`The release step failed:\n${result.stderr}`);
  return release;
}

function filesUnder(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path, readFileSync(path, 'utf-8')];
      }),
  );
}

describe(`dotnet-app from the packed plugin on an ASP.NET Core API, built and run (Nx ${nxVersion})`, () => {
  let workspace: TestWorkspace;
  let output: string;
  let release: string;
  const generate = () =>
    workspace.nx(
      'g',
      '@fundamental/sentry:dotnet-app',
      'api',
      `--dsn=${committedDsn}`,
      '--environment=e2e-staging',
      '--profiling=false',
      '--deploymentManifest=apps/api/k8s/deployment.yaml',
    );

  beforeAll(() => {
    workspace = TestWorkspace.create('dotnet-app', { nxVersion });
    workspace.installPlugin();
    cpSync(join(fixtures, 'minimal-api'), join(workspace.root, 'apps', 'api'), { recursive: true });
    workspace.write(
      'apps/api/k8s/deployment.yaml',
      readFileSync(join(fixtures, 'kubernetes', 'deployment.yaml'), 'utf-8'),
    );
    workspace.write(
      'apps/api/project.json',
      JSON.stringify({ name: 'api', root: 'apps/api', projectType: 'application' }),
    );
    // A runtime-only image of the Release publish, as `dotnet publish` writes it (build context: the root).
    workspace.write(
      'apps/api/Dockerfile',
      'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY apps/api/bin/Release/net10.0/publish/ /app\n' +
        'ENTRYPOINT ["dotnet", "/app/MinimalApi.dll"]\n',
    );
    workspace.nx('g', '@fundamental/sentry:ci');
    release = releaseOfWorkflow(workspace);
    generate();
    output = mkdtempSync(join(tmpdir(), 'dotnet-app-build-'));
  });
  afterAll(() => {
    rmSync(output, { recursive: true, force: true });
    workspace.dispose();
  });

  it('changes no byte of the app when run again', () => {
    const before = filesUnder(join(workspace.root, 'apps', 'api'));
    generate();
    expect(filesUnder(join(workspace.root, 'apps', 'api'))).toEqual(before);
  });

  it('compiles a generic host with a Startup class and no implicit usings once wired', () => {
    cpSync(join(fixtures, 'startup-generic-host'), join(workspace.root, 'apps', 'legacy'), {
      recursive: true,
    });
    workspace.write(
      'apps/legacy/project.json',
      JSON.stringify({ name: 'legacy', root: 'apps/legacy', projectType: 'application' }),
    );
    workspace.nx('g', '@fundamental/sentry:dotnet-app', 'legacy', '--profiling=false');
    expect(workspace.read('apps/legacy/Program.cs')).toContain('webBuilder.UseSentry();');
    const build = spawnSync(
      'dotnet',
      ['build', join(workspace.root, 'apps', 'legacy', 'LegacyApi.csproj'), '-o', join(output, 'legacy')],
      { cwd: workspace.root, env: dotnetEnv, encoding: 'utf-8' },
    );
    expect([build.status, build.stdout.slice(-3000)]).toEqual([
      0,
      expect.stringContaining('Build succeeded'),
    ]);
  });

  it('wires a StyleCop API with warnings as errors whose Serilog sink is in appsettings.json, and it still builds (#18 items 9-11)', () => {
    cpSync(join(fixtures, 'stylecop-serilog'), join(workspace.root, 'apps', 'styled'), { recursive: true });
    workspace.write(
      'apps/styled/Api/project.json',
      JSON.stringify({ name: 'styled', root: 'apps/styled/Api', projectType: 'application' }),
    );
    workspace.nx('g', '@fundamental/sentry:dotnet-app', 'styled', '--profiling=false');

    const program = workspace.read('apps/styled/Api/Program.cs');
    // One SDK: UseSentry's. The sink comes from appsettings.json and lost the DSN that made it start its own.
    expect(program.match(/\bUseSentry\(/g)).toHaveLength(1);
    expect(program).not.toContain('WriteTo.Sentry');
    const settings = workspace.read('apps/styled/Api/appsettings.json');
    const sink = JSON.parse(settings).Serilog.WriteTo.find(
      (entry: { Name: string }) => entry.Name === 'Sentry',
    );
    expect(sink.Args).not.toHaveProperty('dsn');
    expect(JSON.parse(settings).Sentry.Dsn).toMatch(/^https:\/\//);
    // The file keeps its 3-space indentation (the unit spec with prettier checks formatFiles leaves it too).
    expect(settings).toMatch(/^\{\n {3}"Serilog": \{\n {6}"Using"/);
    expect(settings).toContain('\n   "Sentry": {\n      "Dsn": ');

    // NuGet here has no Sentry.Serilog (NU1101). No code calls it: Serilog.Settings.Configuration loads it at
    // run time from Serilog:Using, so the build needs no reference to it.
    const csprojPath = 'apps/styled/Api/Api.csproj';
    expect(workspace.read(csprojPath)).toContain('<PackageReference Include="Sentry.Serilog"');
    workspace.write(
      csprojPath,
      workspace.read(csprojPath).replace(/\s*<PackageReference Include="Sentry\.Serilog"[^>]*\/>/, ''),
    );
    const build = spawnSync(
      'dotnet',
      ['build', join(workspace.root, csprojPath), '-o', join(output, 'styled')],
      { cwd: workspace.root, env: dotnetEnv, encoding: 'utf-8' },
    );
    // TreatWarningsAsErrors is on: any StyleCop finding in the inserted code fails the build.
    expect([build.status, build.stdout.slice(-3000)]).toEqual([
      0,
      expect.stringContaining('Build succeeded'),
    ]);
    expect(build.stdout).toContain('0 Warning(s)');
  });

  it("has the Dockerfile copy what CI's publish built and uploads symbols from: the release compiled in, the PDB of that DLL (#19 item 2)", async () => {
    const [, source] = /^COPY (\S+) \/app$/m.exec(workspace.read('apps/api/Dockerfile')) ?? [];
    expect(source).toBe('dist/apps/api/');
    // Rejects on a failing publish, with its output.
    await workspace.nxAsync({ SENTRY_RELEASE: release }, 'run', 'api:publish', '--skip-nx-cache');
    const shipped = join(workspace.root, source);
    // The upload step runs `sentry-cli debug-files upload … dist`: the PDB beside the DLL is the one uploaded.
    const debugIdOf = (file: string) => {
      const check = spawnSync(sentryCli, ['debug-files', 'check', join(shipped, file)], {
        encoding: 'utf-8',
      });
      return /Debug ID: (\S+)/.exec(check.stdout)?.[1];
    };
    expect(debugIdOf('MinimalApi.pdb')).toMatch(/^[0-9a-f-]{36}/);
    expect(debugIdOf('MinimalApi.dll')).toBe(debugIdOf('MinimalApi.pdb'));
    // Custom attribute strings are UTF-8 in the assembly: the informational version is the CI release.
    expect(readFileSync(join(shipped, 'MinimalApi.dll')).includes(Buffer.from(release))).toBe(true);
  });

  it('wires the Deployment to the Secret, optional so pods start before it exists', () => {
    const [deployment] = parseAllDocuments(workspace.read('apps/api/k8s/deployment.yaml')).map((document) =>
      document.toJS(),
    );
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({
      name: 'Sentry__Dsn',
      valueFrom: { secretKeyRef: { name: 'sentry-credentials', key: 'dsn', optional: true } },
    });
  });

  it('builds in Release with the CI release name, and the app reports a failing request to Sentry', async () => {
    const build = spawnSync(
      'dotnet',
      ['build', join(workspace.root, 'apps', 'api', 'MinimalApi.csproj'), '-c', 'Release', '-o', output],
      { cwd: workspace.root, env: { ...dotnetEnv, SENTRY_RELEASE: release }, encoding: 'utf-8' },
    );
    expect([build.status, build.stdout.slice(-3000)]).toEqual([
      0,
      expect.stringContaining('Build succeeded'),
    ]);
    // The symbol upload is on in Release and skips itself where sentry-cli has no token.
    expect(build.stdout).toContain('The Sentry CLI is not fully configured');

    const ingest = new IngestEndpoint();
    const ingestPort = await ingest.listen();
    const runtimeEnv: NodeJS.ProcessEnv = {
      ...dotnetEnv,
      Sentry__Dsn: `http://${runtimeKey}@127.0.0.1:${ingestPort}/1`,
    };
    // As in a pod: no release, environment or hosting environment in the process environment.
    for (const name of [
      'SENTRY_RELEASE',
      'SENTRY_ENVIRONMENT',
      'SENTRY_DSN',
      'ASPNETCORE_ENVIRONMENT',
      'DOTNET_ENVIRONMENT',
    ])
      delete runtimeEnv[name];
    let app: ChildProcess | undefined;
    try {
      let log = '';
      app = spawn('dotnet', [join(output, 'MinimalApi.dll'), '--urls', 'http://127.0.0.1:0'], {
        cwd: output,
        env: runtimeEnv,
      });
      app.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      app.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const url = await eventually(
        'the app to listen',
        60,
        () => /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1],
      );

      expect((await fetch(`${url}/`)).status).toBe(200);
      expect((await fetch(`${url}/boom`)).status).toBe(500);

      const envelope = await eventually('the error event', 30, () =>
        ingest.envelopes.find((received) => received.items.some((item) => item.header.type === 'event')),
      );
      const event = JSON.parse(
        envelope.items.find((item) => item.header.type === 'event')?.payload.toString('utf-8') ?? '{}',
      );
      expect(envelope.path).toBe('/api/1/envelope/');
      expect(envelope.headers['x-sentry-auth']).toContain(`sentry_key=${runtimeKey}`);
      expect(event.release).toBe(release);
      expect(release).toMatch(/@\d+\.\d+\.\d+\+3f2a9c41d07e$/);
      expect(event.environment).toBe('e2e-staging');
      expect(event.exception.values).toContainEqual(
        expect.objectContaining({
          type: 'System.InvalidOperationException',
          value: 'boom from the e2e test',
        }),
      );
      // File names relative to the project's folder: the code mapping dotnet-app registers (stack root '',
      // source root apps/api/) turns them into repository paths.
      const frames = event.exception.values.flatMap(
        (value: { stacktrace?: { frames: Array<{ filename?: string; abs_path?: string }> } }) =>
          value.stacktrace?.frames ?? [],
      );
      expect(frames).toContainEqual(
        expect.objectContaining({
          filename: 'Program.cs',
          abs_path: join(workspace.root, 'apps', 'api', 'Program.cs'),
        }),
      );
    } finally {
      app?.kill();
      await ingest.close();
    }
  });
});
