import { joinPathFragments } from '@nx/devkit';
import { shellQuote } from '../../../utils/shell-quote';

/** The Secret the seed's backend reads its DSN from, and its one key. */
export const credentialsSecret = { name: 'sentry-credentials', key: 'dsn' } as const;

export const credentialsScriptName = 'create-sentry-credentials.sh';

/**
 * A script that sets the Secret's one key from $SENTRY_DSN, so no DSN is committed with the app: patched into
 * an existing Secret (the team's other keys stay; a whole-object `apply` would drop keys it applied before),
 * created otherwise. The DSN travels on stdin, never in a command line. `--namespace NS` (repeatable) names
 * the namespaces, default the one given to the generator; other arguments (e.g. --context) go to kubectl.
 */
export function credentialsScript(namespace: string, project: string): string {
  const { name, key } = credentialsSecret;
  return `#!/usr/bin/env bash
# Sets the key ${key} of the Kubernetes Secret ${name}, which ${project} reads as Sentry__Dsn, in each
# namespace (other keys of the Secret stay). The DSN comes from the environment, never from git:
#   SENTRY_DSN='https://<key>@<host>/<project id>' ./${credentialsScriptName} [--namespace NS]... [--context NAME]
set -euo pipefail
: "\${SENTRY_DSN:?Set SENTRY_DSN to the DSN of the Sentry project (Project Settings, Client Keys).}"
# It goes into a JSON string below: a DSN never holds these.
if [[ $SENTRY_DSN == *'"'* || $SENTRY_DSN == *\\\\* || $SENTRY_DSN == *[[:cntrl:]]* ]]; then
  echo "SENTRY_DSN holds a quote, a backslash or a control character: it is not a DSN." >&2
  exit 1
fi
namespaces=()
kubectl_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --namespace) namespaces+=("$2"); shift 2 ;;
    --namespace=*) namespaces+=("\${1#--namespace=}"); shift ;;
    *) kubectl_args+=("$1"); shift ;;
  esac
done
[ \${#namespaces[@]} -gt 0 ] || namespaces=(${shellQuote(namespace)})
for namespace in "\${namespaces[@]}"; do
  # Empty when the Secret is absent; a failed read stops the script (set -e) instead of passing for absent.
  existing="$(kubectl "\${kubectl_args[@]}" get secret ${name} --namespace "$namespace" --ignore-not-found -o name)"
  if [ -n "$existing" ]; then
    printf '{"stringData":{"${key}":"%s"}}' "$SENTRY_DSN" |
      kubectl "\${kubectl_args[@]}" patch secret ${name} --namespace "$namespace" --type merge --patch-file /dev/stdin
  else
    printf '%s' "$SENTRY_DSN" |
      kubectl "\${kubectl_args[@]}" create secret generic ${name} --namespace "$namespace" --from-file=${key}=/dev/stdin
  fi
  echo "$namespace: ${name}/${key} set."
done
`;
}

/** The line printed at the end of a run: how to create the Secret on a cluster. */
export function credentialsCommand(projectRoot: string, dsn: string | undefined): string {
  return `SENTRY_DSN=${shellQuote(dsn ?? 'https://<key>@<host>/<project id>')} ${shellQuote(
    `./${joinPathFragments(projectRoot, credentialsScriptName)}`,
  )}`;
}
