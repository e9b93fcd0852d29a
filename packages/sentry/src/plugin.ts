import {
  CreateNodesContextV2,
  createNodesFromFiles,
  CreateNodesV2,
  readJsonFile,
  TargetConfiguration,
  writeJsonFile,
} from '@nx/devkit';
// Both exist from Nx 20.1 on (nrwl/nx 20.1.4 packages/devkit/src/utils/calculate-hash-for-create-nodes.ts,
// packages/nx/src/utils/cache-directory.ts, packages/nx/src/devkit-internals.ts) through 22.x.
import { calculateHashForCreateNodes } from '@nx/devkit/src/utils/calculate-hash-for-create-nodes';
import { hashObject } from 'nx/src/devkit-internals';
import { workspaceDataDirectoryForWorkspace } from 'nx/src/utils/cache-directory';
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

export const defaultDeployTargetName = 'deploy';
export const defaultDiffTargetName = 'diff';

type Manifest = { kind?: string; metadata?: { name?: string } };

/** Reads a workspace-relative file, or gives undefined when there is none. */
export type ReadFile = (path: string) => string | undefined;

/** The objects of a folder's own manifest files. */
function manifestsOf(root: string, resources: unknown, read: ReadFile): Manifest[] {
  const files = Array.isArray(resources)
    ? resources.filter((entry): entry is string => typeof entry === 'string')
    : [];
  return files
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => read(join(root, file)))
    .filter((content): content is string => content !== undefined)
    .flatMap((content) => parseAllDocuments(content).map((document) => document.toJS() as Manifest));
}

/** Workloads whose rollout the deploy target waits for. */
const rolloutsOf = (manifests: Manifest[]) =>
  manifests
    .filter((manifest) => manifest?.kind === 'Deployment' || manifest?.kind === 'StatefulSet')
    .map((manifest) => `${manifest.kind?.toLowerCase()}/${manifest.metadata?.name}`);

/**
 * The deploy and diff targets of the kustomization in `root`, or undefined for a Kustomize Component, which
 * is not deployable by itself (the Kustomizations that include it are). The plugin infers these; the infra
 * generator writes the same into project.json where the workspace does not use inference plugins.
 */
export function kustomizationTargets(
  root: string,
  read: ReadFile,
  options: SentryPluginOptions,
): Record<string, TargetConfiguration> | undefined {
  const kustomization = parse(read(join(root, 'kustomization.yaml')) ?? '') as {
    kind?: string;
    namespace?: string;
    resources?: unknown;
  } | null;
  if (kustomization?.kind && kustomization.kind !== 'Kustomization') return undefined;

  const kubectl = options.kubectl ?? ['kubectl'];
  const namespace = kustomization?.namespace ? ['--namespace', kustomization.namespace] : [];
  const manifests = manifestsOf(root, kustomization?.resources, read);
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
    ...(holdsJobs ? {} : { [options.deployTargetName ?? defaultDeployTargetName]: deploy }),
    [options.diffTargetName ?? defaultDiffTargetName]: diff,
  };
}

/** Another version of the plugin may infer other targets from the same files: its cache is another file. */
const pluginVersion: string = readJsonFile(join(__dirname, '..', 'package.json')).version;

/** Targets by the hash of their folder's files and the options: what an earlier graph computation inferred. */
type TargetsCache = Record<string, Record<string, TargetConfiguration> | null>;

function targetsFor(root: string, options: SentryPluginOptions, workspaceRoot: string) {
  // Only folders that are projects already (project.json beside the kustomization), so no phantom projects.
  if (!existsSync(join(workspaceRoot, root, 'project.json'))) return null;
  const read: ReadFile = (path) => {
    const absolute = join(workspaceRoot, path);
    return existsSync(absolute) ? readFileSync(absolute, 'utf-8') : undefined;
  };
  return kustomizationTargets(root, read, options) ?? null;
}

async function cachedTargetsFor(
  file: string,
  options: SentryPluginOptions,
  context: CreateNodesContextV2,
  cache: TargetsCache,
  used: TargetsCache,
) {
  const root = dirname(file);
  const hash = await calculateHashForCreateNodes(root, options, context);
  const targets = hash in cache ? cache[hash] : targetsFor(root, options, context.workspaceRoot);
  used[hash] = targets;
  return targets ? { projects: { [root]: { targets } } } : {};
}

/**
 * Every folder holding a kustomization.yaml and a project.json gets `deploy` and `diff` targets, so
 * `nx affected -t deploy` applies exactly the folders a change touched. Nx loads this on every graph
 * computation, so the manifests of a folder whose files did not change are not parsed again: the targets are
 * kept by hash in the workspace data directory, as nrwl/nx 22.x packages/playwright/src/plugins/plugin.ts does.
 * Nx 21 calls `createNodesV2`; Nx 22 calls `createNodes` with the same signature; both names point at one
 * implementation.
 */
export const createNodes: CreateNodesV2<SentryPluginOptions> = [
  '**/kustomization.yaml',
  async (files, options, context) => {
    const cachePath = join(
      workspaceDataDirectoryForWorkspace(context.workspaceRoot),
      `fundamental-sentry-${hashObject({ options: options ?? {}, pluginVersion })}.hash`,
    );
    const cache: TargetsCache = existsSync(cachePath) ? readJsonFile(cachePath) : {};
    // Only this computation's entries are written back, so hashes of files long changed do not pile up.
    const used: TargetsCache = {};
    try {
      return await createNodesFromFiles(
        (file, opts, ctx) => cachedTargetsFor(file, opts ?? {}, ctx, cache, used),
        files,
        options,
        context,
      );
    } finally {
      // A tree's virtual root (generators' specs) has no folder to keep a cache in; creating one would make a
      // real directory of it that Nx then walks for every later virtual tree.
      if (existsSync(context.workspaceRoot)) writeJsonFile(cachePath, used);
    }
  },
];

export const createNodesV2 = createNodes;
