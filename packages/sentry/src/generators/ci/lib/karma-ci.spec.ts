import { addProjectConfiguration, type Tree, writeJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { ciGenerator } from '../ci';

type Workflow = { jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }> };

const testRun = (tree: Tree) =>
  (parse(tree.read('.github/workflows/ci-cd.yaml', 'utf-8') ?? '') as Workflow).jobs[
    'nx-affected'
  ].steps.find((step) => step.name === 'Lint, test and build')?.run;

const karmaTarget = (executor: string, configurations?: Record<string, unknown>) => ({
  executor,
  options: { tsConfig: 'tsconfig.spec.json', karmaConfig: 'karma.conf.js' },
  ...(configurations ? { configurations } : {}),
});

describe('ci and Karma test targets', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'shop', {
      root: 'apps/shop',
      targets: {
        test: karmaTarget('@angular/build:karma'),
        build: { executor: '@angular/build:application' },
      },
    });
    addProjectConfiguration(tree, 'legacy', {
      root: 'apps/legacy',
      targets: { test: karmaTarget('@angular-devkit/build-angular:karma', { ci: { watch: true } }) },
    });
    addProjectConfiguration(tree, 'api', {
      root: 'apps/api',
      targets: { test: { executor: '@nx/jest:jest' } },
    });
  });

  it('runs the tests once in headless Chrome: a ci configuration the test run asks for', async () => {
    await ciGenerator(tree, { skipFormat: true });
    expect(testRun(tree)).toBe('npx nx affected -t lint test build --configuration=ci');
    const shop = tree.read('apps/shop/project.json', 'utf-8') ?? '';
    expect(JSON.parse(shop).targets.test.configurations).toEqual({
      ci: { watch: false, browsers: 'ChromeHeadless' },
    });
    // The build and other runners keep what they had; a ci configuration the user wrote stays.
    expect(JSON.parse(shop).targets.build).toEqual({ executor: '@angular/build:application' });
    expect(
      JSON.parse(tree.read('apps/legacy/project.json', 'utf-8') ?? '').targets.test.configurations,
    ).toEqual({
      ci: { watch: true },
    });
    expect(JSON.parse(tree.read('apps/api/project.json', 'utf-8') ?? '').targets.test).toEqual({
      executor: '@nx/jest:jest',
    });

    const before = tree.read('apps/shop/project.json', 'utf-8');
    await ciGenerator(tree, { skipFormat: true });
    expect(tree.read('apps/shop/project.json', 'utf-8')).toBe(before);
  });

  it('reaches a project that angular.json defines', async () => {
    tree.delete('apps/shop/project.json');
    writeJson(tree, 'angular.json', {
      version: 1,
      projects: {
        store: { root: '', architect: { test: { builder: '@angular/build:karma', options: {} } } },
      },
    });
    await ciGenerator(tree, { skipFormat: true });
    const store = JSON.parse(tree.read('angular.json', 'utf-8') ?? '').projects.store;
    expect(store.architect.test.configurations).toEqual({
      ci: { watch: false, browsers: 'ChromeHeadlessNoSandbox' },
    });
  });

  it.each([
    // Chrome refuses to start as root without --no-sandbox (a self-hosted runner often runs as root), and
    // karma-chrome-launcher's ChromeHeadless does not pass it. @angular/build's built-in Karma configuration
    // (no karmaConfig) defines ChromeHeadlessNoSandbox (@angular/build 21.2.27
    // src/builders/karma/karma-config.js); @angular-devkit/build-angular 16's does not (angular/angular-cli
    // packages/angular_devkit/build_angular/src/builders/karma/index.ts@16.x getBuiltInKarmaConfig).
    ['@angular/build:karma', 'ChromeHeadlessNoSandbox'],
    ['@angular-devkit/build-angular:karma', 'ChromeHeadless'],
  ])('%s without a karma.conf.js runs in %s', async (executor, browsers) => {
    addProjectConfiguration(tree, 'builtin', {
      root: 'apps/builtin',
      targets: { test: { executor, options: { tsConfig: 'tsconfig.spec.json' } } },
    });
    await ciGenerator(tree, { skipFormat: true });
    const builtin = JSON.parse(tree.read('apps/builtin/project.json', 'utf-8') ?? '');
    expect(builtin.targets.test.configurations).toEqual({ ci: { watch: false, browsers } });
  });

  it('keeps the plain test run in a workspace without Karma', async () => {
    const plain = createTreeWithEmptyWorkspace();
    await ciGenerator(plain, { skipFormat: true });
    expect(testRun(plain)).toBe('npx nx affected -t lint test build');
  });
});
