import { Document, isMap, isSeq, YAMLMap, YAMLSeq } from 'yaml';
import { editYamlDocuments, YamlSyntaxError } from '../../../edit/yaml-documents';
import { OptionError } from '../../../utils/option-error';
import { credentialsSecret } from './sentry-credentials';

/** The environment variable ASP.NET Core configuration binds to Sentry:Dsn. */
const dsnVariable = 'Sentry__Dsn';

const dsnFromSecret = {
  name: dsnVariable,
  valueFrom: { secretKeyRef: { name: credentialsSecret.name, key: credentialsSecret.key } },
};

export interface DeploymentEdit {
  text: string;
  notes: string[];
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
  if (entry.has('valueFrom')) {
    if (JSON.stringify(entry.toJSON()) !== JSON.stringify(dsnFromSecret))
      notes.push(`${where}: ${dsnVariable} already comes from elsewhere (valueFrom); left as it is.`);
    return false;
  }
  env.items[index] = document.createNode(dsnFromSecret);
  notes.push(`${where}: a literal ${dsnVariable} was replaced by the Secret ${credentialsSecret.name}.`);
  return true;
}

/**
 * Sentry__Dsn from the Secret in every container of every Deployment in the manifest. The Secret must live
 * in the Deployment's namespace, so a Deployment in another namespace than --namespace is refused.
 */
export function deploymentEnvEdit(path: string, text: string, namespace: string): DeploymentEdit {
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
      if (declared !== undefined && declared !== namespace)
        throw new OptionError(
          'namespace',
          namespace,
          `the namespace of ${where} (${declared}), where the Secret must be`,
        );
      const containers = document.getIn(['spec', 'template', 'spec', 'containers'], true);
      if (!isSeq(containers) || containers.items.length === 0)
        throw new YamlSyntaxError(`${where} has no spec.template.spec.containers`);
      let changed = false;
      for (const container of containers.items) {
        if (!isMap(container)) throw new YamlSyntaxError(`${where}: a container is not a mapping`);
        changed =
          wireContainer(
            document,
            container,
            `${where} container ${container.get('name') ?? ''}`.trim(),
            notes,
          ) || changed;
      }
      return changed;
    });
    if (deployments === 0) throw new YamlSyntaxError('no Deployment in it');
    return { text: edited, notes };
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    throw new OptionError(
      'deploymentManifest',
      path,
      `a Kubernetes manifest with a Deployment (${error.message})`,
    );
  }
}
