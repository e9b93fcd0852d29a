import { mapOf } from './kubernetes-object';
import { containersOf, type PodTemplate } from './pod-specs';
import { parseQuantity } from './quantities';

/**
 * What every container of the stack must declare to run safely on a shared node:
 * - resources.requests (so the scheduler reserves room) and limits.memory (so one runaway
 *   process is OOM-killed alone instead of starving the node); requests within limits;
 * - for long-running pods, liveness and readiness probes (so a wedged process is restarted
 *   and a not-yet-ready one gets no traffic);
 * - securityContext.allowPrivilegeEscalation: false and never privileged: true.
 */
export function containerRuleProblems(templates: PodTemplate[]): string[] {
  return templates.flatMap(({ spec, specPath, longRunning, ownerDescription }) =>
    containersOf(spec).flatMap(({ container, init, description }) => {
      const where = `${ownerDescription} ${specPath} ${description}`;
      const problems = [
        ...resourceProblems(container.resources),
        ...securityProblems(container.securityContext),
      ];
      // Init containers run to completion (the API rejects probes on them); sidecars excepted.
      const servesForever = longRunning && (!init || container.restartPolicy === 'Always');
      if (servesForever && !container.livenessProbe) problems.push('has no livenessProbe');
      if (servesForever && !container.readinessProbe) problems.push('has no readinessProbe');
      return problems.map((problem) => `${where}: ${problem}`);
    }),
  );
}

type Quantities = Record<string, string | number>;

function resourceProblems(resources: { requests?: Quantities; limits?: Quantities } | undefined): string[] {
  const requests = mapOf(resources?.requests);
  const limits = mapOf(resources?.limits);
  const problems: string[] = [];
  if (Object.keys(requests).length === 0) problems.push('has no resources.requests');
  if (limits['memory'] === undefined) problems.push('has no resources.limits.memory');
  for (const [resource, requested] of Object.entries(requests)) {
    const request = parseQuantity(requested);
    const limit = limits[resource] === undefined ? undefined : parseQuantity(limits[resource]);
    if (request !== undefined && limit !== undefined && request > limit) {
      problems.push(`resources.requests.${resource} ${requested} exceeds the limit ${limits[resource]}`);
    }
  }
  for (const [field, quantities] of [
    ['requests', requests],
    ['limits', limits],
  ] as const) {
    for (const [resource, quantity] of Object.entries(quantities)) {
      if (parseQuantity(quantity) === undefined) {
        problems.push(`resources.${field}.${resource} ${JSON.stringify(quantity)} is not a quantity`);
      }
    }
  }
  return problems;
}

function securityProblems(
  securityContext: { allowPrivilegeEscalation?: boolean; privileged?: boolean } | undefined,
): string[] {
  const problems: string[] = [];
  // Only the container level has this field; the pod-level securityContext cannot set it.
  if (securityContext?.allowPrivilegeEscalation !== false) {
    problems.push('securityContext.allowPrivilegeEscalation must be false');
  }
  if (securityContext?.privileged === true) problems.push('securityContext.privileged must not be true');
  return problems;
}
