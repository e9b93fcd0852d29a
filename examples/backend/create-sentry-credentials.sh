#!/usr/bin/env bash
# Sets the key dsn of the Kubernetes Secret sentry-credentials, which backend reads as Sentry__Dsn, in each
# namespace (other keys of the Secret stay). The DSN comes from the environment, never from git:
#   SENTRY_DSN='https://<key>@<host>/<project id>' ./create-sentry-credentials.sh [--namespace NS]... [--context NAME]
set -euo pipefail
: "${SENTRY_DSN:?Set SENTRY_DSN to the DSN of the Sentry project (Project Settings, Client Keys).}"
# It goes into a JSON string below: a DSN never holds these.
if [[ $SENTRY_DSN == *'"'* || $SENTRY_DSN == *\\* || $SENTRY_DSN == *[[:cntrl:]]* ]]; then
  echo "SENTRY_DSN holds a quote, a backslash or a control character: it is not a DSN." >&2
  exit 1
fi
namespaces=()
kubectl_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --namespace) namespaces+=("$2"); shift 2 ;;
    --namespace=*) namespaces+=("${1#--namespace=}"); shift ;;
    *) kubectl_args+=("$1"); shift ;;
  esac
done
[ ${#namespaces[@]} -gt 0 ] || namespaces=(fundamental-dev)
for namespace in "${namespaces[@]}"; do
  # Empty when the Secret is absent; a failed read stops the script (set -e) instead of passing for absent.
  existing="$(kubectl "${kubectl_args[@]}" get secret sentry-credentials --namespace "$namespace" --ignore-not-found -o name)"
  if [ -n "$existing" ]; then
    printf '{"stringData":{"dsn":"%s"}}' "$SENTRY_DSN" |
      kubectl "${kubectl_args[@]}" patch secret sentry-credentials --namespace "$namespace" --type merge --patch-file /dev/stdin
  else
    printf '%s' "$SENTRY_DSN" |
      kubectl "${kubectl_args[@]}" create secret generic sentry-credentials --namespace "$namespace" --from-file=dsn=/dev/stdin
  fi
  echo "$namespace: sentry-credentials/dsn set."
done
