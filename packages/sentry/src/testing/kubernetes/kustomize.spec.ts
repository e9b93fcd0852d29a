import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { at, find } from './fixtures';
import { kustomizeBuild } from './kustomize';
import { parseManifests } from './parse';

describe('kustomizeBuild', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kustomize spec '));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders a kustomization, rewriting references to hash-suffixed generated ConfigMaps', () => {
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'namespace: sentry',
        'resources: [deployment.yaml]',
        'configMapGenerator:',
        '  - name: sentry-config',
        '    literals: [SENTRY_EVENT_RETENTION_DAYS=90]',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'deployment.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: example/web',
        '          envFrom: [{configMapRef: {name: sentry-config}}]',
        '      volumes:',
        '        - {name: config, configMap: {name: sentry-config}}',
      ].join('\n'),
    );

    const objects = parseManifests(kustomizeBuild(dir));

    const configMap = objects.find((object) => object.kind === 'ConfigMap');
    const hashedName = configMap?.metadata?.name;
    expect(hashedName).toMatch(/^sentry-config-[a-z0-9]{10}$/);
    expect(configMap?.metadata?.namespace).toBe('sentry');
    const podSpec = at(find(objects, 'Deployment', 'web'), 'spec.template.spec');
    expect(podSpec.containers[0].envFrom[0].configMapRef.name).toBe(hashedName);
    expect(podSpec.volumes[0].configMap.name).toBe(hashedName);
  });

  it("throws with kubectl's own message when the kustomization is broken", () => {
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [missing.yaml]\n');
    expect(() => kustomizeBuild(dir)).toThrow(
      /kubectl kustomize .* failed: .*missing\.yaml.*no such file or directory/s,
    );
  });

  it('throws when the directory has no kustomization', () => {
    expect(() => kustomizeBuild(dir)).toThrow(/unable to find one of 'kustomization\.yaml'/);
  });
});
