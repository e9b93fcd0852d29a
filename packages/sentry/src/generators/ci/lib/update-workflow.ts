import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { ExplainedStep, Job, WorkflowPlan } from './workflow-model';
import { ensureTriggers } from './workflow-triggers';
import {
  asComment,
  insertBefore,
  moveLeadingComment,
  pairOf,
  plainValue,
  requireMap,
  workflowToStringOptions,
} from './yaml-nodes';

function stepNode(document: Document, { step, why }: ExplainedStep): YAMLMap {
  const node = document.createNode(step) as YAMLMap;
  if (why) node.commentBefore = asComment(why);
  return node;
}

const stepName = (item: unknown): unknown => (isMap(item) ? item.get('name') : undefined);

/**
 * Our steps are found by name and rewritten only when they differ (an unchanged step keeps its node; its
 * comment is brought up to date); steps of parts turned off go; a missing step goes right after the step that precedes it in
 * the plan. The user's steps keep their places.
 */
function mergeSteps(document: Document, jobNode: YAMLMap, job: Job, ownedStepNames: ReadonlySet<string>) {
  const found: unknown = jobNode.get('steps', true);
  const steps = isSeq(found) ? found : (document.createNode([]) as YAMLSeq);
  if (steps !== found) jobNode.set('steps', steps);
  moveLeadingComment(steps);
  const wanted = new Map(job.steps.map((explained) => [explained.step.name, explained]));

  const merged: unknown[] = [];
  for (const item of steps.items) {
    const name = stepName(item);
    if (typeof name !== 'string' || !ownedStepNames.has(name)) merged.push(item);
    else {
      const explained = wanted.get(name);
      if (!explained) continue;
      if (!isDeepStrictEqual(plainValue(item), explained.step)) merged.push(stepNode(document, explained));
      else {
        // The comment above our step is ours too: it follows what the step now does.
        if (explained.why && isMap(item)) item.commentBefore = asComment(explained.why);
        merged.push(item);
      }
    }
  }
  job.steps.forEach((explained, index) => {
    if (merged.some((item) => stepName(item) === explained.step.name)) return;
    const earlier = new Set(job.steps.slice(0, index).map(({ step }) => step.name));
    const previous = merged.findLastIndex((item) => earlier.has(stepName(item) as string));
    merged.splice(previous + 1, 0, stepNode(document, explained));
  });
  steps.items = merged;
}

/** Writes a job's keys other than `steps`: ours always, the user-owned ones only when missing. */
function updateJobKeys(document: Document, jobNode: YAMLMap, job: Job, ownedKeys: ReadonlySet<string>) {
  for (const key of ownedKeys)
    if (!(key in job.body) && !job.userOwnedKeys.includes(key)) jobNode.delete(key);
  for (const [key, value] of Object.entries(job.body)) {
    const current = jobNode.get(key, true);
    if (current === undefined) insertBefore(document, jobNode, key, value, 'steps');
    else if (!job.userOwnedKeys.includes(key) && !isDeepStrictEqual(plainValue(current), value))
      jobNode.set(key, document.createNode(value));
  }
}

function upsertJob(document: Document, jobs: YAMLMap, job: Job, plan: WorkflowPlan): void {
  let pair = pairOf(jobs, job.id);
  if (!pair || !isMap(pair.value)) {
    const node = document.createNode({ ...job.body, steps: [] }) as YAMLMap;
    if (pair) pair.value = node;
    else {
      pair = new Pair(document.createNode(job.id), node);
      (pair.key as Scalar).spaceBefore = jobs.items.length > 0;
      jobs.items.push(pair);
    }
  }
  const jobNode = pair.value as YAMLMap;
  updateJobKeys(document, jobNode, job, plan.owned.jobKeys.get(job.id) ?? new Set());
  mergeSteps(document, jobNode, job, plan.owned.stepNames);
  // The comment above the job is ours: it lists what the job needs for the options of this run.
  if (isScalar(pair.key)) pair.key.commentBefore = asComment(job.why);
}

function parseWorkflow(source: string, path: string): Document {
  const document: Document = parseDocument(source);
  if (document.errors.length > 0)
    throw new Error(`${path} is not valid YAML, so it was left alone: ${document.errors[0].message}`);
  if (document.contents === null) document.contents = document.createNode({});
  if (!isMap(document.contents)) throw new Error(`${path}: a workflow must be a mapping at the top level.`);
  return document;
}

function newWorkflow(plan: WorkflowPlan): Document {
  const document = new Document({ name: 'CI/CD' });
  document.commentBefore = asComment(plan.header);
  return document;
}

/**
 * The workflow text after applying the plan to `source` (a new workflow when there is none): edited as a
 * YAML document, so whatever the plan does not own — other jobs, keys, comments, quoting — is kept.
 */
export function updateWorkflow(source: string | undefined, plan: WorkflowPlan, path: string): string {
  const document = source === undefined ? newWorkflow(plan) : parseWorkflow(source, path);
  const root = document.contents as YAMLMap;
  ensureTriggers(document, root, plan.branches);
  const jobs = requireMap(document, root, 'jobs', path);
  moveLeadingComment(jobs);
  for (const id of plan.owned.jobIds) if (!plan.jobs.some((job) => job.id === id)) jobs.delete(id);
  for (const job of plan.jobs) upsertJob(document, jobs, job, plan);
  return document.toString(workflowToStringOptions);
}
