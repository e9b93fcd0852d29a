import {
  formatFiles,
  GeneratorCallback,
  generateFiles,
  logger,
  readJson,
  runTasksInSerial,
  Tree,
} from '@nx/devkit';
import { initGenerator } from '../init/init';
import { pluginEntry } from '../init/lib/register-plugin';
import { join } from 'node:path';
import { selectComponents } from '../../stack/catalogue';
import { installJobs } from '../../stack/catalogue/install-jobs';
import { defaultBootstrapState, writeBootstrapState } from '../../bootstrap-state/desired-state';
import { renderConfigBundles } from '../../stack/config';
import { releases } from '../../stack/releases';
import { rootFiles, stackFolders } from '../../stack/render/stack-layout';
import { imagesFile, stackImages } from '../../stack/render/stack-images';
import { labelSelector } from '../../stack/render/labels';
import { mountsSentryData } from '../../stack/render/pod-spec';
import { secretEnv } from '../../stack/secret-env';
import { secretNames } from '../../stack/settings';
import { ansibleFiles } from './lib/ansible-files';
import { writeApplication } from './lib/argocd-application';
import { normalizeOptions } from './lib/normalize-options';
import { operationsEnv } from './lib/operations-env';
import { writeOperations } from './lib/write-operations';
import { storeOptions, withStoredOptions } from './lib/stored-options';
import { assertRelativeDirectory } from '../../utils/validators';
import { formatMemory, sizingOf, sizingTable } from './lib/sizing';
import { assertProjectNamesFree, infraProjectName, writeStack } from './lib/write-stack';
import type { InfraGeneratorSchema } from './schema';

export async function infraGenerator(
  tree: Tree,
  rawOptions: InfraGeneratorSchema,
): Promise<GeneratorCallback> {
  const stackDirectory = assertRelativeDirectory('directory', rawOptions.directory ?? 'infra/sentry');
  const givenOptions = withStoredOptions(tree, rawOptions, stackDirectory);
  const workspaceName = tree.exists('package.json') ? readJson(tree, 'package.json').name : undefined;
  const options = normalizeOptions({ ...givenOptions, directory: stackDirectory }, workspaceName ?? '');
  const { settings, directory, projectPrefix } = options;
  const release = releases[settings.sentryVersion];
  const components = selectComponents(settings, release);
  const jobs = installJobs(settings, release);
  const configFiles = renderConfigBundles(settings, release);

  const folders = stackFolders({
    settings,
    release,
    components,
    installJobs: jobs,
    configFiles,
    ingressControllerNamespace: options.ingressControllerNamespace,
    clientNamespaces: options.clientNamespaces,
    gitops: options.gitops !== undefined,
  });
  assertProjectNamesFree(tree, directory, projectPrefix, folders);
  // The folders' deploy and diff targets are the plugin's; where the workspace adds no inference plugins,
  // project.json holds them instead, so `nx affected -t deploy` never finds nothing to run.
  const install = await initGenerator(tree, { skipFormat: true });
  writeStack(
    tree,
    directory,
    projectPrefix,
    folders,
    rootFiles(folders, settings.namespace, options.gitops !== undefined),
    !pluginEntry(tree),
  );

  const sizing = sizingOf(components, settings.replicas);
  generateFiles(tree, join(__dirname, 'files'), directory, {
    version: release.version,
    domain: settings.domain,
    namespace: settings.namespace,
    profile: settings.profile,
    prefix: projectPrefix,
    adminEmail: settings.adminEmail,
    components,
    componentCount: sizing.rows.length,
    sizingTable: sizingTable(sizing),
    tlsDescription:
      settings.tls.mode === 'secret'
        ? `from the existing Secret \`${settings.tls.secretName}\``
        : `from cert-manager (${settings.tls.issuerKind} \`${settings.tls.issuer}\`, which setup's preflight checks exists)`,
    imageRegistry: settings.imageRegistry ?? '',
    nodestorePackageUrl: settings.nodestorePackageUrl ?? '',
    relayInCluster: `http://relay.${settings.namespace}.svc.cluster.local:3000`,
    clientNamespaces: options.clientNamespaces,
    nodeSelector: labelSelector(settings.nodeSelector),
    sentryDataPods: [...components, ...jobs].filter(mountsSentryData).length,
    argocd: options.gitops ?? null,
    coreSecret: secretNames.core,
    relaySecret: secretNames.relay,
    secretKeys: [...new Set([...Object.values(secretEnv), 'admin-password'])]
      .map((key) => `\`${key}\``)
      .join(', '),
  });

  writeOperations(tree, directory, {
    operationsEnv: operationsEnv({
      settings,
      release,
      components,
      installJobs: jobs,
      configFiles,
      sizing,
      infraProject: infraProjectName(projectPrefix),
      directory,
      ...(options.gitops
        ? { argocd: { application: projectPrefix, namespace: options.gitops.namespace } }
        : {}),
    }),
    images: imagesFile(stackImages(settings, release, [...components, ...jobs])),
    ansible: options.ansible
      ? ansibleFiles(release.version, projectPrefix, tree.children(directory))
      : undefined,
  });
  writeApplication(tree, directory, projectPrefix, settings.namespace, options.gitops);
  writeBootstrapState(tree, directory, defaultBootstrapState(options.organization, options.team));
  storeOptions(tree, givenOptions, directory);

  if (!options.skipFormat) await formatFiles(tree);
  logger.info(
    [
      `Sentry ${release.version} (${settings.profile}) written to ${directory}: ${sizing.rows.length} components,`,
      `requests ${sizing.totals.cpuRequest}m CPU / ${formatMemory(sizing.totals.memoryRequest)}, limits ${formatMemory(sizing.totals.memoryLimit)}.`,
      sizingTable(sizing),
      `Render it: kubectl kustomize ${directory}`,
    ].join('\n'),
  );
  return runTasksInSerial(install);
}

export default infraGenerator;
