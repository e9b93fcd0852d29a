import { joinPathFragments } from '@nx/devkit';
import { shellCommand, shellQuote } from '../../../utils/shell-quote';

/** The Secret the seed's backend reads its DSN from, and its one key. */
export const credentialsSecret = { name: 'sentry-credentials', key: 'dsn' } as const;

export const credentialsScriptName = 'create-sentry-credentials.sh';

/**
 * A script that creates or updates the Secret from $SENTRY_DSN, so no DSN is committed with the app.
 * `create --dry-run=client -o yaml | apply` makes it idempotent; extra arguments (e.g. --context) go to
 * both kubectl calls.
 */
export function credentialsScript(namespace: string, project: string): string {
  const create = shellCommand([
    'create',
    'secret',
    'generic',
    credentialsSecret.name,
    '--namespace',
    namespace,
  ]);
  return `#!/usr/bin/env bash
# Creates or updates the Kubernetes Secret ${credentialsSecret.name} (key ${credentialsSecret.key}) that ${project} reads
# as Sentry__Dsn. The DSN comes from the environment, never from git:
#   SENTRY_DSN='https://<key>@<host>/<project id>' ./${credentialsScriptName} [--context NAME]
set -euo pipefail
: "\${SENTRY_DSN:?Set SENTRY_DSN to the DSN of the Sentry project (Project Settings, Client Keys).}"
kubectl "$@" ${create} \\
  --from-literal=${credentialsSecret.key}="$SENTRY_DSN" \\
  --dry-run=client -o yaml | kubectl "$@" apply -f -
`;
}

/** The line printed at the end of a run: how to create the Secret on a cluster. */
export function credentialsCommand(projectRoot: string, dsn: string | undefined): string {
  return `SENTRY_DSN=${shellQuote(dsn ?? 'https://<key>@<host>/<project id>')} ${shellQuote(
    `./${joinPathFragments(projectRoot, credentialsScriptName)}`,
  )}`;
}
