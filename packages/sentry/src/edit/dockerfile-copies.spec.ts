import { retargetDockerCopies } from './dockerfile-copies';

const build = 'dist/apps/web';
const release = 'dist/sentry-release/apps/web';

describe('retargetDockerCopies', () => {
  it('points COPY and ADD sources under the build output at the same files in the release folder', () => {
    const dockerfile = [
      'FROM nginx:1.27-alpine',
      '# the app',
      'COPY ./dist/apps/web/browser /usr/share/nginx/html',
      'ADD --chown=nginx dist/apps/web/browser/assets \\',
      '    /usr/share/nginx/html/assets',
      'COPY ["dist/apps/web/server", "/srv"]',
      'COPY nginx.conf /etc/nginx/conf.d/default.conf',
      'COPY dist/apps/website /other',
      '',
    ].join('\n');
    const { text, retargeted, fromStages } = retargetDockerCopies(dockerfile, build, release);
    expect(text).toBe(
      [
        'FROM nginx:1.27-alpine',
        '# the app',
        'COPY ./dist/sentry-release/apps/web/browser /usr/share/nginx/html',
        'ADD --chown=nginx dist/sentry-release/apps/web/browser/assets \\',
        '    /usr/share/nginx/html/assets',
        'COPY ["dist/sentry-release/apps/web/server", "/srv"]',
        'COPY nginx.conf /etc/nginx/conf.d/default.conf',
        'COPY dist/apps/website /other',
        '',
      ].join('\n'),
    );
    expect(retargeted).toEqual([
      './dist/apps/web/browser',
      'dist/apps/web/browser/assets',
      'dist/apps/web/server',
    ]);
    expect(fromStages).toBe(false);
    expect(retargetDockerCopies(text, build, release).text).toBe(text);
  });

  it('leaves a copy from another build stage alone and says so', () => {
    const dockerfile =
      'FROM node:22 AS build\nRUN npx nx build web\nFROM nginx\nCOPY --from=build /app/dist/apps/web/browser /usr/share/nginx/html\n';
    const result = retargetDockerCopies(dockerfile, build, release);
    expect(result.text).toBe(dockerfile);
    expect(result.fromStages).toBe(true);
  });
});
