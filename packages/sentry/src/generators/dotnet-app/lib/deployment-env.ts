import { Document, isMap, isSeq, stringify, YAMLMap, YAMLSeq } from 'yaml';
import { markdownCode, markdownFence } from '../../../edit/markdown-section';
import { editYamlDocuments, YamlSyntaxError } from '../../../edit/yaml-documents';
import { OptionError } from '../../../utils/option-error';
import { credentialsSecret } from './sentry-credentials';

/** The environment variable ASP.NET Core configuration binds to Sentry:Dsn. */
const dsnVariable = 'Sentry__Dsn';

/**
 * `optional`: the DSN is in appsettings too, so until create-sentry-credentials.sh has run in a namespace the
 * pod starts without it instead of failing with CreateContainerConfigError (Kubernetes API
 * core/v1 SecretKeySelector.optional).
 */
const dsnFromSecret = {
  name: dsnVariable,
  valueFrom: { secretKeyRef: { name: credentialsSecret.name, key: credentialsSecret.key, optional: true } },
};
/** What versions before `optional` wrote, into every container: ours to rewrite or take back. */
const earlierDsnFromSecret = {
  name: dsnVariable,
  valueFrom: { secretKeyRef: { name: credentialsSecret.name, key: credentialsSecret.key } },
};
const sameJson = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);

export interface DeploymentEdit {
  text: string;
  notes: string[];
  /** The Deployments' namespace: --namespace, or the one they declare when it is not given. */
  namespace?: string;
}

/** Each container's env gets Sentry__Dsn from the Secret; a literal Sentry__Dsn is replaced, a user's valueFrom kept. */
function wireContainer(document: Document, container: YAMLMap, where: string, notes: string[]): boolean {
  const env = container.get('env', true);
  if (env === undefined || env === null) {
    container.set('env', document.createNode([dsnFromSecret]));
    return true;
  }
  if (!isSeq(env)) throw new YamlSyntaxError(`${where}: env is not a list`);
  const index = (env as YAMLSeq).items.findIndex((item) => isMap(item) && item.get('name') === dsnVariable);
  if (index < 0) {
    env.add(document.createNode(dsnFromSecret));
    return true;
  }
  const entry = env.items[index] as YAMLMap;
  if (sameJson(entry.toJSON(), earlierDsnFromSecret)) {
    env.items[index] = document.createNode(dsnFromSecret);
    return true;
  }
  if (entry.has('valueFrom')) {
    if (!sameJson(entry.toJSON(), dsnFromSecret))
      notes.push(`${where}: ${dsnVariable} already comes from elsewhere (valueFrom); left as it is.`);
    return false;
  }
  env.items[index] = document.createNode(dsnFromSecret);
  notes.push(`${where}: a literal ${dsnVariable} was replaced by the Secret ${credentialsSecret.name}.`);
  return true;
}

/** Takes back the reference an earlier version added to a container that does not run the app. */
function unwireContainer(container: YAMLMap): boolean {
  const env = container.get('env', true);
  if (!isSeq(env)) return false;
  const index = env.items.findIndex((item) => isMap(item) && sameJson(item.toJSON(), earlierDsnFromSecret));
  if (index < 0) return false;
  env.items.splice(index, 1);
  return true;
}

/** The container that runs the app: --container, else the only one, else the one named like the Deployment or project. */
function appContainerName(
  names: string[],
  wanted: { container?: string; deployment?: string; project: string },
  where: string,
): string {
  const expected = `the name of the container that runs ${wanted.project} in ${where} (one of: ${names.join(', ')})`;
  if (wanted.container !== undefined) {
    if (!names.includes(wanted.container)) throw new OptionError('container', wanted.container, expected);
    return wanted.container;
  }
  if (names.length === 1) return names[0];
  const named =
    names.find((name) => name === wanted.deployment) ?? names.find((name) => name === wanted.project);
  if (named === undefined) throw new OptionError('container', '(not given)', expected);
  return named;
}

/**
 * Sentry__Dsn from the Secret in the container that runs the app, in every Deployment of the manifest. The
 * Secret must live in the Deployment's namespace, so a Deployment in another namespace than --namespace is
 * refused; without --namespace the one the Deployments declare is taken. Sidecars get nothing: they do not
 * run the SDK.
 */
export function deploymentEnvEdit(
  path: string,
  text: string,
  { namespace, project, container }: { namespace?: string; project: string; container?: string },
): DeploymentEdit {
  let resolvedNamespace = namespace;
  const notes: string[] = [];
  let deployments = 0;
  try {
    const edited = editYamlDocuments(text, (document) => {
      const manifest = document.toJS() as {
        kind?: string;
        metadata?: { name?: string; namespace?: string };
      } | null;
      if (manifest?.kind !== 'Deployment') return false;
      deployments++;
      const where = `${path} Deployment ${manifest.metadata?.name ?? ''}`.trim();
      const declared = manifest.metadata?.namespace;
      if (declared !== undefined && resolvedNamespace !== undefined && declared !== resolvedNamespace)
        throw new OptionError(
          'namespace',
          namespace,
          namespace === undefined
            ? `one namespace for the Deployments of ${path} (${resolvedNamespace}, ${declared}), where the Secret must be`
            : `the namespace of ${where} (${declared}), where the Secret must be`,
        );
      resolvedNamespace ??= declared;
      const containers = document.getIn(['spec', 'template', 'spec', 'containers'], true);
      if (!isSeq(containers) || containers.items.length === 0)
        throw new YamlSyntaxError(`${where} has no spec.template.spec.containers`);
      const items = containers.items.map((item) => {
        if (!isMap(item)) throw new YamlSyntaxError(`${where}: a container is not a mapping`);
        return item;
      });
      const names = items.map((item) => String(item.get('name') ?? ''));
      const app = appContainerName(names, { container, deployment: manifest.metadata?.name, project }, where);
      let changed = false;
      for (const [index, item] of items.entries())
        changed =
          (names[index] === app
            ? wireContainer(document, item, `${where} container ${app}`, notes)
            : unwireContainer(item)) || changed;
      return changed;
    });
    if (deployments === 0) throw new YamlSyntaxError('no Deployment in it');
    return { text: edited, notes, namespace: resolvedNamespace };
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    throw new OptionError(
      'deploymentManifest',
      path,
      `a Kubernetes manifest with a Deployment (${error.message})`,
    );
  }
}

/** Helm renders `{{ … }}` before Kubernetes sees the file: the template is not the manifest, and not ours to edit. */
export const isHelmTemplate = (text: string): boolean => text.includes('{{');

export interface DeploymentSnippet {
  /** What the run prints: why nothing was edited, and the env entry. */
  note: string;
  /** The project README's section (Markdown). */
  readme: string;
}

/**
 * The SDK takes Sentry:Release, then SENTRY_RELEASE from the environment, and only then the assembly's
 * informational version, the release CI compiled in (getsentry/sentry-dotnet src/Sentry/Internal/
 * ReleaseLocator.cs, 5.x–6.x), so a fixed value in chart values (`app@dev`) would report a release no symbols belong to.
 */
const releaseWarning = (code: (text: string) => string) =>
  `Leave ${code('SENTRY_RELEASE')} and ${code('Sentry__Release')} out of the chart values: the release is compiled ` +
  'into the binaries the publish target builds in CI, the ones whose symbols are uploaded, and an environment ' +
  'value would replace it.';

/**
 * What a Deployment this generator cannot edit needs, said instead of written: the same Sentry__Dsn entry the
 * manifest edit adds, serialised by the yaml library, and the namespace the Secret must be in. `template`: the
 * Helm template given as --deploymentManifest; without it the Deployment is outside the workspace.
 */
export function deploymentEnvSnippet({
  template,
  namespace,
}: {
  template?: string;
  namespace: string;
}): DeploymentSnippet {
  const yaml = stringify({ env: [dsnFromSecret] });
  /** Why nothing was edited, the path written by `code` (as it is for the log, a code span for Markdown). */
  const why = (code: (text: string) => string) =>
    template === undefined
      ? 'The Deployment is kept outside this workspace'
      : `${code(template)} is a Helm template`;
  return {
    note: [
      `${why((text) => text)}, so it was not edited. Give the container that runs the app this env entry (in the ` +
        `template, or the chart values that feed it), in the namespace ${namespace}, where ` +
        `create-sentry-credentials.sh sets the Secret ${credentialsSecret.name} (also in the project's README.md):`,
      ...yaml
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`),
      releaseWarning((text) => text),
    ].join('\n'),
    readme: [
      '## Sentry DSN in the Deployment',
      '',
      `${why(markdownCode)}, so the generator did not edit it. ` +
        `The container that runs the app needs this entry in its env (in the template, or in the chart values that ` +
        `feed it), in the namespace ${markdownCode(namespace)}, where ${markdownCode('create-sentry-credentials.sh')} ` +
        `sets the Secret ${markdownCode(credentialsSecret.name)}:`,
      '',
      markdownFence('yaml', yaml),
      '',
      `${markdownCode('optional: true')} lets pods start before the Secret exists; the SDK then takes the DSN from ` +
        'appsettings.json.',
      '',
      releaseWarning(markdownCode),
    ].join('\n'),
  };
}
