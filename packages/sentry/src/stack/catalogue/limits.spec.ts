import { mebibytes } from '../../generators/infra/lib/sizing';
import { seedRelease, seedStackSettings } from '../../testing/seed-stack-settings';
import { renderConfigBundles } from '../config';
import { allComponents } from './index';

/** Memory limits against what the configured processes may legitimately use (the basis in the catalogue). */
describe('memory limits leave room for normal use', () => {
  const components = allComponents(seedStackSettings, seedRelease);
  const config = renderConfigBundles(seedStackSettings, seedRelease);
  const limitOf = (name: string) =>
    mebibytes(components.find((component) => component.name === name)?.resources.limits.memory ?? '0Mi');
  /** A Sentry Python process with its imports loaded; taskworker children and uWSGI workers are one each. */
  const sentryProcessMi = 512;

  it('web: every uWSGI worker up to its reload-on-rss, plus the master', () => {
    const conf = config.sentry['sentry.conf.py'];
    const workers = Number(/"workers": (\d+)/.exec(conf)?.[1]);
    const reloadOnRss = Number(/"reload-on-rss": (\d+)/.exec(conf)?.[1]);
    expect(workers * reloadOnRss + sentryProcessMi).toBeLessThanOrEqual(limitOf('web'));
  });

  it('taskworker: every child process of the concurrency, plus the parent', () => {
    const taskworker = components.find(({ name }) => name === 'taskworker');
    const concurrency = Number(taskworker?.env?.SENTRY_TASKWORKER_CONCURRENCY);
    expect((concurrency + 1) * sentryProcessMi).toBeLessThanOrEqual(limitOf('taskworker'));
  });

  it('Valkey: a maxmemory below the limit, with room for the fork of a background save', () => {
    const maxmemory = /^maxmemory (\d+)mb$/m.exec(config.valkey['redis.conf'])?.[1];
    expect(Number(maxmemory)).toBeGreaterThan(0);
    expect(Number(maxmemory) * 2).toBeLessThanOrEqual(limitOf('redis'));
  });
});
