import { formatFiles, joinPathFragments, logger, Tree } from '@nx/devkit';
import { escapeMarkdown, upsertMarkedSection } from '../../../edit/markdown-section';
import { applyTextEdits } from '../../../edit/text-edit';
import { descendantElements, parseXmlElements } from '../../../edit/xml-located';
import { OptionError } from '../../../utils/option-error';
import { sentryDotnetVersion } from '../../../versions';
import { appSettingsEdits, sentrySinksInSettings } from './appsettings';
import { deploymentEnvEdit, deploymentEnvSnippet, isHelmTemplate } from './deployment-env';
import { addPublishTarget } from './publish-target';
import { shipPublishInDockerfile } from './dockerfile';
import { readDotnetProject } from './dotnet-project';
import { registerSentryProject } from '../../../bootstrap-state/register-project';
import type { NormalizedDotnetAppOptions } from './normalize-options';
import { packageEdits } from './package-references';
import { wireProgram } from './program-cs';
import { releaseAndSymbolsEdits } from './release-and-symbols';
import { credentialsCommand, credentialsScript, credentialsScriptName } from './sentry-credentials';

interface FileWrite {
  path: string;
  text: string;
  mode?: string;
}

/** The README section this generator owns: rewritten in place by every run, never added twice. */
const readmeSectionId = '@fundamental/sentry:dotnet-app deployment';

/** Sentry.Profiling 6.x is built for net8.0 and newer only. */
const profilingMinimumNet = 8;

/**
 * Sentry in an ASP.NET Core project: every file is read and every edit decided (and refused, with the
 * option named) before the first write, so a refused run leaves the workspace as it was.
 */
export async function wireDotnetApp(tree: Tree, options: NormalizedDotnetAppOptions): Promise<void> {
  const project = await readDotnetProject(tree, options.project);

  const profilingSupported =
    project.netMajors.length > 0 && project.netMajors.every((major) => major >= profilingMinimumNet);
  if (options.profiling && !profilingSupported)
    throw new OptionError(
      'profiling',
      true,
      `a project that targets only net${profilingMinimumNet}.0 or newer, as Sentry.Profiling ${sentryDotnetVersion} does (${project.csproj.path})`,
    );
  const profiling = options.profiling ?? profilingSupported;

  const manifestText =
    options.deploymentManifest === undefined ? undefined : tree.read(options.deploymentManifest, 'utf-8');
  if (options.deploymentManifest !== undefined && manifestText === null)
    throw new OptionError(
      'deploymentManifest',
      options.deploymentManifest,
      'an existing file of the workspace (for a Deployment kept elsewhere: --externalDeployment)',
    );
  const helmTemplate = manifestText ? isHelmTemplate(manifestText) : false;
  const deployment =
    options.deploymentManifest && manifestText && !helmTemplate
      ? deploymentEnvEdit(options.deploymentManifest, manifestText, options)
      : undefined;
  const namespace = options.namespace ?? deployment?.namespace ?? 'default';
  const snippet =
    helmTemplate || options.externalDeployment
      ? deploymentEnvSnippet({
          template: helmTemplate ? options.deploymentManifest : undefined,
          namespace,
        })
      : undefined;
  const readmePath = joinPathFragments(project.root, 'README.md');

  // --serilog=false leaves Serilog alone, its settings included.
  const settingsSinks =
    options.serilog === false ? [] : sentrySinksInSettings(tree, project.root, project.name);
  const program = await wireProgram(project.programPath, tree.read(project.programPath, 'utf-8') ?? '', {
    project: project.name,
    profiling,
    serilog: options.serilog,
    serilogReferenced: [...project.buildProps, project.csproj]
      .flatMap((file) => descendantElements(file.root, 'PackageReference'))
      .some((reference) => (reference.attributes['Include'] ?? '').toLowerCase().startsWith('serilog')),
    implicitUsings: project.implicitUsings,
    sinkInSettings: settingsSinks.length > 0,
  });
  const packages = [
    'Sentry.AspNetCore',
    ...(profiling ? ['Sentry.Profiling'] : []),
    ...(program.serilog ? ['Sentry.Serilog'] : []),
  ];
  const references = packageEdits(
    project.csproj,
    project.buildProps,
    project.centralPackages,
    packages,
    sentryDotnetVersion,
  );
  // The property groups are planned on the csproj as its references leave it: a reference taken out may be
  // the last element, where they are appended.
  const referencedText = applyTextEdits(project.csproj.text, references.csproj);
  const referenced = { ...project.csproj, text: referencedText, root: parseXmlElements(referencedText) };

  const settingsWrites = appSettingsEdits(tree, project.root, options, profiling, settingsSinks);
  const writes: FileWrite[] = [
    { path: project.programPath, text: program.text },
    {
      path: project.csproj.path,
      text: applyTextEdits(referencedText, releaseAndSymbolsEdits(referenced, project.buildProps)),
    },
    ...references.files,
    ...(options.deploymentManifest && deployment
      ? [{ path: options.deploymentManifest, text: deployment.text }]
      : []),
    ...(snippet
      ? [
          {
            path: readmePath,
            text: upsertMarkedSection(
              tree.read(readmePath, 'utf-8'),
              readmeSectionId,
              snippet.readme,
              `# ${escapeMarkdown(project.name)}`,
            ),
          },
        ]
      : []),
    {
      path: joinPathFragments(project.root, credentialsScriptName),
      text: credentialsScript(namespace, project.name),
      mode: '755',
    },
  ];
  for (const { path, text, mode } of writes)
    if (tree.read(path, 'utf-8') !== text) tree.write(path, text, mode ? { mode } : undefined);
  const publish = addPublishTarget(tree, project.name, project.csproj.path);
  const dockerfile = shipPublishInDockerfile(tree, project, publish.output);
  if (dockerfile.write) tree.write(dockerfile.write.path, dockerfile.write.text);
  const { sentryProject } = options;
  registerSentryProject(tree, {
    project: { slug: sentryProject, name: sentryProject, platform: 'dotnet-aspnetcore' },
    github: options.github,
    frameRoot: project.root,
  });

  if (!options.skipFormat) await formatFiles(tree);
  // After formatting: prettier would re-indent the appsettings files to its own width; the JSONC edits keep
  // each file's indentation, line endings and final newline.
  for (const { path, text } of settingsWrites) if (tree.read(path, 'utf-8') !== text) tree.write(path, text);
  logger.info(
    [
      `Sentry wired into ${project.name}: ${packages.join(', ')} ${sentryDotnetVersion}${profiling ? ', profiling' : ''}${program.serilog ? ', Serilog sink' : ''}.`,
      ...program.notes,
      ...references.notes,
      ...(deployment?.notes ?? []),
      ...(snippet ? [snippet.note] : []),
      ...(publish.note ? [publish.note] : []),
      ...dockerfile.notes,
      ...(options.dsn
        ? []
        : ['No DSN known yet: the SDK stays off until Sentry__Dsn (or Sentry:Dsn) is set.']),
      `Create the Secret the cluster reads the DSN from (namespace ${namespace}):`,
      `  ${credentialsCommand(project.root, options.dsn?.value)}`,
    ].join('\n'),
  );
  for (const warning of dockerfile.warnings) logger.warn(warning);
}
