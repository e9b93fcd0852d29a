import { addProjectConfiguration, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { type BootstrapStateFile, defaultBootstrapState, writeBootstrapState } from './desired-state';
import { registerSentryProject } from './register-project';

const web = { slug: 'web', name: 'web', platform: 'javascript-angular' };
const github = { repository: 'acme/platform', folder: '', defaultBranch: 'main' };

describe('registerSentryProject', () => {
  let tree: Tree;
  const stateOf = (root: string) => readJson<BootstrapStateFile>(tree, `${root}/sentry-bootstrap.json`);
  const addStack = (name: string, root: string) => {
    addProjectConfiguration(tree, name, { root });
    writeBootstrapState(tree, root, defaultBootstrapState('acme', 'acme'));
  };
  beforeEach(() => (tree = createTreeWithEmptyWorkspace()));

  it("adds the project, its repository and a code mapping to every stack's state, once", () => {
    addStack('sentry-infra', 'infra/sentry');
    addStack('sentry-staging-infra', 'infra/staging');
    expect(registerSentryProject(tree, { project: web, github, workspaceRelativeFrames: true })).toEqual([
      'infra/sentry/sentry-bootstrap.json',
      'infra/staging/sentry-bootstrap.json',
    ]);
    for (const root of ['infra/sentry', 'infra/staging']) {
      const state = stateOf(root);
      expect(state.projects).toEqual([web]);
      expect(state.github).toEqual({
        repositories: ['acme/platform'],
        codeMappings: [
          {
            project: 'web',
            repository: 'acme/platform',
            stackRoot: '',
            sourceRoot: '',
            defaultBranch: 'main',
          },
        ],
      });
    }
    const before = tree.read('infra/sentry/sentry-bootstrap.json', 'utf-8');
    expect(registerSentryProject(tree, { project: web, github, workspaceRelativeFrames: true })).toEqual([]);
    expect(tree.read('infra/sentry/sentry-bootstrap.json', 'utf-8')).toBe(before);
  });

  it("keeps what the user wrote: the project's name, the repository's spelling, an existing mapping", () => {
    addStack('sentry-infra', 'infra/sentry');
    const path = 'infra/sentry/sentry-bootstrap.json';
    const edited: BootstrapStateFile = {
      ...stateOf('infra/sentry'),
      projects: [{ ...web, name: 'Web shop' }],
      github: {
        repositories: ['Acme/Platform'],
        codeMappings: [
          {
            project: 'web',
            repository: 'Acme/Platform',
            stackRoot: 'webpack://',
            sourceRoot: 'web/',
            defaultBranch: 'dev',
          },
        ],
      },
    };
    tree.write(path, JSON.stringify(edited));
    const api = { slug: 'api', name: 'api', platform: 'dotnet-aspnetcore' };
    registerSentryProject(tree, { project: web, github, workspaceRelativeFrames: true });
    registerSentryProject(tree, {
      project: api,
      github: { ...github, folder: 'services' },
      workspaceRelativeFrames: true,
    });
    const state = stateOf('infra/sentry');
    expect(state.projects).toEqual([{ ...web, name: 'Web shop' }, api]);
    expect(state.github.repositories).toEqual(['Acme/Platform']);
    expect(
      state.github.codeMappings.map(({ project, repository, sourceRoot }) => [
        project,
        repository,
        sourceRoot,
      ]),
    ).toEqual([
      ['web', 'Acme/Platform', 'web/'],
      ['api', 'Acme/Platform', 'services/'],
    ]);
  });

  it('links the repository but writes no code mapping for frames with absolute build paths (.NET PDBs)', () => {
    addStack('sentry-infra', 'infra/sentry');
    registerSentryProject(tree, { project: web, github, workspaceRelativeFrames: false });
    expect(stateOf('infra/sentry').github).toEqual({ repositories: ['acme/platform'], codeMappings: [] });
  });

  it('without a known repository registers the project alone', () => {
    addStack('sentry-infra', 'infra/sentry');
    registerSentryProject(tree, { project: web, workspaceRelativeFrames: true });
    expect(stateOf('infra/sentry').projects).toEqual([web]);
    expect(stateOf('infra/sentry').github).toEqual({ repositories: [], codeMappings: [] });
  });

  it('changes nothing in a workspace without a stack', () => {
    expect(registerSentryProject(tree, { project: web, github, workspaceRelativeFrames: true })).toEqual([]);
  });
});
