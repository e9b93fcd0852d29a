import { parseAllDocuments } from 'yaml';
import { installJobs } from '../stack/catalogue/install-jobs';
import { selectComponents } from '../stack/catalogue';
import { renderConfigBundles } from '../stack/config';
import { releases, type Release } from '../stack/releases';
import type { KubernetesObject } from '../stack/render/kubernetes-object';
import { stackFolders, type StackFolder } from '../stack/render/stack-layout';
import type { StackSettings } from '../stack/settings';
import { seedStackSettings } from './seed-stack-settings';

/** The stack folders the infra generator writes for these settings (the seed's by default) and release. */
export function renderSeedStack(
  settings: StackSettings = seedStackSettings,
  release: Release = releases[settings.sentryVersion],
): StackFolder[] {
  return stackFolders({
    settings,
    release,
    components: selectComponents(settings, release),
    installJobs: installJobs(settings, release),
    configFiles: renderConfigBundles(settings, release),
    ingressControllerNamespace: 'ingress',
  });
}

/** The objects of one rendered folder's manifests.yaml, parsed back from the YAML text (as kubectl reads it). */
export function manifestsOf(folders: StackFolder[], path: string): KubernetesObject[] {
  const folder = folders.find((candidate) => candidate.path === path);
  if (!folder) throw new Error(`no rendered folder ${path}`);
  return parseAllDocuments(folder.files['manifests.yaml'], { version: '1.1' }).map(
    (document) => document.toJS() as KubernetesObject,
  );
}
