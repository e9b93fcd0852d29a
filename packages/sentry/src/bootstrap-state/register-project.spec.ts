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
    expect(registerSentryProject(tree, { project: web, github, frameRoot: '' })).toEqual([
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
    expect(registerSentryProject(tree, { project: web, github, frameRoot: '' })).toEqual([]);
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
    registerSentryProject(tree, { project: web, github, frameRoot: '' });
    registerSentryProject(tree, {
      project: api,
      github: { ...github, folder: 'services' },
      frameRoot: '',
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

  it("maps frames relative to the project's folder (.NET) to that folder inside the repository", () => {
    addStack('sentry-infra', 'infra/sentry');
    const api = { slug: 'api', name: 'api', platform: 'dotnet-aspnetcore' };
    registerSentryProject(tree, {
      project: api,
      github: { ...github, folder: 'services' },
      frameRoot: 'apps/api',
    });
    expect(stateOf('infra/sentry').github.codeMappings).toEqual([
      {
        project: 'api',
        repository: 'acme/platform',
        stackRoot: '',
        sourceRoot: 'services/apps/api/',
        defaultBranch: 'main',
      },
    ]);
  });

  it('without a known repository registers the project alone', () => {
    addStack('sentry-infra', 'infra/sentry');
    registerSentryProject(tree, { project: web, frameRoot: '' });
    expect(stateOf('infra/sentry').projects).toEqual([web]);
    expect(stateOf('infra/sentry').github).toEqual({ repositories: [], codeMappings: [] });
  });

  it('changes nothing in a workspace without a stack', () => {
    expect(registerSentryProject(tree, { project: web, github, frameRoot: '' })).toEqual([]);
  });
});
