#!/usr/bin/env bash
# Backs up what a rebuild needs: PostgreSQL (pg_dump, custom format), the Secrets and the rendered
# configuration, into a dated folder; keeps the newest N folders.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT_DIR=./sentry-backups
KEEP=7

usage() {
  cat <<USAGE
Usage: backup.sh [--out DIR] [--keep N] [common options]

Writes DIR/sentry-<UTC time>/ with postgres.dump (pg_restore custom format), secrets.yaml (mode 0600:
keep it safe), configmaps.yaml and SHA256SUMS; deletes all but the newest N backups (default $KEEP).
An in-cluster CronJob (components/postgres-backup) also dumps nightly to its own volume.
USAGE
  common_usage
}

parse_common_args "$@"
set -- "${ARGS[@]+"${ARGS[@]}"}"
while [ $# -gt 0 ]; do
  OPTION_WORDS=1
  case "$1" in
    --out | --out=*)
      take_value "a directory" "$@"
      OUT_DIR=$OPTION_VALUE
      ;;
    --keep | --keep=*)
      take_value "a number" "$@"
      KEEP=$OPTION_VALUE
      ;;
    *) die 64 "unknown option $1 (see --help)" ;;
  esac
  shift "$OPTION_WORDS"
done
[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || die 64 "--keep $KEEP: expected a whole number of 1 or more"
[ "$HAS_POSTGRES" = yes ] || die 64 "this stack uses an external PostgreSQL: back it up with your provider's tools"

require_cluster
target="$OUT_DIR/sentry-$(date -u +%Y%m%dT%H%M%SZ)"
if [ "$CHECK_MODE" = yes ]; then
  say "[check] would write $target/{postgres.dump,secrets.yaml,configmaps.yaml,SHA256SUMS} and keep the newest $KEEP backups in $OUT_DIR"
  exit 0
fi

mkdir -p "$target"
step "PostgreSQL"
kc exec -i statefulset/postgres -- pg_dump --username postgres --format custom --dbname postgres >"$target/postgres.dump"
say "postgres.dump: $(wc -c <"$target/postgres.dump") bytes"

step "Secrets and configuration"
(umask 077 && kc get secret --ignore-not-found "$CORE_SECRET" "$RELAY_SECRET" sentry-bootstrap-token -o yaml >"$target/secrets.yaml")
kc get configmap --selector app.kubernetes.io/part-of=sentry-self-hosted -o yaml >"$target/configmaps.yaml"
(cd "$target" && sha256sum postgres.dump secrets.yaml configmaps.yaml >SHA256SUMS)
say "written: $target"

mapfile -t old < <(find "$OUT_DIR" -mindepth 1 -maxdepth 1 -type d -name 'sentry-*' | sort -r | tail -n +"$((KEEP + 1))")
for folder in "${old[@]+"${old[@]}"}"; do
  rm -rf -- "$folder"
  say "removed old backup $folder"
done
