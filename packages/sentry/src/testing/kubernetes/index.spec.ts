import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { at, find, goodStack } from './fixtures';
import {
  crossReferenceProblems,
  kustomizeBuild,
  parseManifests,
  referencedSecrets,
  unresolvedHostnames,
  validateSchemas,
  type KubernetesObject,
} from './index';

/**
 * The way the infra generator's specs use these helpers: render a kustomization with
 * kubectl, parse it, and run every check on the result.
 */
describe('checking a kustomize-rendered stack end to end', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubernetes-checks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the fixture stack as a kustomization whose sentry-config comes from a configMapGenerator. */
  function render(change: (objects: KubernetesObject[]) => void = () => undefined): KubernetesObject[] {
    const objects = goodStack();
    change(objects);
    const configMap = find(objects, 'ConfigMap', 'sentry-config');
    const data = configMap['data'] as Record<string, string>;
    writeFileSync(join(dir, 'config.yml'), data['config.yml']);
    const resources = objects.filter((object) => object !== configMap);
    for (const object of resources) delete object.metadata?.namespace; // kustomize sets it
    writeFileSync(join(dir, 'stack.yaml'), resources.map((object) => stringify(object)).join('---\n'));
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      stringify({
        namespace: 'sentry',
        resources: ['stack.yaml'],
        configMapGenerator: [
          { name: 'sentry-config', files: ['config.yml'], literals: [`SENTRY_URL=${data['SENTRY_URL']}`] },
        ],
      }),
    );
    return parseManifests(kustomizeBuild(dir));
  }

  it('passes every check on the consistent stack, with the generated ConfigMap hash-suffixed', () => {
    const objects = render();
    expect(objects.find((object) => object.kind === 'ConfigMap')?.metadata?.name).toMatch(
      /^sentry-config-\w{10}$/,
    );
    expect(validateSchemas(objects)).toEqual([]);
    expect(crossReferenceProblems(objects)).toEqual([]);
    expect(unresolvedHostnames(objects)).toEqual([]);
    expect(referencedSecrets(objects)).toEqual([
      { name: 'sentry-secrets', key: 'secret-key' },
      { name: 'sentry-tls' },
    ]);
  });

  it('catches a reference kustomize could not rewrite (a name that matches no generator)', () => {
    const objects = render((stack) => {
      at(find(stack, 'Job', 'migrate'), 'spec.template.spec.volumes.0.configMap').name = 'sentry-conf';
    });
    expect(crossReferenceProblems(objects)).toEqual([
      'Job/migrate spec.template.spec.volumes[config]: ConfigMap "sentry-conf" does not exist',
    ]);
  });
});
