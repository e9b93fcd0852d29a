import { modelClassFor } from './model-classes';

describe('modelClassFor', () => {
  it.each([
    ['v1', 'Namespace'],
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['v1', 'Service'],
    ['v1', 'ServiceAccount'],
    ['v1', 'PersistentVolumeClaim'],
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'StatefulSet'],
    ['batch/v1', 'CronJob'],
    ['batch/v1', 'Job'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['policy/v1', 'PodDisruptionBudget'],
    ['rbac.authorization.k8s.io/v1', 'Role'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['argoproj.io/v1alpha1', 'Application'],
  ])('has a model for %s %s', (apiVersion, kind) => {
    const model = modelClassFor(apiVersion, kind);
    expect({ apiVersion: model?.apiVersion, kind: model?.kind }).toEqual({ apiVersion, kind });
    expect(typeof model?.prototype.validate).toBe('function');
  });

  it.each([
    ['apps/v1', 'CronJob'],
    ['batch/v1beta1', 'CronJob'],
    ['v1', 'PodSpec'],
    ['v1', 'toString'],
    ['example.com/v1', 'Widget'],
  ])('has none for %s %s', (apiVersion, kind) => {
    expect(modelClassFor(apiVersion, kind)).toBeUndefined();
  });
});
