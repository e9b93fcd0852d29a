import type { TargetConfiguration } from '@nx/devkit';
import { pluginName } from '../../../plugin-name';

/**
 * Targets of the stack's root project: the operations scripts (arguments after `--` or as flags are passed
 * through, e.g. `nx run sentry-infra:setup --ssh root@host`), and an upgrade that regenerates the manifests
 * for the new release before running the script.
 */
export function infraTargets(directory: string): Record<string, TargetConfiguration> {
  const script = (name: string, description: string): TargetConfiguration => ({
    executor: 'nx:run-commands',
    cache: false,
    options: { command: `bash scripts/${name}.sh`, cwd: directory },
    metadata: { description },
  });
  return {
    setup: script(
      'setup',
      'Install the stack on the cluster (preflight, Secrets once, install steps, rollouts)',
    ),
    backup: script('backup', 'Back up PostgreSQL, the Secrets and the configuration'),
    restore: script('restore', 'Restore PostgreSQL from a backup (FILE --yes)'),
    doctor: script('doctor', 'Check pods, Relay, events end to end, Kafka lag, volumes, ClickHouse'),
    // Sentry mints org auth tokens for browser sessions only, so the bootstrap cannot; this does, in the pod.
    'ci-token': script('ci-token', 'Mint the CI org auth token (org:ci) in the cluster and show it once'),
    'mirror-images': script(
      'mirror-images',
      'List (--list) or copy every image of the stack into the --imageRegistry mirror (skopeo, crane or docker)',
    ),
    // Never cached: it converges a live server, whose state no input of the workspace describes.
    bootstrap: {
      executor: `${pluginName}:bootstrap`,
      cache: false,
      options: {},
      metadata: {
        description:
          'Create organization, team, projects, DSNs, alerts and GitHub links through the Sentry API',
      },
    },
    upgrade: {
      executor: 'nx:run-commands',
      cache: false,
      options: {
        parallel: false,
        forwardAllArgs: false,
        commands: [
          `npx nx g ${pluginName}:infra --directory=${directory} --sentryVersion={args.to} --no-interactive`,
          `bash ${directory}/scripts/upgrade.sh --to={args.to}`,
        ],
      },
      metadata: { description: 'Regenerate the manifests for --to=VERSION, then upgrade the running stack' },
    },
  };
}
