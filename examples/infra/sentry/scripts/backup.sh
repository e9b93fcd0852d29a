#!/usr/bin/env bash
# Backs up PostgreSQL (pg_dump, custom format, with the row count of every table), the Secrets and the
# rendered configuration into a dated folder, with a MANIFEST naming the Sentry release and what the backup
# does not hold (event payloads, files, ClickHouse, Kafka); keeps the newest N folders.
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

Writes DIR/sentry-<UTC time>/ with postgres.dump (pg_restore custom format), row-counts.tsv (the rows of
every table in the dump, checked by restore.sh), secrets.yaml, configmaps.yaml, MANIFEST (the Sentry release
and what the backup holds) and SHA256SUMS, folders mode 0700 and files 0600 (they hold every secret of the stack); deletes all but the
newest N backups (default $KEEP). DIR defaults to $(default_out_dir) and may not be a
folder of a git work tree that git does not ignore.

What a restore brings back: PostgreSQL (users, organizations, projects, DSN keys, issues and their state,
alert rules, releases, settings), the Secrets and the configuration. What it does not: event payloads
(SeaweedFS nodestore: an issue's events and their details), files (source maps, debug files, attachments,
replay recordings: SeaweedFS), ClickHouse (search, Discover, stats, performance data) and Kafka (events not yet
processed). To keep those, snapshot the seaweedfs and clickhouse volumes with Sentry stopped.
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
  say "[check] would write $target/{postgres.dump,row-counts.tsv,secrets.yaml,configmaps.yaml,MANIFEST,SHA256SUMS} and keep the newest $KEEP backups in $OUT_DIR"
  exit 0
fi

mkdir -p "$target"
chmod 700 "$OUT_DIR" "$target"
step "PostgreSQL"
kc exec -i statefulset/postgres -- pg_dump --username postgres --format custom --dbname postgres >"$target/postgres.dump"
say "postgres.dump: $(wc -c <"$target/postgres.dump") bytes"

# Rows per table, counted in the dump itself (its COPY blocks: one line per row, newlines escaped; PostgreSQL
# docs, COPY, "Text Format"), so the counts match the dump exactly even while Sentry writes.
kc exec -i statefulset/postgres -- pg_restore --data-only --file - <"$target/postgres.dump" |
  awk '/^COPY / { table = $2; rows[table] = 0; copying = 1; next }
    copying && $0 == "\\." { copying = 0; next }
    copying { rows[table]++ }
    END { for (table in rows) printf "%s\t%d\n", table, rows[table] }' | sort >"$target/row-counts.tsv"
say "row-counts.tsv: $(wc -l <"$target/row-counts.tsv") tables"

step "Secrets and configuration"
kc get secret --ignore-not-found "$CORE_SECRET" "$RELAY_SECRET" sentry-bootstrap-token -o yaml >"$target/secrets.yaml"
kc get configmap --selector app.kubernetes.io/part-of=sentry-self-hosted -o yaml >"$target/configmaps.yaml"
running_version=$(kc get deployment web --ignore-not-found -o 'jsonpath={.metadata.labels.app\.kubernetes\.io/version}')
cat >"$target/MANIFEST" <<MANIFEST
# Sentry backup written by backup.sh; restore.sh reads sentry_version.
sentry_version=${running_version:-$SENTRY_VERSION}
namespace=$SENTRY_NAMESPACE
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
#
# Holds (restore.sh brings it back):
#   postgres.dump    PostgreSQL: users, organizations, projects, DSN keys, issues and their state, alert
#                    rules, releases, settings (restore.sh FILE --yes)
#   row-counts.tsv   the rows of every table in the dump; restore.sh checks the restored database against it
#   secrets.yaml     the Secrets: system key, passwords, Relay credentials, the bootstrap API token
#                    (kubectl apply -f secrets.yaml before setup.sh on a new cluster)
#   configmaps.yaml  the rendered configuration (also regenerated by the infra generator)
#
# Does not hold (lost with their volumes):
#   - event payloads (SeaweedFS nodestore): issues come back, their events' details do not
#   - files: source maps, debug files, attachments, replay recordings (SeaweedFS)
#   - ClickHouse: search, Discover, stats, performance and replay indexes
#   - Kafka: events accepted but not processed yet
# To keep those, snapshot the seaweedfs and clickhouse volumes while Sentry is stopped.
MANIFEST
(cd "$target" && sha256sum postgres.dump row-counts.tsv secrets.yaml configmaps.yaml MANIFEST >SHA256SUMS)
say "written: $target"

mapfile -t old < <(find "$OUT_DIR" -mindepth 1 -maxdepth 1 -type d -name 'sentry-*' | sort -r | tail -n +"$((KEEP + 1))")
for folder in "${old[@]+"${old[@]}"}"; do
  rm -rf -- "$folder"
  say "removed old backup $folder"
done
