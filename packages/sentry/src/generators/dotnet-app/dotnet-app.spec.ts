import {
  addProjectConfiguration,
  logger,
  readJson,
  readProjectConfiguration,
  Tree,
  updateProjectConfiguration,
} from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { parseAllDocuments } from 'yaml';
import { defaultBootstrapState, writeBootstrapState } from '../../bootstrap-state/desired-state';
import { readCSharp, syntaxProblems } from '../../edit/csharp-syntax';
import { readJsoncValue } from '../../edit/jsonc-document';
import { descendantElements, parseXmlElements } from '../../edit/xml-located';
import { materializeTree } from '../../testing/materialize-tree';
import { sentryDotnetVersion } from '../../versions';
import { dotnetAppGenerator } from './dotnet-app';
import type { DotnetAppGeneratorSchema } from './schema';

const fixtures = join(__dirname, '..', '..', '..', '..', '..', 'tools', 'dotnet-fixtures');
const dsn = 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/1';
const root = 'apps/api';

/** Copies a fixture folder into the tree as the Nx project `api` (project.json, as `nx g` users have). */
function addFixture(tree: Tree, fixture: string, projectRoot = root): void {
  const folder = join(fixtures, fixture);
  for (const file of readdirSync(folder, { withFileTypes: true }))
    if (file.isFile()) tree.write(`${projectRoot}/${file.name}`, readFileSync(join(folder, file.name)));
  addProjectConfiguration(tree, 'api', { root: projectRoot, projectType: 'application' });
}

const read = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';
const fixtureText = (path: string) => readFileSync(join(fixtures, path), 'utf-8');
const snapshot = (tree: Tree) =>
  tree.listChanges().map((change) => [change.path, change.type, change.content?.toString()]);
const problemsOf = (code: string) => readCSharp(code, syntaxProblems);
const packageVersions = (xml: string, item = 'PackageReference') =>
  Object.fromEntries(
    descendantElements(parseXmlElements(xml), item).map((element) => [
      element.attributes['Include'],
      element.attributes['Version'] ?? null,
    ]),
  );

/** Item lines at the pinned version as the generator writes them into a props file, each ending its line. */
const pinnedItems = (item: string, ids: readonly string[]) => [
  ...ids.map((id) => `    <${item} Include="${id}" Version="${sentryDotnetVersion}" />`),
  '',
];

/** The edit only inserted these snippets: taking each out once gives back the original, byte for byte. */
function expectOnlyInserted(before: string, after: string, snippets: readonly string[]): void {
  let remaining = after;
  for (const snippet of snippets) {
    expect(remaining).toContain(snippet);
    remaining = remaining.replace(snippet, '');
  }
  expect(remaining).toBe(before);
}

const settingsComment =
  '// Sentry: DSN, environment and sample rates come from the "Sentry" configuration section (appsettings*.json, Sentry__* environment variables).';
const profiledUseSentry = 'UseSentry(sentryOptions => sentryOptions.AddProfilingIntegration())';
const sink = 'WriteTo.Sentry(sentrySerilog => sentrySerilog.InitializeSdk = false)';

/** The project's own publish target, as a team with its own publish command has it. */
function giveOwnPublishTarget(tree: Tree): void {
  const project = readProjectConfiguration(tree, 'api');
  project.targets = { publish: { executor: 'nx:run-commands', options: { command: 'make publish' } } };
  updateProjectConfiguration(tree, 'api', project);
}

async function expectRerunChangesNothing(tree: Tree, options: DotnetAppGeneratorSchema): Promise<void> {
  const before = snapshot(tree);
  await dotnetAppGenerator(tree, options);
  expect(snapshot(tree)).toEqual(before);
}

// The generator loads its edits (and their parsers) on its first run: loaded here, outside the hooks' time limit.
beforeAll(() => import('./lib/wire-dotnet-app'), 30_000);

beforeAll(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));

describe('dotnet-app generator on a minimal API', () => {
  let tree: Tree;
  const options: DotnetAppGeneratorSchema = {
    project: 'api',
    dsn,
    environment: 'fundamental-dev',
    namespace: 'fundamental-dev',
    skipFormat: true,
  };
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'minimal-api');
    await dotnetAppGenerator(tree, options);
  });

  it('adds a publish target into dist/ whose cache key includes the release, so CI uploads and ships that build', () => {
    expect(readProjectConfiguration(tree, 'api').targets?.['publish']).toEqual({
      executor: 'nx:run-commands',
      cache: true,
      inputs: [
        '{projectRoot}/**/*',
        '{workspaceRoot}/Directory.Build.props',
        '{workspaceRoot}/Directory.Packages.props',
        '{workspaceRoot}/global.json',
        { env: 'SENTRY_RELEASE' },
      ],
      outputs: ['{workspaceRoot}/dist/apps/api'],
      options: { command: 'dotnet publish apps/api/MinimalApi.csproj -c Release -o dist/apps/api' },
      metadata: expect.objectContaining({ description: expect.stringContaining('SENTRY_RELEASE') }),
    });
  });

  it('quotes a project path with spaces in the publish command', async () => {
    const spaced = createTreeWithEmptyWorkspace();
    addFixture(spaced, 'minimal-api', 'apps/my api');
    await dotnetAppGenerator(spaced, options);
    expect(readProjectConfiguration(spaced, 'api').targets?.['publish'].options.command).toBe(
      "dotnet publish 'apps/my api/MinimalApi.csproj' -c Release -o 'dist/apps/my api'",
    );
  });

  it("keeps the project's own publish target", async () => {
    const fresh = createTreeWithEmptyWorkspace();
    addFixture(fresh, 'minimal-api');
    giveOwnPublishTarget(fresh);
    await dotnetAppGenerator(fresh, options);
    expect(readProjectConfiguration(fresh, 'api').targets?.['publish']).toEqual({
      executor: 'nx:run-commands',
      options: { command: 'make publish' },
    });
  });

  it("makes the project's Dockerfile copy the published build CI uploads symbols from (#19 item 2)", async () => {
    const docker = createTreeWithEmptyWorkspace();
    addFixture(docker, 'minimal-api');
    docker.write(
      'apps/api/Dockerfile',
      'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY ./apps/api/bin/Release/net10.0/publish/ /app\nENTRYPOINT ["dotnet", "/app/MinimalApi.dll"]\n',
    );
    await dotnetAppGenerator(docker, options);
    expect(read(docker, 'apps/api/Dockerfile')).toBe(
      'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY ./dist/apps/api/ /app\nENTRYPOINT ["dotnet", "/app/MinimalApi.dll"]\n',
    );
    await expectRerunChangesNothing(docker, options);
  });

  it('says that a Dockerfile building the app in a stage ships binaries whose PDBs CI never uploaded', async () => {
    const docker = createTreeWithEmptyWorkspace();
    addFixture(docker, 'minimal-api');
    const multiStage =
      'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nCOPY . /src\nRUN dotnet publish /src/apps/api -c Release -o /out\n' +
      'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /out /app\n';
    docker.write('apps/api/Dockerfile', multiStage);
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await dotnetAppGenerator(docker, options);
    expect(read(docker, 'apps/api/Dockerfile')).toBe(multiStage);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('apps/api/Dockerfile builds the app in a stage'),
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('nx run api:publish'));
    warn.mockRestore();
  });

  it("leaves the Dockerfile's copies alone when the project keeps its own publish target, whose output is its own", async () => {
    const docker = createTreeWithEmptyWorkspace();
    addFixture(docker, 'minimal-api');
    giveOwnPublishTarget(docker);
    const dockerfile =
      'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY apps/api/bin/Release/net10.0/publish /app\n';
    docker.write('apps/api/Dockerfile', dockerfile);
    await dotnetAppGenerator(docker, options);
    expect(read(docker, 'apps/api/Dockerfile')).toBe(dockerfile);
  });

  it('calls UseSentry with profiling on the builder right after it is created, and still parses', async () => {
    const program = read(tree, `${root}/Program.cs`);
    // ImplicitUsings: Sentry's build targets import its namespace, so no using directive is added.
    expectOnlyInserted(fixtureText('minimal-api/Program.cs'), program, [
      `\n\n${settingsComment}\nbuilder.WebHost.${profiledUseSentry};`,
    ]);
    expect(program).toContain(`var builder = WebApplication.CreateBuilder(args);\n\n${settingsComment}\n`);
    expect(await problemsOf(program)).toEqual([]);
  });

  it('references Sentry.AspNetCore and Sentry.Profiling at the pinned version, and no Serilog sink', () => {
    const csproj = read(tree, `${root}/MinimalApi.csproj`);
    expect(packageVersions(csproj)).toEqual({
      'Sentry.AspNetCore': sentryDotnetVersion,
      'Sentry.Profiling': sentryDotnetVersion,
    });
    expect(
      csproj.startsWith(fixtureText('minimal-api/MinimalApi.csproj').replace(/\n\n<\/Project>\n$/, '')),
    ).toBe(true);
  });

  it('compiles the CI release in as the version and uploads symbols only from Release builds', () => {
    const project = parseXmlElements(read(tree, `${root}/MinimalApi.csproj`));
    const groups = descendantElements(project, 'PropertyGroup').map((group) => [
      group.attributes['Condition'],
      Object.fromEntries(group.children.map((child) => [child.name, child.text])),
    ]);
    expect(groups).toContainEqual([
      "'$(SENTRY_RELEASE)' != ''",
      { InformationalVersion: '$(SENTRY_RELEASE)', IncludeSourceRevisionInInformationalVersion: 'false' },
    ]);
    expect(groups).toContainEqual([
      "'$(Configuration)' == 'Release'",
      { DebugType: 'portable', SentryUploadSymbols: 'true', SentryUploadSources: 'true' },
    ]);
  });

  it('merges the Sentry section into appsettings.json keeping comments and order', () => {
    const settings = read(tree, `${root}/appsettings.json`);
    expect(settings).toContain('// Logging as the template writes it.');
    expect(settings).toContain('"Microsoft.AspNetCore": "Warning" // framework noise');
    expect(settings).toContain('/* Hosts the app answers to. */');
    expect(Object.keys(readJsoncValue(settings, []) as object)).toEqual([
      'Logging',
      'AllowedHosts',
      'Sentry',
    ]);
    expect(readJsoncValue(settings, ['Sentry'])).toEqual({
      Dsn: dsn,
      TracesSampleRate: 0.1,
      ProfilesSampleRate: 1,
    });
  });

  it('names the environment of the deployed app in appsettings.Production.json only', () => {
    expect(JSON.parse(read(tree, `${root}/appsettings.Production.json`))).toEqual({
      Sentry: { Environment: 'fundamental-dev' },
    });
    expect(read(tree, `${root}/appsettings.Development.json`)).toBe(
      fixtureText('minimal-api/appsettings.Development.json'),
    );
  });

  it('writes a shellcheck-clean script that sets only the dsn key of the Secret, in each namespace, DSN never in argv', () => {
    const script = read(tree, `${root}/create-sentry-credentials.sh`);
    expect(script).not.toContain(dsn);
    const folder = materializeTree(tree, root);
    try {
      expect(
        spawnSync('shellcheck', [join(folder, 'create-sentry-credentials.sh')], { encoding: 'utf-8' }).stdout,
      ).toBe('');
      // kubectl stand-in over Secrets kept as files: `get --ignore-not-found -o name` prints the name when the
      // Secret exists; `patch --type merge --patch-file /dev/stdin` and `create … --from-file=dsn=/dev/stdin`
      // read stdin, as kubectl does. Every call's argv is logged.
      const bin = join(folder, 'bin');
      const secrets = join(folder, 'secrets');
      mkdirSync(bin);
      mkdirSync(secrets);
      writeFileSync(
        join(bin, 'kubectl'),
        `#!/usr/bin/env bash
echo "$*" >> "$KUBECTL_LOG"
if [ "$1 $2" = "--context test" ]; then shift 2; fi
verb=$1; namespace=""; prev=""
for arg in "$@"; do [ "$prev" = --namespace ] && namespace=$arg; prev=$arg; done
file="$SECRETS/$namespace.json"
case $verb in
  get) if [ -f "$file" ]; then echo secret/sentry-credentials; fi ;;
  patch) node -e 'const fs=require("fs");const [file]=process.argv.slice(1);const s=JSON.parse(fs.readFileSync(file));const p=JSON.parse(fs.readFileSync(0,"utf8"));Object.assign(s,p.stringData);fs.writeFileSync(file,JSON.stringify(s))' "$file" ;;
  create) node -e 'const fs=require("fs");fs.writeFileSync(process.argv[1],JSON.stringify({dsn:fs.readFileSync(0,"utf8")}))' "$file" ;;
  *) exit 3 ;;
esac
`,
        { mode: 0o755 },
      );
      // fundamental-dev already holds the team's other keys; fundamental-prod has no Secret yet.
      writeFileSync(
        join(secrets, 'fundamental-dev.json'),
        JSON.stringify({ 'frontend-dsn': 'kept', 'auth-token': 'kept' }),
      );
      const env = {
        PATH: `${bin}:${process.env.PATH}`,
        SENTRY_DSN: dsn,
        KUBECTL_LOG: join(folder, 'kubectl.log'),
        SECRETS: secrets,
      };
      const run = spawnSync(
        join(folder, 'create-sentry-credentials.sh'),
        ['--namespace', 'fundamental-dev', '--namespace', 'fundamental-prod', '--context', 'test'],
        { env, encoding: 'utf-8' },
      );
      expect([run.status, run.stderr]).toEqual([0, '']);
      const secretOf = (namespace: string) =>
        JSON.parse(readFileSync(join(secrets, `${namespace}.json`), 'utf-8'));
      expect(secretOf('fundamental-dev')).toEqual({ 'frontend-dsn': 'kept', 'auth-token': 'kept', dsn });
      expect(secretOf('fundamental-prod')).toEqual({ dsn });
      const calls = readFileSync(env.KUBECTL_LOG, 'utf-8');
      expect(calls).not.toContain(dsn);
      expect(calls).not.toContain(' apply ');
      // Without --namespace: the one the generator was given.
      rmSync(join(secrets, 'fundamental-dev.json'));
      expect(
        spawnSync(join(folder, 'create-sentry-credentials.sh'), [], { env, encoding: 'utf-8' }).status,
      ).toBe(0);
      expect(secretOf('fundamental-dev')).toEqual({ dsn });
      const withoutDsn = spawnSync(join(folder, 'create-sentry-credentials.sh'), [], {
        env: { ...env, SENTRY_DSN: '' },
        encoding: 'utf-8',
      });
      expect([withoutDsn.status, withoutDsn.stderr]).toEqual([1, expect.stringContaining('Set SENTRY_DSN')]);
    } finally {
      rmSync(join(folder, '..', '..'), { recursive: true, force: true });
    }
  });

  it('changes no byte when run again', async () => {
    await expectRerunChangesNothing(tree, options);
  });
});

describe('dotnet-app generator on a Serilog app with a bootstrap logger', () => {
  let tree: Tree;
  const options: DotnetAppGeneratorSchema = { project: 'api', dsn, skipFormat: true };
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'serilog-bootstrap');
    await dotnetAppGenerator(tree, options);
  });

  it('adds the Sentry sink to the host’s Serilog configuration without a second SDK initialisation', async () => {
    const program = read(tree, `${root}/Program.cs`);
    // The bootstrap logger stays as it is: it only covers start-up, before UseSentry initialises the SDK.
    expectOnlyInserted(fixtureText('serilog-bootstrap/Program.cs'), program, [
      `\n        .${sink}`,
      `\n\n    ${settingsComment}\n    builder.WebHost.${profiledUseSentry};`,
    ]);
    expect(program).toContain(`        .WriteTo.Console()\n        .${sink});`);
    expect(await problemsOf(program)).toEqual([]);
  });

  it('references Sentry.Serilog with the other Sentry packages, beside Serilog.AspNetCore', () => {
    expect(packageVersions(read(tree, `${root}/SerilogApi.csproj`))).toEqual({
      'Serilog.AspNetCore': '10.0.0',
      'Sentry.AspNetCore': sentryDotnetVersion,
      'Sentry.Profiling': sentryDotnetVersion,
      'Sentry.Serilog': sentryDotnetVersion,
    });
  });

  it('changes no byte when run again', async () => {
    await expectRerunChangesNothing(tree, options);
  });

  it('leaves Serilog alone with --serilog=false', async () => {
    const fresh = createTreeWithEmptyWorkspace();
    addFixture(fresh, 'serilog-bootstrap');
    await dotnetAppGenerator(fresh, { ...options, serilog: false });
    expect(read(fresh, `${root}/Program.cs`)).not.toContain('WriteTo.Sentry');
    expect(packageVersions(read(fresh, `${root}/SerilogApi.csproj`))['Sentry.Serilog']).toBeUndefined();
  });
});

describe('dotnet-app generator on a generic host with a Startup class', () => {
  let tree: Tree;
  const options: DotnetAppGeneratorSchema = { project: 'api', skipFormat: true };
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'startup-generic-host');
    await dotnetAppGenerator(tree, options);
  });

  it('calls UseSentry inside ConfigureWebHostDefaults and imports Sentry where no implicit usings do', async () => {
    const program = read(tree, `${root}/Program.cs`);
    // Microsoft.AspNetCore.Hosting, UseSentry's namespace, is imported already.
    expectOnlyInserted(fixtureText('startup-generic-host/Program.cs'), program, [
      '\nusing Sentry;',
      `\n\n                ${settingsComment}\n                webBuilder.${profiledUseSentry};`,
    ]);
    expect(program).toContain(
      `                webBuilder.UseStartup<Startup>();\n\n                ${settingsComment}\n                webBuilder.${profiledUseSentry};\n            });`,
    );
    expect(await problemsOf(program)).toEqual([]);
    expect(read(tree, `${root}/Startup.cs`)).toBe(fixtureText('startup-generic-host/Startup.cs'));
  });

  it('keeps the SDK off until a DSN is configured when none is known', () => {
    expect(readJsoncValue(read(tree, `${root}/appsettings.json`), ['Sentry', 'Dsn'])).toBe('');
  });

  it('changes no byte when run again', async () => {
    await expectRerunChangesNothing(tree, options);
  });
});

describe('dotnet-app generator on an app that already calls UseSentry', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'instrumented');
  });

  it('merges profiling into the existing UseSentry instead of adding another', async () => {
    await dotnetAppGenerator(tree, { project: 'api', skipFormat: true });
    const program = read(tree, `${root}/Program.cs`);
    expect(program.split('UseSentry').length - 1).toBe(1);
    expect(program).toContain('    o.Debug = true;\n    o.AddProfilingIntegration();\n});');
    expect(await problemsOf(program)).toEqual([]);
    await expectRerunChangesNothing(tree, { project: 'api', skipFormat: true });
  });

  it('moves the existing Sentry reference to the one pinned version', async () => {
    await dotnetAppGenerator(tree, { project: 'api', skipFormat: true });
    expect(packageVersions(read(tree, `${root}/InstrumentedApi.csproj`))).toEqual({
      'Sentry.AspNetCore': sentryDotnetVersion,
      'Sentry.Profiling': sentryDotnetVersion,
    });
  });

  it('keeps the settings the app has unless an option names them', async () => {
    await dotnetAppGenerator(tree, { project: 'api', skipFormat: true });
    const settings = () => readJsoncValue(read(tree, `${root}/appsettings.json`), ['Sentry']);
    expect(settings()).toEqual({
      Dsn: 'https://0123456789abcdef0123456789abcdef@sentry.example.com/7',
      TracesSampleRate: 0.5,
      SendDefaultPii: true,
      ProfilesSampleRate: 1,
    });
    await dotnetAppGenerator(tree, { project: 'api', dsn, tracesSampleRate: 0.25, skipFormat: true });
    expect(settings()).toEqual({
      Dsn: dsn,
      TracesSampleRate: 0.25,
      SendDefaultPii: true,
      ProfilesSampleRate: 1,
    });
  });

  it('warns when the DSN is set in code, where it would override the Secret', async () => {
    tree.write(
      `${root}/Program.cs`,
      read(tree, `${root}/Program.cs`).replace('o.Debug = true;', `o.Dsn = "${dsn}";`),
    );
    const info = jest.mocked(logger.info);
    info.mockClear();
    await dotnetAppGenerator(tree, { project: 'api', skipFormat: true });
    expect(info.mock.calls.flat().join('\n')).toContain('Program.cs sets the DSN in UseSentry');
  });
});

describe('dotnet-app generator with central package management', () => {
  let tree: Tree;
  const options: DotnetAppGeneratorSchema = { project: 'api', dsn, skipFormat: true };
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('Directory.Packages.props', fixtureText('central-packages/Directory.Packages.props'));
    addFixture(tree, 'central-packages/Api', 'src/Api');
    await dotnetAppGenerator(tree, options);
  });

  it('adds versionless references to the project and their versions to Directory.Packages.props', () => {
    expect(packageVersions(read(tree, 'src/Api/Api.csproj'))).toEqual({
      'Serilog.AspNetCore': null,
      'Sentry.AspNetCore': null,
      'Sentry.Profiling': null,
      'Sentry.Serilog': null,
    });
    expect(packageVersions(read(tree, 'Directory.Packages.props'), 'PackageVersion')).toEqual({
      'Serilog.AspNetCore': '10.0.0',
      'Sentry.AspNetCore': sentryDotnetVersion,
      'Sentry.Profiling': sentryDotnetVersion,
      'Sentry.Serilog': sentryDotnetVersion,
    });
    expect(read(tree, 'Directory.Packages.props')).toBe(
      fixtureText('central-packages/Directory.Packages.props').replace(
        '    <PackageVersion Include="Serilog.AspNetCore" Version="10.0.0" />\n',
        [
          '    <PackageVersion Include="Serilog.AspNetCore" Version="10.0.0" />',
          ...pinnedItems('PackageVersion', ['Sentry.AspNetCore', 'Sentry.Profiling', 'Sentry.Serilog']),
        ].join('\n'),
      ),
    );
  });

  it('adds the sink as a statement at the end of a block-bodied AddSerilog lambda', async () => {
    const program = read(tree, 'src/Api/Program.cs');
    expect(program).toContain(
      '    logger.WriteTo.Console();\n    logger.WriteTo.Sentry(sentrySerilog => sentrySerilog.InitializeSdk = false);\n});',
    );
    expect(await problemsOf(program)).toEqual([]);
  });

  it('changes no byte when run again', async () => {
    await expectRerunChangesNothing(tree, options);
  });
});

describe('dotnet-app generator on a StyleCop API whose Serilog sinks are in appsettings.json', () => {
  let tree: Tree;
  const projectRoot = 'src/Api';
  const options: DotnetAppGeneratorSchema = { project: 'api', skipFormat: true };
  const sinkDsn = 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/1';
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('Directory.Build.props', fixtureText('stylecop-serilog/Directory.Build.props'));
    addFixture(tree, 'stylecop-serilog/Api', projectRoot);
    await dotnetAppGenerator(tree, options);
  });

  it('imports nothing the implicit usings of Directory.Build.props bring, and puts its comment after a blank line (#18 item 10: SA1210, SA1515)', () => {
    expectOnlyInserted(
      fixtureText('stylecop-serilog/Api/Program.cs'),
      read(tree, `${projectRoot}/Program.cs`),
      [`\n\n${settingsComment}\nbuilder.WebHost.${profiledUseSentry};`],
    );
  });

  it('leaves the Sentry sink to appsettings.json and takes its DSN over, so UseSentry is the one SDK initialisation (#18 item 9)', () => {
    const settings = read(tree, `${projectRoot}/appsettings.json`);
    expect(readJsoncValue(settings, ['Serilog', 'WriteTo', 1])).toEqual({
      Name: 'Sentry',
      Args: { minimumEventLevel: 'Error', minimumBreadcrumbLevel: 'Information' },
    });
    expect(readJsoncValue(settings, ['Sentry', 'Dsn'])).toBe(sinkDsn);
    expect(packageVersions(read(tree, `${projectRoot}/Api.csproj`))['Sentry.Serilog']).toBe(
      sentryDotnetVersion,
    );
  });

  it('removes only the sink’s DSN and adds the Sentry section in the file’s 3-space indentation (#18 items 9, 11)', () => {
    const original = fixtureText('stylecop-serilog/Api/appsettings.json');
    const expected = original
      .replace(`               "dsn": "${sinkDsn}",\n`, '')
      .replace(
        '   "AllowedHosts": "*"\n',
        [
          '   "AllowedHosts": "*",',
          '   "Sentry": {',
          `      "Dsn": "${sinkDsn}",`,
          '      "TracesSampleRate": 0.1,',
          '      "ProfilesSampleRate": 1',
          '   }',
          '',
        ].join('\n'),
      );
    expect(read(tree, `${projectRoot}/appsettings.json`)).toBe(expected);
  });

  it('finds the sink in another environment’s file and in the object form of WriteTo (#18 item 9)', async () => {
    const fresh = createTreeWithEmptyWorkspace();
    fresh.write('Directory.Build.props', fixtureText('stylecop-serilog/Directory.Build.props'));
    addFixture(fresh, 'stylecop-serilog/Api', projectRoot);
    fresh.write(`${projectRoot}/appsettings.json`, '{\n  "AllowedHosts": "*"\n}\n');
    const development = `{\n\t"Serilog": {\n\t\t"WriteTo": {\n\t\t\t"ToSentry": { "Name": "Sentry", "Args": { "Dsn": "${sinkDsn}" } }\n\t\t}\n\t}\n}\n`;
    fresh.write(`${projectRoot}/appsettings.Development.json`, development);
    await dotnetAppGenerator(fresh, options);
    expect(read(fresh, `${projectRoot}/Program.cs`)).not.toContain('WriteTo.Sentry');
    expect(read(fresh, `${projectRoot}/appsettings.Development.json`)).toBe(
      development.replace(` "Dsn": "${sinkDsn}" `, ''),
    );
    expect(readJsoncValue(read(fresh, `${projectRoot}/appsettings.json`), ['Sentry', 'Dsn'])).toBe(sinkDsn);
  });

  it('keeps handling a sink in code as before, and says when appsettings names a second one', async () => {
    const fresh = createTreeWithEmptyWorkspace();
    fresh.write('Directory.Build.props', fixtureText('stylecop-serilog/Directory.Build.props'));
    addFixture(fresh, 'stylecop-serilog/Api', projectRoot);
    const program = fixtureText('stylecop-serilog/Api/Program.cs').replace(
      'loggerConfiguration.ReadFrom.Configuration(context.Configuration)',
      'loggerConfiguration.ReadFrom.Configuration(context.Configuration).WriteTo.Sentry(o => o.MinimumEventLevel = LogEventLevel.Error)',
    );
    fresh.write(`${projectRoot}/Program.cs`, program);
    const info = jest.mocked(logger.info);
    info.mockClear();
    await dotnetAppGenerator(fresh, options);
    expect(read(fresh, `${projectRoot}/Program.cs`)).toContain(
      'WriteTo.Sentry(o => {\n    o.MinimumEventLevel = LogEventLevel.Error;\n    o.InitializeSdk = false;\n})',
    );
    expect(info.mock.calls.flat().join('\n')).toContain('Serilog writes to Sentry twice');
  });

  it('writes a new appsettings.Production.json in the indentation and line endings of appsettings.json (#18 item 11)', async () => {
    const fresh = createTreeWithEmptyWorkspace();
    fresh.write('Directory.Build.props', fixtureText('stylecop-serilog/Directory.Build.props'));
    addFixture(fresh, 'stylecop-serilog/Api', projectRoot);
    fresh.write(
      `${projectRoot}/appsettings.json`,
      fixtureText('stylecop-serilog/Api/appsettings.json').replace(/\n/g, '\r\n'),
    );
    await dotnetAppGenerator(fresh, { ...options, environment: 'production' });
    expect(read(fresh, `${projectRoot}/appsettings.Production.json`)).toBe(
      '{\r\n   "Sentry": {\r\n      "Environment": "production"\r\n   }\r\n}\r\n',
    );
  });
});

describe('dotnet-app generator on a project whose Directory.Build.props declares framework and packages', () => {
  const props = 'src/Directory.Build.props';
  const csprojPath = 'src/Api/Api.csproj';
  let tree: Tree;
  const options: DotnetAppGeneratorSchema = { project: 'api', dsn, skipFormat: true };
  /** The fixture with its props and csproj changed as a test needs, and the generator run on it. */
  async function wiredWith(change: { props?: (text: string) => string; csproj?: (text: string) => string }) {
    const fresh = createTreeWithEmptyWorkspace();
    const same = (text: string) => text;
    fresh.write(props, (change.props ?? same)(fixtureText('build-props/Directory.Build.props')));
    addFixture(fresh, 'build-props/Api', 'src/Api');
    fresh.write(csprojPath, (change.csproj ?? same)(fixtureText('build-props/Api/Api.csproj')));
    await dotnetAppGenerator(fresh, options);
    return fresh;
  }
  beforeEach(async () => {
    jest.mocked(logger.info).mockClear();
    tree = await wiredWith({});
  });

  it('reads net10.0 and ImplicitUsings from the props: profiling on, no using directive added', async () => {
    const program = read(tree, 'src/Api/Program.cs');
    expectOnlyInserted(fixtureText('build-props/Api/Program.cs'), program, [
      `\n\n${settingsComment}\nbuilder.WebHost.${profiledUseSentry};`,
      `.WriteTo.Sentry(sentrySerilog => sentrySerilog.InitializeSdk = false)`,
    ]);
    expect(await problemsOf(program)).toEqual([]);
  });

  it('moves the Sentry package of the props to the pinned version and adds the others beside it, none to the .csproj', () => {
    const logged = jest.mocked(logger.info).mock.calls.flat().join('\n');
    expect(logged).toContain(`${props}: Sentry.Serilog 5.16.1 → ${sentryDotnetVersion}`);
    expect(logged).toContain(
      `${props}: Sentry.AspNetCore, Sentry.Profiling added beside the Sentry packages`,
    );
    expect(packageVersions(read(tree, csprojPath))).toEqual({});
    expect(read(tree, props)).toBe(
      fixtureText('build-props/Directory.Build.props').replace(
        '    <PackageReference Include="Sentry.Serilog" Version="5.16.1" />\n',
        pinnedItems('PackageReference', ['Sentry.Serilog', 'Sentry.AspNetCore', 'Sentry.Profiling']).join(
          '\n',
        ),
      ),
    );
  });

  it('leaves MSBuild one reference per package, every Sentry package at the pinned version', () => {
    const folder = materializeTree(tree, 'src');
    try {
      const run = spawnSync(
        'dotnet',
        [
          'msbuild',
          join(folder, 'Api', 'Api.csproj'),
          '-getItem:PackageReference',
          '-getProperty:TargetFramework',
        ],
        { encoding: 'utf-8' },
      );
      expect(run.status).toBe(0);
      const evaluated = JSON.parse(run.stdout) as {
        Properties: { TargetFramework: string };
        Items: { PackageReference: { Identity: string; Version: string }[] };
      };
      expect(evaluated.Properties.TargetFramework).toBe('net10.0');
      expect(
        evaluated.Items.PackageReference.map(({ Identity, Version }) => [Identity, Version]).sort(),
      ).toEqual([
        ['Sentry.AspNetCore', sentryDotnetVersion],
        ['Sentry.Profiling', sentryDotnetVersion],
        ['Sentry.Serilog', sentryDotnetVersion],
        ['Serilog.AspNetCore', '10.0.0'],
        ['StyleCop.Analyzers', '1.1.118'],
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('takes back the second reference an earlier version added to the .csproj beside the props one', async () => {
    const earlier = await wiredWith({
      csproj: (text) =>
        text.replace(
          '</Project>',
          `  <ItemGroup>\n    <PackageReference Include="Sentry.Serilog" Version="${sentryDotnetVersion}" />\n  </ItemGroup>\n\n</Project>`,
        ),
    });
    expect(packageVersions(read(earlier, csprojPath))).toEqual({});
    expect(read(earlier, csprojPath)).not.toContain('ItemGroup');
    expect(packageVersions(read(earlier, props))['Sentry.Serilog']).toBe(sentryDotnetVersion);
  });

  it('puts Sentry into the .csproj when the props share only other packages, which reach every project', async () => {
    const shared = await wiredWith({
      props: (text) =>
        text.replace('    <PackageReference Include="Sentry.Serilog" Version="5.16.1" />\n', ''),
    });
    expect(packageVersions(read(shared, csprojPath))).toEqual({
      'Sentry.AspNetCore': sentryDotnetVersion,
      'Sentry.Profiling': sentryDotnetVersion,
      'Sentry.Serilog': sentryDotnetVersion,
    });
    expect(packageVersions(read(shared, props))).not.toHaveProperty('Sentry.AspNetCore');
  });

  it('lets the .csproj framework win over the props (MSBuild reads the props first): net6.0, no profiling', async () => {
    const older = await wiredWith({
      csproj: (text) =>
        text.replace('<RootNamespace>', '<TargetFramework>net6.0</TargetFramework>\n    <RootNamespace>'),
    });
    expect(read(older, 'src/Api/Program.cs')).not.toContain('AddProfilingIntegration');
    expect(packageVersions(read(older, props))).not.toHaveProperty('Sentry.Profiling');
  });

  it('adds the Serilog sink when the props reference Serilog and import its namespace for every file', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write(
      props,
      fixtureText('build-props/Directory.Build.props').replace(
        '  <ItemGroup>\n',
        '  <ItemGroup>\n    <Using Include="Serilog" />\n',
      ),
    );
    addFixture(tree, 'build-props/Api', 'src/Api');
    tree.write(
      'src/Api/Program.cs',
      fixtureText('build-props/Api/Program.cs').replace('using Serilog;\n\n', ''),
    );
    await dotnetAppGenerator(tree, options);
    expect(read(tree, 'src/Api/Program.cs')).toContain(sink);
  });

  it('refuses a Directory.Build.props that is not XML, naming it, and writes nothing', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write(props, '<Project>\n');
    addFixture(tree, 'build-props/Api', 'src/Api');
    const before = snapshot(tree);
    await expect(dotnetAppGenerator(tree, options)).rejects.toThrow(
      `Invalid --project "api": expected well-formed XML in ${props}`,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it('keeps symbol settings the props make: no SentryUploadSources beside their EmbedAllSources', async () => {
    const embedding = await wiredWith({
      props: (text) =>
        text.replace(
          '<Nullable>enable</Nullable>',
          '<Nullable>enable</Nullable>\n    <EmbedAllSources>true</EmbedAllSources>\n    <DebugType>embedded</DebugType>',
        ),
    });
    const release = descendantElements(parseXmlElements(read(embedding, csprojPath)), 'PropertyGroup').find(
      (group) => group.attributes['Condition'] === "'$(Configuration)' == 'Release'",
    );
    expect(release?.children.map((child) => [child.name, child.text])).toEqual([
      ['SentryUploadSymbols', 'true'],
    ]);
  });

  it('follows a props that imports the one above it (GetPathOfFileAbove)', async () => {
    const nested = createTreeWithEmptyWorkspace();
    nested.write('Directory.Build.props', fixtureText('build-props/Directory.Build.props'));
    nested.write(
      props,
      `<Project>\n  <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />\n</Project>\n`,
    );
    addFixture(nested, 'build-props/Api', 'src/Api');
    await dotnetAppGenerator(nested, options);
    expect(read(nested, 'src/Api/Program.cs')).toContain(profiledUseSentry);
    expect(packageVersions(read(nested, 'Directory.Build.props'))['Sentry.Serilog']).toBe(
      sentryDotnetVersion,
    );
    expect(packageVersions(read(nested, csprojPath))).toEqual({});
  });

  it('changes no byte when run again', async () => {
    await expectRerunChangesNothing(tree, options);
  });
});

describe('dotnet-app generator with a Deployment manifest', () => {
  const manifest = 'apps/api/k8s/deployment.yaml';
  const secretEnv = {
    name: 'Sentry__Dsn',
    valueFrom: { secretKeyRef: { name: 'sentry-credentials', key: 'dsn', optional: true } },
  };
  let tree: Tree;
  const options: DotnetAppGeneratorSchema = {
    project: 'api',
    dsn,
    deploymentManifest: manifest,
    skipFormat: true,
  };
  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'minimal-api');
    tree.write(manifest, fixtureText('kubernetes/deployment.yaml'));
    await dotnetAppGenerator(tree, options);
  });

  it("without --namespace, points the credentials script at the Deployment's namespace (no team's default)", async () => {
    expect(read(tree, `${root}/create-sentry-credentials.sh`)).toContain('namespaces=(fundamental-dev)');
    const bare = createTreeWithEmptyWorkspace();
    addFixture(bare, 'minimal-api');
    await dotnetAppGenerator(bare, { project: 'api', dsn, skipFormat: true });
    expect(read(bare, `${root}/create-sentry-credentials.sh`)).toContain('namespaces=(default)');
  });

  it('gives the container that runs the app Sentry__Dsn from the Secret, optional, and keeps the rest', () => {
    const text = read(tree, manifest);
    const [deployment, service] = parseAllDocuments(text).map((document) => document.toJS());
    const containers = deployment.spec.template.spec.containers;
    // Optional: the DSN is in appsettings too, so a namespace without the Secret yet still starts the app
    // instead of failing with CreateContainerConfigError.
    expect(containers.map((container: { env: unknown }) => container.env)).toEqual([
      [{ name: 'ASPNETCORE_URLS', value: 'http://+:8080' }, secretEnv],
      undefined,
    ]);
    expect(text).toContain("# The API of the seed's backend, as its repository deploys it.");
    expect(text).toContain('image: ghcr.io/pesahm/fundamental-backend:1.0.0 # pinned by CI');
    const original = fixtureText('kubernetes/deployment.yaml');
    expect(text.slice(text.indexOf('---'))).toBe(original.slice(original.indexOf('---')));
    expect(service.kind).toBe('Service');
  });

  it('moves a reference an earlier version put into every container to the app container, made optional', async () => {
    const earlier =
      '- name: Sentry__Dsn\n  valueFrom:\n    secretKeyRef:\n      name: sentry-credentials\n      key: dsn\n';
    const indented = (spaces: number) => `${earlier.trimEnd().replace(/^/gm, ' '.repeat(spaces))}\n`;
    const fresh = createTreeWithEmptyWorkspace();
    addFixture(fresh, 'minimal-api');
    fresh.write(
      manifest,
      fixtureText('kubernetes/deployment.yaml')
        .replace(
          '              value: http://+:8080\n',
          `              value: http://+:8080\n${indented(12)}`,
        )
        .replace('fundamental-worker:1.0.0\n', `fundamental-worker:1.0.0\n          env:\n${indented(12)}`),
    );
    await dotnetAppGenerator(fresh, options);
    const [deployment] = parseAllDocuments(read(fresh, manifest)).map((each) => each.toJS());
    expect(
      deployment.spec.template.spec.containers.map((container: { env: unknown }) => container.env),
    ).toEqual([[{ name: 'ASPNETCORE_URLS', value: 'http://+:8080' }, secretEnv], []]);
  });

  it('asks for --container when no container is named like the Deployment or the project', async () => {
    const fresh = createTreeWithEmptyWorkspace();
    addFixture(fresh, 'minimal-api');
    fresh.write(
      manifest,
      fixtureText('kubernetes/deployment.yaml').replace('- name: api\n', '- name: server\n'),
    );
    const before = fresh.listChanges().map(({ path }) => path);
    await expect(dotnetAppGenerator(fresh, options)).rejects.toThrow(/--container.*server, worker/);
    expect(fresh.listChanges().map(({ path }) => path)).toEqual(before);
    await dotnetAppGenerator(fresh, { ...options, container: 'worker' });
    const [deployment] = parseAllDocuments(read(fresh, manifest)).map((each) => each.toJS());
    expect(deployment.spec.template.spec.containers[1].env).toEqual([secretEnv]);
  });

  it('replaces a literal Sentry__Dsn by the Secret', async () => {
    const fresh = createTreeWithEmptyWorkspace();
    addFixture(fresh, 'minimal-api');
    fresh.write(
      manifest,
      fixtureText('kubernetes/deployment.yaml').replace(
        '              value: http://+:8080\n',
        `              value: http://+:8080\n            - name: Sentry__Dsn\n              value: ${dsn}\n`,
      ),
    );
    await dotnetAppGenerator(fresh, options);
    expect(read(fresh, manifest)).not.toContain(dsn);
  });

  it('changes no byte when run again', async () => {
    await expectRerunChangesNothing(tree, options);
  });
});

describe('dotnet-app generator with a Deployment kept elsewhere (a Helm chart)', () => {
  const template = 'deploy/chart/templates/deployment.yaml';
  const helmTemplate = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "api.fullname" . }}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: {{ .Chart.Name }}',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '          env:',
    '            {{- toYaml .Values.env | nindent 12 }}',
    '',
  ].join('\n');
  const readme = `${root}/README.md`;
  const secretEnv = {
    name: 'Sentry__Dsn',
    valueFrom: { secretKeyRef: { name: 'sentry-credentials', key: 'dsn', optional: true } },
  };
  /** The YAML blocks of the README's Sentry section, parsed. */
  const snippetsOf = (text: string) =>
    [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parseAllDocuments(match[1])[0].toJS());
  const fresh = () => {
    const tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'minimal-api');
    return tree;
  };

  it('leaves a Helm template as it is and writes the env it needs to the project README and the log', async () => {
    const tree = fresh();
    tree.write(template, helmTemplate);
    const info = jest.mocked(logger.info);
    info.mockClear();
    const options = {
      project: 'api',
      dsn,
      deploymentManifest: template,
      namespace: 'fundamental-dev',
      skipFormat: true,
    };
    await dotnetAppGenerator(tree, options);
    expect(read(tree, template)).toBe(helmTemplate);
    const text = read(tree, readme);
    expect(snippetsOf(text)).toEqual([{ env: [secretEnv] }]);
    expect(text).toContain('fundamental-dev');
    // A release fixed in the chart's values would override the one compiled in with the uploaded symbols.
    expect(text).toContain('Leave `SENTRY_RELEASE` and `Sentry__Release` out of the chart values');
    const logged = info.mock.calls.flat().join('\n');
    expect(logged).toContain(`${template} is a Helm template`);
    expect(logged).toContain('- name: Sentry__Dsn');
    await expectRerunChangesNothing(tree, options);
  });

  it('writes the snippet for --externalDeployment into an existing README once, updated in place', async () => {
    const tree = fresh();
    const userReadme = '# api\n\nThe backend of the seed.\n';
    tree.write(readme, userReadme);
    const options = { project: 'api', dsn, externalDeployment: true, skipFormat: true };
    await dotnetAppGenerator(tree, options);
    const text = read(tree, readme);
    expect(text.startsWith(`${userReadme}\n`)).toBe(true);
    expect(snippetsOf(text)).toEqual([{ env: [secretEnv] }]);
    await expectRerunChangesNothing(tree, options);
    await dotnetAppGenerator(tree, { ...options, namespace: 'production' });
    const updated = read(tree, readme);
    expect(updated.split('```yaml').length - 1).toBe(1);
    expect(updated).toContain('production');
    expect(updated).not.toContain('fundamental-dev');
  });

  it('writes a section prettier leaves as it is, so a formatted run is stable too', async () => {
    const tree = fresh();
    await dotnetAppGenerator(tree, { project: 'api', dsn, externalDeployment: true, skipFormat: true });
    const text = read(tree, readme);
    const prettier = spawnSync(
      process.execPath,
      [require.resolve('prettier/bin/prettier.cjs'), '--no-config', '--stdin-filepath', 'README.md'],
      { input: text, encoding: 'utf-8' },
    );
    expect(prettier.stdout).toBe(text);
  });

  it('refuses --externalDeployment together with --deploymentManifest, and points a missing manifest to it', async () => {
    const tree = fresh();
    tree.write(template, helmTemplate);
    await expect(
      dotnetAppGenerator(tree, {
        project: 'api',
        deploymentManifest: template,
        externalDeployment: true,
        skipFormat: true,
      }),
    ).rejects.toThrow('Invalid --externalDeployment true: expected no --deploymentManifest');
    await expect(
      dotnetAppGenerator(tree, { project: 'api', deploymentManifest: 'k8s/missing.yaml', skipFormat: true }),
    ).rejects.toThrow('--externalDeployment');
  });
});

describe('dotnet-app generator: other Program.cs shapes', () => {
  const csproj = (framework: string) =>
    `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>${framework}</TargetFramework>\n  </PropertyGroup>\n</Project>\n`;

  async function wire(
    program: string,
    options: Partial<DotnetAppGeneratorSchema> = {},
    framework = 'net8.0',
  ) {
    const tree = createTreeWithEmptyWorkspace();
    tree.write(`${root}/Api.csproj`, csproj(framework));
    tree.write(`${root}/Program.cs`, program);
    addProjectConfiguration(tree, 'api', { root });
    await dotnetAppGenerator(tree, { project: 'api', skipFormat: true, ...options });
    const wired = read(tree, `${root}/Program.cs`);
    expect(await problemsOf(wired)).toEqual([]);
    await expectRerunChangesNothing(tree, { project: 'api', skipFormat: true, ...options });
    return { tree, wired };
  }

  it('lets a CORS policy that lists its headers accept the trace headers the front end sends', async () => {
    const { wired } = await wire(
      [
        'var builder = WebApplication.CreateBuilder(args);',
        'builder.Services.AddCors(options => options.AddPolicy("frontend", policy => policy',
        '    .WithOrigins("https://app.example.com")',
        '    .WithHeaders("Content-Type", "Authorization")));',
        'builder.Services.AddCors(options => options.AddPolicy("open", policy => policy.AllowAnyHeader()));',
        'var app = builder.Build();',
        'app.UseCors("frontend");',
        'app.Run();',
        '',
      ].join('\n'),
    );
    expect(wired).toContain('.WithHeaders("Content-Type", "Authorization", "sentry-trace", "baggage")));');
    expect(wired).toContain('policy.AllowAnyHeader()');
  });

  it('adds only the trace header a CORS policy lacks, whatever its case', async () => {
    const { wired } = await wire(
      [
        'var builder = WebApplication.CreateBuilder(args);',
        'builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithHeaders("Sentry-Trace")));',
        'var app = builder.Build();',
        'app.Run();',
        '',
      ].join('\n'),
    );
    expect(wired).toContain('p.WithHeaders("Sentry-Trace", "baggage")');
  });

  it('chains UseSentry onto WebHost.CreateDefaultBuilder', async () => {
    const { wired } = await wire(
      'using Microsoft.AspNetCore;\nusing Microsoft.AspNetCore.Hosting;\n\nWebHost.CreateDefaultBuilder(args).UseStartup<Startup>().Build().Run();\n',
      { profiling: false },
    );
    expect(wired).toContain('WebHost.CreateDefaultBuilder(args).UseSentry().UseStartup<Startup>()');
  });

  it('adds profiling to a UseSentry() without arguments', async () => {
    const { wired } = await wire(
      'var builder = WebApplication.CreateBuilder(args);\nbuilder.WebHost.UseSentry();\nbuilder.Build().Run();\n',
    );
    expect(wired).toContain(
      'builder.WebHost.UseSentry(sentryOptions => sentryOptions.AddProfilingIntegration());',
    );
    expect(wired).toContain('using Sentry;');
  });

  it('puts the sink before CreateLogger of a static Serilog logger', async () => {
    const { wired } = await wire(
      [
        'using Serilog;',
        '',
        'Log.Logger = new LoggerConfiguration()',
        '    .WriteTo.Console()',
        '    .CreateLogger();',
        'var builder = WebApplication.CreateBuilder(args);',
        'builder.Host.UseSerilog();',
        'builder.Build().Run();',
        '',
      ].join('\n'),
    );
    expect(wired).toContain(
      '    .WriteTo.Console()\n    .WriteTo.Sentry(sentrySerilog => sentrySerilog.InitializeSdk = false)\n    .CreateLogger();',
    );
  });

  it('turns InitializeSdk off in a sink that is there already', async () => {
    const { wired } = await wire(
      [
        'using Serilog;',
        'var builder = WebApplication.CreateBuilder(args);',
        'builder.Host.UseSerilog((context, configuration) => configuration.WriteTo.Sentry(s => { s.MinimumEventLevel = Serilog.Events.LogEventLevel.Warning; }));',
        'builder.Build().Run();',
      ].join('\n'),
    );
    expect(wired).toContain('s.MinimumEventLevel = Serilog.Events.LogEventLevel.Warning;');
    expect(wired.match(/InitializeSdk = false/g)).toHaveLength(1);
    expect(wired.split('WriteTo.Sentry').length - 1).toBe(1);
  });

  it('keeps CRLF line endings and a byte-order mark', async () => {
    const { tree, wired } = await wire(
      '\uFEFFvar builder = WebApplication.CreateBuilder(args);\r\nvar app = builder.Build();\r\napp.Run();\r\n',
    );
    expect(wired.startsWith('\uFEFF')).toBe(true);
    expect(wired.replace(/\r\n/g, '')).not.toContain('\n');
    expect(read(tree, `${root}/Api.csproj`).replace(/\r\n/g, '')).toContain('\n'); // the csproj was LF and stays LF
  });

  it('defaults profiling off before net8.0 and refuses it there', async () => {
    const { tree } = await wire(
      'var builder = WebApplication.CreateBuilder(args);\nbuilder.Build().Run();\n',
      {},
      'net6.0',
    );
    expect(packageVersions(read(tree, `${root}/Api.csproj`))).toEqual({
      'Sentry.AspNetCore': sentryDotnetVersion,
    });
    await expect(
      wire('var b = WebApplication.CreateBuilder(args);\n', { profiling: true }, 'net6.0'),
    ).rejects.toThrow('Invalid --profiling true: expected a project that targets only net8.0 or newer');
  });
});

describe('dotnet-app generator: default DSN from the bootstrap’s DSN file', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'dotnet-app-dsn-'));
    mkdirSync(join(workspace, '.sentry'));
    writeFileSync(
      join(workspace, '.sentry', 'dsn.json'),
      JSON.stringify({ api: dsn, payments: dsn.replace('/1', '/9') }),
    );
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it.each([
    [undefined, dsn],
    ['payments', dsn.replace('/1', '/9')],
  ])(
    'takes the DSN of --sentryProject %s (default: the Nx project name)',
    async (sentryProject, expected) => {
      const tree = new FsTree(workspace, false);
      tree.write('nx.json', '{}');
      addFixture(tree, 'minimal-api');
      await dotnetAppGenerator(tree, { project: 'api', sentryProject, skipFormat: true });
      expect(readJsoncValue(read(tree, `${root}/appsettings.json`), ['Sentry', 'Dsn'])).toBe(expected);
    },
  );
});

describe('dotnet-app generator refuses bad input before writing anything', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'minimal-api');
    tree.write('apps/lib/Lib.csproj', '<Project Sdk="Microsoft.NET.Sdk">\n</Project>\n');
    tree.write('apps/lib/Program.cs', 'System.Console.WriteLine();\n');
    addProjectConfiguration(tree, 'lib', { root: 'apps/lib' });
    addProjectConfiguration(tree, 'docs', { root: 'apps/docs' });
    tree.write('apps/docs/README.md', '# docs\n');
    tree.write('k8s/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n');
    tree.write('k8s/other-namespace.yaml', fixtureText('kubernetes/deployment.yaml'));
  });

  it.each<[string, Partial<DotnetAppGeneratorSchema>, string]>([
    ['an unknown project', { project: 'nope' }, 'Invalid --project "nope": expected the name of a project'],
    [
      'a project without a .csproj',
      { project: 'docs' },
      'Invalid --project "docs": expected a project whose root holds exactly one .csproj',
    ],
    [
      'a project that is not ASP.NET Core',
      { project: 'lib' },
      'Invalid --project "lib": expected an ASP.NET Core project',
    ],
    ['a DSN of another scheme', { dsn: dsn.replace('https', 'ftp') }, 'Invalid --dsn "ftp://'],
    ['a DSN with a quote', { dsn: `${dsn}'` }, 'Invalid --dsn'],
    ['a DSN without a project id', { dsn: dsn.replace('/1', '/') }, 'Invalid --dsn'],
    [
      'a traces sample rate above 1',
      { tracesSampleRate: 1.5 },
      'Invalid --tracesSampleRate 1.5: expected a number from 0 to 1.',
    ],
    [
      'a profiles sample rate as text',
      { profilesSampleRate: '0.5' as unknown as number },
      'Invalid --profilesSampleRate "0.5"',
    ],
    ['an environment with a space', { environment: 'prod uction' }, 'Invalid --environment "prod uction"'],
    ['a namespace with a shell substitution', { namespace: 'dev$(id)' }, 'Invalid --namespace "dev$(id)"'],
    [
      'a non-boolean serilog',
      { serilog: 'yes' as unknown as boolean },
      'Invalid --serilog "yes": expected true or false.',
    ],
    [
      '--serilog for an app without Serilog',
      { serilog: true },
      'Invalid --serilog true: expected an app whose apps/api/Program.cs configures Serilog',
    ],
    [
      'a manifest outside the workspace',
      { deploymentManifest: '../deployment.yaml' },
      'Invalid --deploymentManifest "../deployment.yaml"',
    ],
    [
      'a manifest that does not exist',
      { deploymentManifest: 'k8s/missing.yaml' },
      'Invalid --deploymentManifest "k8s/missing.yaml": expected an existing file',
    ],
    [
      'a manifest without a Deployment',
      { deploymentManifest: 'k8s/service.yaml' },
      'expected a Kubernetes manifest with a Deployment',
    ],
    [
      'a Deployment in another namespace',
      { deploymentManifest: 'k8s/other-namespace.yaml', namespace: 'production' },
      'Invalid --namespace "production": expected the namespace of k8s/other-namespace.yaml Deployment api (fundamental-dev)',
    ],
  ])('refuses %s', async (_, options, message) => {
    const before = snapshot(tree);
    await expect(dotnetAppGenerator(tree, { project: 'api', skipFormat: true, ...options })).rejects.toThrow(
      message,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it('refuses a Program.cs that builds no web host', async () => {
    tree.write(`${root}/Program.cs`, 'System.Console.WriteLine("no host");\n');
    const before = snapshot(tree);
    await expect(dotnetAppGenerator(tree, { project: 'api', skipFormat: true })).rejects.toThrow(
      'Invalid --project "api": expected an app whose apps/api/Program.cs builds a web host',
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it('refuses an appsettings.json that is not JSON, naming the file', async () => {
    tree.write(`${root}/appsettings.json`, '{ "Logging": ');
    const before = snapshot(tree);
    await expect(dotnetAppGenerator(tree, { project: 'api', skipFormat: true })).rejects.toThrow(
      'expected a project whose apps/api/appsettings.json is JSON with comments',
    );
    expect(snapshot(tree)).toEqual(before);
  });
});

describe("dotnet-app generator and the stack's desired state", () => {
  it('registers its Sentry project, with the repository given, in every stack of the workspace', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'sentry-infra', { root: 'infra/sentry' });
    writeBootstrapState(tree, 'infra/sentry', defaultBootstrapState('acme', 'acme'));
    addFixture(tree, 'minimal-api');
    await dotnetAppGenerator(tree, { project: 'api', dsn, repository: 'acme/platform', skipFormat: true });
    const state = readJson(tree, 'infra/sentry/sentry-bootstrap.json');
    expect(state.projects).toEqual([{ slug: 'api', name: 'api', platform: 'dotnet-aspnetcore' }]);
    expect(state.github.repositories).toEqual(['acme/platform']);
    // The SDK sends file names relative to the project's folder (its Sentry.ProjectDirectory attribute).
    expect(state.github.codeMappings).toEqual([
      {
        project: 'api',
        repository: 'acme/platform',
        stackRoot: '',
        sourceRoot: 'apps/api/',
        defaultBranch: 'main',
      },
    ]);
  });

  it('refuses a --repository that is not owner/name before writing', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addFixture(tree, 'minimal-api');
    await expect(
      dotnetAppGenerator(tree, {
        project: 'api',
        dsn,
        repository: 'https://github.com/acme',
        skipFormat: true,
      }),
    ).rejects.toThrow(
      'Invalid --repository "https://github.com/acme": expected a GitHub repository as owner/name, or none',
    );
  });
});
