import * as argoprojV1alpha1 from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';

/** A kubernetes-models class: its static apiVersion/kind and a schema-checking `validate()`. */
export interface ModelClass {
  apiVersion: string;
  kind: string;
  prototype: { validate(): void };
}

/**
 * The API versions a rendered stack may use, each mapped to its kubernetes-models module.
 * kubernetes-models has no apiVersion/kind lookup of its own; importing only these versions
 * (rather than the package root, which loads every group) keeps jest start-up fast. A kind
 * outside these versions is reported as unknown: add its version here when the stack needs it.
 */
const modulesByApiVersion: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
  'autoscaling/v2': autoscalingV2,
  // Argo CD's Application (its CRD's schema), which `infra --gitops=argocd` writes beside the stack.
  'argoproj.io/v1alpha1': argoprojV1alpha1,
};

/** The model class for an apiVersion/kind pair, or undefined when kubernetes-models has none. */
export function modelClassFor(apiVersion: string, kind: string): ModelClass | undefined {
  const candidate = Object.hasOwn(modulesByApiVersion, apiVersion)
    ? modulesByApiVersion[apiVersion][kind]
    : undefined;
  // The modules also export nested types (DeploymentSpec, …), which carry no static kind:
  // matching the statics accepts only top-level resources.
  if (typeof candidate !== 'function') return undefined;
  const model = candidate as unknown as ModelClass;
  return model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/** The API versions {@link modelClassFor} knows, for error messages. */
export const knownApiVersions: readonly string[] = Object.keys(modulesByApiVersion);
