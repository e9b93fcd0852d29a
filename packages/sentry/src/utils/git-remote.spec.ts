import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubLocation, githubRepositoryOf } from './git-remote';

describe('githubRepositoryOf', () => {
  it.each([
    ['https://github.com/acme/shop.git', 'acme/shop'],
    ['https://x-access-token:abc@github.com/acme/shop', 'acme/shop'],
    ['git@github.com:acme/shop.git', 'acme/shop'],
    ['ssh://git@github.com/acme/shop.web/', 'acme/shop.web'],
  ])('reads %s as %s', (url, repository) => expect(githubRepositoryOf(url)).toBe(repository));

  it.each(['https://gitlab.com/acme/shop.git', '/srv/git/shop.git', 'https://github.com/acme'])(
    'has no GitHub repository for %s',
    (url) => expect(githubRepositoryOf(url)).toBeUndefined(),
  );
});

describe('githubLocation', () => {
  let repo: string;
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'git-remote-'));
    git(repo, 'init', '-q');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it("gives the origin's repository, the workspace's folder in it and origin's default branch", () => {
    git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/platform.git');
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    mkdirSync(join(repo, 'web'));
    expect(githubLocation(join(repo, 'web'))).toEqual({
      repository: 'acme/platform',
      folder: 'web',
      defaultBranch: 'trunk',
    });
    expect(githubLocation(repo)).toEqual({ repository: 'acme/platform', folder: '', defaultBranch: 'trunk' });
  });

  it('gives nothing without an origin, or outside a checkout', () => {
    expect(githubLocation(repo)).toBeUndefined();
    expect(githubLocation(tmpdir())).toBeUndefined();
  });
});
