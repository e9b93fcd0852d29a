#!/usr/bin/env bash
# Creates or updates the Kubernetes Secret sentry-credentials (key dsn) that backend reads
# as Sentry__Dsn. The DSN comes from the environment, never from git:
#   SENTRY_DSN='https://<key>@<host>/<project id>' ./create-sentry-credentials.sh [--context NAME]
set -euo pipefail
: "${SENTRY_DSN:?Set SENTRY_DSN to the DSN of the Sentry project (Project Settings, Client Keys).}"
kubectl "$@" create secret generic sentry-credentials --namespace fundamental-dev \
  --from-literal=dsn="$SENTRY_DSN" \
  --dry-run=client -o yaml | kubectl "$@" apply -f -
