#!/usr/bin/env bash
# Backs up what a rebuild needs: PostgreSQL (pg_dump, custom format), the Secrets and the rendered
# configuration, into a dated folder; keeps the newest N folders.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT_DIR=""
KEEP=7

# Backups hold every secret of the stack, so by default they live outside any repository, private to the
# user who takes them: /var/backups/sentry/NAMESPACE for root, else the XDG state folder
# (specifications.freedesktop.org/basedir-spec, $XDG_STATE_HOME defaulting to ~/.local/state).
default_out_dir() {
  if [ "$(id -u)" = 0 ]; then
    printf '/var/backups/sentry/%s' "$SENTRY_NAMESPACE"
  else
    printf '%s/sentry-backups/%s' "${XDG_STATE_HOME:-$HOME/.local/state}" "$SENTRY_NAMESPACE"
  fi
}

# Stops when DIR lies inside a git work tree that does not ignore it (`git check-ignore`, git-check-ignore(1)):
# a `git add -A` would commit the system key, the passwords and the database.
refuse_unignored_work_tree() {
  local dir=$1 existing=$1
  command -v git >/dev/null 2>&1 || return 0
  while [ ! -d "$existing" ]; do existing=$(dirname "$existing"); done
  git -C "$existing" rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  local probe
  probe="$(cd "$existing" && pwd)/${dir#"$existing"}/sentry-backup-probe"
  if ! git -C "$existing" check-ignore -q --no-index "$probe"; then
    die 64 "$dir is inside the git work tree $(git -C "$existing" rev-parse --show-toplevel) and not ignored by it: backups hold every secret of the stack. Use a folder outside the repository (the default is $(default_out_dir)) or add it to .gitignore. Nothing was written."
  fi
}

usage() {
  cat <<USAGE
Usage: backup.sh [--out DIR] [--keep N] [common options]

Writes DIR/sentry-<UTC time>/ with postgres.dump (pg_restore custom format), secrets.yaml, configmaps.yaml
and SHA256SUMS, folders mode 0700 and files 0600 (they hold every secret of the stack); deletes all but the
newest N backups (default $KEEP). DIR defaults to $(default_out_dir) and may not be a
folder of a git work tree that git does not ignore.
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
[ -n "$OUT_DIR" ] || OUT_DIR=$(default_out_dir)
refuse_unignored_work_tree "$OUT_DIR"
umask 077

require_cluster
target="$OUT_DIR/sentry-$(date -u +%Y%m%dT%H%M%SZ)"
if [ "$CHECK_MODE" = yes ]; then
  say "[check] would write $target/{postgres.dump,secrets.yaml,configmaps.yaml,SHA256SUMS} and keep the newest $KEEP backups in $OUT_DIR"
  exit 0
fi

mkdir -p "$target"
chmod 700 "$OUT_DIR" "$target"
step "PostgreSQL"
kc exec -i statefulset/postgres -- pg_dump --username postgres --format custom --dbname postgres >"$target/postgres.dump"
say "postgres.dump: $(wc -c <"$target/postgres.dump") bytes"

step "Secrets and configuration"
kc get secret --ignore-not-found "$CORE_SECRET" "$RELAY_SECRET" sentry-bootstrap-token -o yaml >"$target/secrets.yaml"
kc get configmap --selector app.kubernetes.io/part-of=sentry-self-hosted -o yaml >"$target/configmaps.yaml"
(cd "$target" && sha256sum postgres.dump secrets.yaml configmaps.yaml >SHA256SUMS)
say "written: $target"

mapfile -t old < <(find "$OUT_DIR" -mindepth 1 -maxdepth 1 -type d -name 'sentry-*' | sort -r | tail -n +"$((KEEP + 1))")
for folder in "${old[@]+"${old[@]}"}"; do
  rm -rf -- "$folder"
  say "removed old backup $folder"
done
