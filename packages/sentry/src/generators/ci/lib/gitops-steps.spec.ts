import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { releaseName } from '../../../utils/release-name';
import { ciGenerator } from '../ci';
import { imageTagsScriptPath } from './gitops-steps';

/**
 * The dispatch mode's steps, run by bash as GitHub runs them, against a local server in GitHub's place:
 * the request must be what POST /repos/{owner}/{repo}/dispatches takes (GitHub REST API 2022-11-28).
 */

type Workflow = { jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }> };
type Request = { method?: string; url?: string; headers: IncomingHttpHeaders; body: string };

const repoNodeModules = join(__dirname, '../../../../../../node_modules');
const commitSha = '3f2a9c41d07e5b6a8c9d0e1f2a3b4c5d6e7f8091';

function runStep(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
      { cwd, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('the dispatch steps of ci --deployVia=gitops', () => {
  let root: string;
  let steps: Map<string, string>;
  let server: Server;
  let requests: Request[];
  let env: Record<string, string>;

  beforeAll(async () => {
    const tree = createTreeWithEmptyWorkspace();
    await ciGenerator(tree, {
      skipFormat: true,
      deployVia: 'gitops',
      registry: 'registry.academind.ir/fundamental',
      gitopsRepository: 'fundamental/gitops',
    });
    const workflow = parse(tree.read('.github/workflows/ci-cd.yaml', 'utf-8') ?? '') as Workflow;
    steps = new Map(workflow.jobs['nx-deploy'].steps.map((step) => [step.name ?? '', step.run ?? '']));
    root = mkdtempSync(join(tmpdir(), 'gitops-dispatch-'));
    mkdirSync(join(root, dirname(imageTagsScriptPath)), { recursive: true });
    writeFileSync(join(root, imageTagsScriptPath), tree.read(imageTagsScriptPath) as Buffer);

    requests = [];
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push({ method: request.method, url: request.url, headers: request.headers, body });
        // As GitHub answers a token that may not write to the repository.
        if (request.url?.includes('/refused/')) response.writeHead(404).end('{"message":"Not Found"}');
        else response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const githubEnv = join(root, 'github-env');
    writeFileSync(githubEnv, '');
    env = {
      PATH: process.env.PATH ?? '',
      NODE_PATH: repoNodeModules,
      RUNNER_TEMP: root,
      GITHUB_ENV: githubEnv,
      GITHUB_SHA: commitSha,
      GITHUB_REPOSITORY: 'fundamental/shop',
      GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      DEPLOY_ENVIRONMENT: 'prod',
      IMAGE_REGISTRY: 'registry.academind.ir/fundamental',
      GITOPS_REPOSITORY: 'fundamental/gitops',
      GITOPS_TOKEN: 'test-token',
    };
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('names the tag <environment>-<the commit digits of the Sentry release name>', async () => {
    const result = await runStep(steps.get('Name the image tag') ?? '', root, env);
    expect(result.code).toBe(0);
    const tag = readFileSync(env.GITHUB_ENV, 'utf-8').match(/^IMAGE_TAG=(.*)$/m)?.[1];
    expect(tag).toBe('prod-3f2a9c41d07e');
    expect(tag?.split('-')[1]).toBe(releaseName({ name: 'shop' }, commitSha).split('+')[1]);
  });

  it('refuses an environment that makes no tag, exporting nothing', async () => {
    writeFileSync(env.GITHUB_ENV, '');
    const result = await runStep(steps.get('Name the image tag') ?? '', root, {
      ...env,
      DEPLOY_ENVIRONMENT: 'prod\nNODE_OPTIONS=x',
    });
    expect(result.code).toBe(1);
    expect(readFileSync(env.GITHUB_ENV, 'utf-8')).toBe('');
  });

  it('logs in to the registry host with the password on stdin, builds from the workspace root, pushes each image', async () => {
    // No Docker daemon here: a docker on PATH that records each call, its stdin and DOCKER_CONFIG.
    const bin = join(root, 'bin');
    mkdirSync(bin, { recursive: true });
    const calls = join(root, 'docker-calls');
    writeFileSync(
      join(bin, 'docker'),
      `#!/bin/bash\nprintf '%s|' "$DOCKER_CONFIG" "$@" >> "${calls}"\nif [ "$1" = login ]; then cat >> "${calls}"; fi\necho >> "${calls}"\n`,
      { mode: 0o755 },
    );
    const images = join(root, 'build.tsv');
    writeFileSync(images, 'web\tapps/web\napi\tapps/api\n');
    const result = await runStep(steps.get('Build and push affected images') ?? '', root, {
      ...env,
      PATH: `${bin}:${env.PATH}`,
      IMAGES_FILE: images,
      IMAGE_TAG: 'prod-3f2a9c41d07e',
      IMAGE_REGISTRY: 'registry.academind.ir:5000/fundamental',
      REGISTRY_USERNAME: 'ci',
      REGISTRY_PASSWORD: 's3cret with spaces',
    });
    expect(result.code).toBe(0);
    const config = join(root, 'docker-config');
    const label = `org.opencontainers.image.revision=${commitSha}`;
    expect(readFileSync(calls, 'utf-8').split('\n').filter(Boolean)).toEqual([
      `${config}|login|registry.academind.ir:5000|--username|ci|--password-stdin|s3cret with spaces`,
      `${config}|build|--file|apps/web/Dockerfile|--tag|registry.academind.ir:5000/fundamental/web:prod-3f2a9c41d07e|--label|${label}|.|`,
      `${config}|push|registry.academind.ir:5000/fundamental/web:prod-3f2a9c41d07e|`,
      `${config}|build|--file|apps/api/Dockerfile|--tag|registry.academind.ir:5000/fundamental/api:prod-3f2a9c41d07e|--label|${label}|.|`,
      `${config}|push|registry.academind.ir:5000/fundamental/api:prod-3f2a9c41d07e|`,
    ]);
  });

  it('sends one repository_dispatch with the pushed images, in the shape GitHub takes', async () => {
    const images = join(root, 'images.tsv');
    writeFileSync(images, 'web\tapps/web\napi\tapps/api\n');
    const result = await runStep(steps.get('Bump the image tags through a repository dispatch') ?? '', root, {
      ...env,
      IMAGES_FILE: images,
      IMAGE_TAG: 'prod-3f2a9c41d07e',
    });
    expect(result).toEqual({ code: 0, out: '' });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/repos/fundamental/gitops/dispatches');
    expect(request.headers.authorization).toBe('Bearer test-token');
    expect(request.headers.accept).toBe('application/vnd.github+json');
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      event_type: 'image-tags',
      client_payload: {
        environment: 'prod',
        tag: 'prod-3f2a9c41d07e',
        source: { repository: 'fundamental/shop', commit: commitSha },
        images: [
          {
            project: 'web',
            image: 'registry.academind.ir/fundamental/web',
            tag: 'prod-3f2a9c41d07e',
            environment: 'prod',
          },
          {
            project: 'api',
            image: 'registry.academind.ir/fundamental/api',
            tag: 'prod-3f2a9c41d07e',
            environment: 'prod',
          },
        ],
      },
    });
    // GitHub's limits: event_type at most 100 characters, client_payload at most 10 top-level properties.
    expect(body.event_type.length).toBeLessThanOrEqual(100);
    expect(Object.keys(body.client_payload).length).toBeLessThanOrEqual(10);
    expect(readFileSync(env.GITHUB_ENV, 'utf-8')).toContain('SENTRY_DEPLOYED=true');
  });

  it('sends nothing when no image was built', async () => {
    requests.length = 0;
    const images = join(root, 'none.tsv');
    writeFileSync(images, '');
    const result = await runStep(steps.get('Bump the image tags through a repository dispatch') ?? '', root, {
      ...env,
      IMAGES_FILE: images,
      IMAGE_TAG: 'prod-3f2a9c41d07e',
    });
    expect(result.code).toBe(0);
    expect(requests).toEqual([]);
  });

  it('fails the step when GitHub refuses the dispatch', async () => {
    const images = join(root, 'images.tsv');
    const result = await runStep(steps.get('Bump the image tags through a repository dispatch') ?? '', root, {
      ...env,
      GITOPS_REPOSITORY: 'fundamental/refused',
      IMAGES_FILE: images,
      IMAGE_TAG: 'prod-3f2a9c41d07e',
    });
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('Not Found');
  });
});
