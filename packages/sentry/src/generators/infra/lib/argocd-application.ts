import { joinPathFragments, type Tree } from '@nx/devkit';
import type { KubernetesObject } from '../../../stack/render/kubernetes-object';
import { partOf } from '../../../stack/render/labels';
import { toYamlDocuments } from '../../../stack/render/yaml-documents';
import type { ArgoCdSettings } from './gitops-options';

/** Beside the stack, outside the root kustomization Argo CD syncs: applied once, by setup.sh or an app-of-apps. */
export const applicationFile = 'argocd/application.yaml';

/**
 * Automated sync with prune and self-heal (argoproj/argo-cd docs/user-guide/auto_sync.md@v3.1.0). PruneLast: the
 * ConfigMaps Kustomize generates change name with their content and sit in wave 0, where their prune would run
 * (argoproj/gitops-engine pkg/sync/sync_context.go@0186dfcd); deleted before the install hooks and the workloads'
 * rollout, a pod of the old ReplicaSet started in between could not mount them.
 */
export const syncPolicy = {
  automated: { prune: true, selfHeal: true },
  syncOptions: ['ServerSideApply=true', 'CreateNamespace=true', 'PruneLast=true'],
};

/**
 * The Argo CD Application that syncs the stack's root kustomization into its namespace. Sync options as
 * argoproj/argo-cd docs/user-guide/sync-options.md@v3.1.0 names them. No resources-finalizer: deleting the Application
 * leaves the stack running rather than cascading into it (the claims and the Namespace would be kept anyway,
 * render/sync-waves.ts). The Secrets setup.sh creates are not in Git and carry no Argo CD tracking label or
 * annotation, so Argo CD never counts them as its own and never prunes them.
 */
export function argocdApplication(name: string, namespace: string, gitops: ArgoCdSettings): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: gitops.namespace, labels: { 'app.kubernetes.io/part-of': partOf } },
    spec: {
      project: gitops.project,
      source: { repoURL: gitops.repoUrl, targetRevision: gitops.revision, path: gitops.path },
      destination: { server: 'https://kubernetes.default.svc', namespace },
      syncPolicy,
    },
  };
}

/** Writes the Application with `--gitops=argocd`, and removes the one of an earlier run without it. */
export function writeApplication(
  tree: Tree,
  directory: string,
  name: string,
  namespace: string,
  gitops: ArgoCdSettings | undefined,
): void {
  const path = joinPathFragments(directory, applicationFile);
  if (gitops) tree.write(path, toYamlDocuments([argocdApplication(name, namespace, gitops)]));
  else if (tree.exists(path)) tree.delete(path);
}
