import { formatFiles, GeneratorCallback, logger, runTasksInSerial, Tree } from '@nx/devkit';
import { initGenerator } from '../init/init';
import { configuredTargetNames } from '../init/lib/register-plugin';
import { dotnetSetup } from './lib/dotnet-setup';
import { imageTagsScriptPath } from './lib/gitops-steps';
import { writeImageTagsScript } from './lib/image-tags-script';
import { installCommandOf } from './lib/install-command';
import { addKarmaCiConfigurations } from './lib/karma-ci';
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
    karma: addKarmaCiConfigurations(tree),
    deployTarget: configuredTargetNames(tree).deploy,
    installCommand: installCommandOf(tree, normalized.workflowPath),
  };
  const { workflowPath } = options;
  const existing = tree.exists(workflowPath) ? (tree.read(workflowPath, 'utf-8') ?? '') : undefined;
  const plan = workflowPlan(options);
  const workflow = updateWorkflow(existing, plan, workflowPath);
  // An unchanged workflow stays out of the tree's changes, and so out of formatting.
  if (workflow !== existing) tree.write(workflowPath, workflow);

  const { gitops } = options;
  if (gitops && options.parts.deploy) {
    writeImageTagsScript(tree);
    if (gitops.bump === 'dispatch')
      logger.info(
        `${gitops.repository} needs a workflow on repository_dispatch "image-tags" that runs ${imageTagsScriptPath} bump: see the README, "Adopting in a GitOps setup".`,
      );
  }

  if (!options.skipFormat) await formatFiles(tree);
  logger.info(
    `${workflowPath}: jobs ${plan.jobs.map((job) => job.id).join(' and ')}; the comment above each job lists the secrets it needs.`,
  );
  return runTasksInSerial(install);
}

export default ciGenerator;
