import { CreateNodesContextV2, createNodesFromFiles, CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { shellCommand } from './utils/shell-quote';

export interface SentryPluginOptions {
  /** Name of the inferred `kubectl apply -k` target. */
  deployTargetName?: string;
  /** Name of the inferred `kubectl diff -k` target. */
  diffTargetName?: string;
  /** The kubectl to call, split into words, e.g. ["microk8s", "kubectl"] on the MicroK8s host. */
  kubectl?: string[];
}

type Manifest = { kind?: string; metadata?: { name?: string } };

/** The objects of a folder's own manifest files. */
function manifestsOf(root: string, resources: unknown): Manifest[] {
  const files = Array.isArray(resources)
    ? resources.filter((entry): entry is string => typeof entry === 'string')
    : [];
  return files
    .map((file) => join(root, file))
    .filter((path) => path.endsWith('.yaml') && existsSync(path))
    .flatMap((path) =>
      parseAllDocuments(readFileSync(path, 'utf-8')).map((document) => document.toJS() as Manifest),
    );
}

/** Workloads whose rollout the deploy target waits for. */
const rolloutsOf = (manifests: Manifest[]) =>
  manifests
    .filter((manifest) => manifest?.kind === 'Deployment' || manifest?.kind === 'StatefulSet')
    .map((manifest) => `${manifest.kind?.toLowerCase()}/${manifest.metadata?.name}`);

function targetsFor(file: string, options: SentryPluginOptions, context: CreateNodesContextV2) {
  const root = dirname(file);
  const absoluteRoot = join(context.workspaceRoot, root);
  // Only folders that are projects already (project.json beside the kustomization), so no phantom projects.
  if (!existsSync(join(absoluteRoot, 'project.json'))) return {};
  const kustomization = parse(readFileSync(join(context.workspaceRoot, file), 'utf-8')) as {
    kind?: string;
    namespace?: string;
    resources?: unknown;
  };
  // A Kustomize Component is not deployable by itself; the Kustomizations that include it are.
  if (kustomization?.kind && kustomization.kind !== 'Kustomization') return {};

  const kubectl = options.kubectl ?? ['kubectl'];
  const namespace = kustomization.namespace ? ['--namespace', kustomization.namespace] : [];
  const manifests = manifestsOf(absoluteRoot, kustomization.resources);
  const rollouts = rolloutsOf(manifests).map((workload) =>
    shellCommand([...kubectl, 'rollout', 'status', workload, ...namespace, '--timeout=15m']),
  );
  // Jobs are run (in order, by the operations scripts), not deployed: their pod templates are immutable, so
  // re-applying a changed one fails, and applying several at once would race their order.
  const holdsJobs = manifests.some((manifest) => manifest?.kind === 'Job');
  const metadata = (description: string) => ({ technologies: ['kubernetes'], description });
  const deploy: TargetConfiguration = {
    executor: 'nx:run-commands',
    cache: false,
    options: {
      cwd: root,
      parallel: false,
      commands: [shellCommand([...kubectl, 'apply', '-k', '.']), ...rollouts],
    },
    metadata: metadata('Apply this folder with kubectl apply -k and wait for its rollouts'),
  };
  const diff: TargetConfiguration = {
    executor: 'nx:run-commands',
    cache: false,
    // kubectl diff exits 1 when there are differences: that is an answer, not a failure.
    options: { cwd: root, command: `${shellCommand([...kubectl, 'diff', '-k', '.'])} || [ $? -eq 1 ]` },
    metadata: metadata('Show what kubectl apply -k would change in the cluster'),
  };
  return {
    projects: {
      [root]: {
        targets: {
          ...(holdsJobs ? {} : { [options.deployTargetName ?? 'deploy']: deploy }),
          [options.diffTargetName ?? 'diff']: diff,
        },
      },
    },
  };
}

/**
 * Every folder holding a kustomization.yaml and a project.json gets `deploy` and `diff` targets, so
 * `nx affected -t deploy` applies exactly the folders a change touched. Nx 21 calls `createNodesV2`;
 * Nx 22 calls `createNodes` with the same signature; both names point at one implementation.
 */
export const createNodes: CreateNodesV2<SentryPluginOptions> = [
  '**/kustomization.yaml',
  (files, options, context) =>
    createNodesFromFiles((file, opts, ctx) => targetsFor(file, opts ?? {}, ctx), files, options, context),
];

export const createNodesV2 = createNodes;
