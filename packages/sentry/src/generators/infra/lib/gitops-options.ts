import { OptionError } from '../../../utils/option-error';
import {
  assertDnsLabel,
  assertGitRepoUrl,
  assertGitRevision,
  assertRelativeDirectory,
} from '../../../utils/validators';
import type { InfraGeneratorSchema } from '../schema';

/** Where Argo CD reads the stack from, and where its Application lives (`--gitops=argocd`). */
export interface ArgoCdSettings {
  repoUrl: string;
  revision: string;
  /** The stack's folder in that repository: its root kustomization is what Argo CD syncs. */
  path: string;
  namespace: string;
  project: string;
}

const argoOnlyOptions = [
  'gitopsRepoUrl',
  'gitopsRevision',
  'gitopsPath',
  'argocdNamespace',
  'argocdProject',
] as const;

/** The Argo CD settings of `--gitops=argocd`; undefined with `--gitops=none` (the folders are applied by the scripts). */
export function gitopsOf(options: InfraGeneratorSchema, directory: string): ArgoCdSettings | undefined {
  const mode = options.gitops ?? 'none';
  if (mode !== 'none' && mode !== 'argocd') throw new OptionError('gitops', mode, '"none" or "argocd"');
  if (mode === 'none') {
    const stray = argoOnlyOptions.find((name) => options[name] !== undefined);
    if (stray)
      throw new OptionError('gitops', mode, `"argocd" when --${stray} is given (it only applies to Argo CD)`);
    return undefined;
  }
  if (options.gitopsRepoUrl === undefined)
    throw new OptionError(
      'gitopsRepoUrl',
      undefined,
      'with --gitops=argocd, the Git repository Argo CD reads the stack from, e.g. https://github.com/acme/platform.git',
    );
  return {
    repoUrl: assertGitRepoUrl('gitopsRepoUrl', options.gitopsRepoUrl),
    revision: assertGitRevision('gitopsRevision', options.gitopsRevision ?? 'HEAD'),
    path: assertRelativeDirectory('gitopsPath', options.gitopsPath ?? directory),
    namespace: assertDnsLabel('argocdNamespace', options.argocdNamespace ?? 'argocd'),
    project: assertDnsLabel('argocdProject', options.argocdProject ?? 'default'),
  };
}
