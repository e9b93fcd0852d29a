import { formatFiles, GeneratorCallback, logger, runTasksInSerial, Tree } from '@nx/devkit';
import { initGenerator } from '../init/init';
import { configuredTargetNames } from '../init/lib/register-plugin';
import { dotnetSetup } from './lib/dotnet-setup';
import { installCommandOf } from './lib/install-command';
import { normalizeOptions } from './lib/normalize-options';
import { updateWorkflow } from './lib/update-workflow';
import { workflowPlan } from './lib/workflow-plan';
import type { CiGeneratorSchema } from './schema';

export async function ciGenerator(
  tree: Tree,
  rawOptions: CiGeneratorSchema = {},
): Promise<GeneratorCallback> {
  const normalized = normalizeOptions(rawOptions);
  // The deploy step runs the inferred targets: without the plugin registered it would deploy nothing.
  const install = await initGenerator(tree, { skipFormat: true });
  const options = {
    ...normalized,
    dotnet: await dotnetSetup(tree),
    deployTarget: configuredTargetNames(tree).deploy,
    installCommand: installCommandOf(tree, normalized.workflowPath),
  };
  const { workflowPath } = options;
  const existing = tree.exists(workflowPath) ? (tree.read(workflowPath, 'utf-8') ?? '') : undefined;
  const plan = workflowPlan(options);
  const workflow = updateWorkflow(existing, plan, workflowPath);
  // An unchanged workflow stays out of the tree's changes, and so out of formatting.
  if (workflow !== existing) tree.write(workflowPath, workflow);

  if (!options.skipFormat) await formatFiles(tree);
  logger.info(
    `${workflowPath}: jobs ${plan.jobs.map((job) => job.id).join(' and ')}; the comment above each job lists the secrets it needs.`,
  );
  return runTasksInSerial(install);
}

export default ciGenerator;
