/**
 * Test helpers that check rendered Kubernetes manifests without a cluster. Typical use:
 *
 *   const objects = parseManifests(kustomizeBuild(dir));
 *   expect(validateSchemas(objects)).toEqual([]);
 *   expect(crossReferenceProblems(objects)).toEqual([]);
 *   expect(unresolvedHostnames(objects)).toEqual([]);
 *   expect(referencedSecrets(objects)).toEqual([...what the deploy step creates]);
 */
export { crossReferenceProblems } from './cross-references';
export { hostnamesIn, unresolvedHostnames, type UnresolvedHostnamesOptions } from './hostnames';
export { describeObject, type KubernetesObject, type ObjectMetadata } from './kubernetes-object';
export { kustomizeBuild } from './kustomize';
export { parseManifests } from './parse';
export { podTemplatesOf, type PodTemplate } from './pod-specs';
export { validateSchemas } from './schemas';
export { referencedSecrets, type SecretReference } from './secrets';
