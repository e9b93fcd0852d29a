#!/usr/bin/env bash
# Restores PostgreSQL from a backup.sh dump: refuses another release's dump, stops everything that writes to
# it, restores, verifies every table's rows against the counts of the dump, then starts it again.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: restore.sh FILE --yes [--allow-version-mismatch] [common options]
       restore.sh --start-writers [common options]

Replaces the Sentry database in namespace $SENTRY_NAMESPACE with FILE (postgres.dump of a backup).
Sentry is down while it runs. Without --yes it only says what it would do.

It refuses a dump of another Sentry release than the one running (MANIFEST of the backup folder):
--allow-version-mismatch restores it anyway; then run upgrade.sh for an older dump's migrations (a newer
dump under an older release is not supported by Sentry). It stops every Deployment and suspends the CronJobs
(sentry-cleanup, postgres-backup, ...), waits until their pods are gone, restores in one transaction, compares
the rows of every table with the counts backup.sh took from the dump (row-counts.tsv), and only then starts
them again. What a backup does not hold (see its MANIFEST): event payloads (SeaweedFS nodestore), files
(source maps, debug files, attachments), ClickHouse (search, stats) and Kafka.

--start-writers starts again what a restore or an upgrade that stopped half-way left stopped (the replica
counts and CronJob states it saved in $(writers_file)).
USAGE
  common_usage
}

parse_common_args "$@"
set -- "${ARGS[@]+"${ARGS[@]}"}"
FILE=""
CONFIRMED=no
START_ONLY=no
ALLOW_MISMATCH=no
while [ $# -gt 0 ]; do
  case "$1" in
    --yes) CONFIRMED=yes ;;
    --start-writers) START_ONLY=yes ;;
    --allow-version-mismatch) ALLOW_MISMATCH=yes ;;
    -*) die 64 "unknown option $1 (see --help)" ;;
    *)
      [ -z "$FILE" ] || die 64 "one FILE only"
      FILE=$1
      ;;
  esac
  shift
done
if [ "$START_ONLY" = yes ]; then
  require_cluster
  [ -f "$(writers_file)" ] || die 66 "$(writers_file) does not exist: nothing was left stopped"
  start_writers
  say "started again; check it: scripts/doctor.sh"
  exit 0
fi
[ -n "$FILE" ] || die 64 "FILE is required (see --help)"
[ -f "$FILE" ] || die 66 "$FILE does not exist"
[ "$(head -c 5 "$FILE")" = PGDMP ] || die 65 "$FILE is not a pg_dump custom-format archive (backup.sh writes postgres.dump)"
if [ "$CONFIRMED" = no ] && [ "$CHECK_MODE" = no ]; then
  say "This replaces the database of namespace $SENTRY_NAMESPACE with $FILE and stops Sentry meanwhile."
  die 1 "add --yes to do it (or --check to see the steps)"
fi

require_cluster
step "Sentry version"
BACKUP_DIR=$(dirname "$FILE")
backup_version=$(sed -n 's/^sentry_version=//p' "$BACKUP_DIR/MANIFEST" 2>/dev/null || true)
running_version=$(kc get deployment web --ignore-not-found -o 'jsonpath={.metadata.labels.app\.kubernetes\.io/version}')
running_version=${running_version:-$SENTRY_VERSION}
if [ "$backup_version" != "$running_version" ]; then
  if [ "$ALLOW_MISMATCH" = no ]; then
    die 65 "the dump is of Sentry ${backup_version:-of an unknown version (no $BACKUP_DIR/MANIFEST)}, this namespace runs $running_version. Sentry's schema follows its release: the running release would meet tables its migrations do not expect. Either restore into the release of the dump (regenerate with --sentryVersion=${backup_version:-VERSION}, setup.sh, then restore, then upgrade.sh), or pass --allow-version-mismatch to restore anyway, then run the install steps (upgrade.sh --to $running_version) when the dump is older; a newer dump under an older release is not supported."
  fi
  say "warning: the dump is of Sentry ${backup_version:-unknown}, this namespace runs $running_version (--allow-version-mismatch)"
else
  say "the dump is of Sentry $backup_version, as this namespace runs"
fi

step "Stop the writers"
say "Sentry is down until the restore is verified: every Deployment goes to 0, the CronJobs are suspended."
# shellcheck disable=SC2119 # no Deployment is kept running
stop_writers

step "Restore"
if [ "$CHECK_MODE" = yes ]; then
  say "[check] would run pg_restore --clean --if-exists --single-transaction of $FILE into database postgres"
elif ! kc exec -i statefulset/postgres -- pg_restore --username postgres --dbname postgres --clean --if-exists --no-owner --single-transaction <"$FILE"; then
  die 70 "pg_restore failed (its errors are above); --single-transaction rolled the database back to what it held before. Sentry is still stopped. Start it again as it was: $(start_writers_command)"
fi

step "Verify"
COUNTS="$BACKUP_DIR/row-counts.tsv"
if [ "$CHECK_MODE" = yes ]; then
  say "[check] would compare the rows of every table with $COUNTS"
elif [ -f "$COUNTS" ]; then
  # One count(*) per table of the dump, as a single query on stdin; names are as pg_dump wrote them in its
  # COPY statements (schema-qualified, quoted where needed).
  restored=$(awk -F '\t' '{ literal = $1; gsub(/'\''/, "'\'''\''", literal); printf "%sSELECT '\''%s'\'', count(*) FROM %s\n", (NR > 1 ? "UNION ALL " : ""), literal, $1 }' "$COUNTS" |
    kc exec -i statefulset/postgres -- psql --username postgres --dbname postgres --tuples-only --no-align --field-separator=, --file - | tr ',' '\t' | sort)
  if ! differences=$(diff <(sort "$COUNTS") <(printf '%s\n' "$restored")); then
    printf '%s\n' "$differences" >&2
    die 71 "the restored tables do not hold the rows the dump holds (< dump, > database, above). Sentry is still stopped. Inspect the database, restore again, or start Sentry as it is: $(start_writers_command)"
  fi
  say "every table holds the rows of the dump ($(wc -l <"$COUNTS") tables)"
else
  expected=$(kc exec -i statefulset/postgres -- pg_restore --list <"$FILE" | grep -c ' TABLE DATA ' || true)
  restored=$(kc exec statefulset/postgres -- psql --username postgres --dbname postgres --tuples-only --no-align \
    --command "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'public'")
  [ "$restored" -ge "$expected" ] || die 70 "the dump has $expected tables with data, the database holds $restored. Sentry is still stopped; start it as it is: $(start_writers_command)"
  say "no $COUNTS (a backup of an older backup.sh): $restored tables restored, the dump has data for $expected; rows not compared"
fi

step "Start the writers again"
start_writers
[ "$CHECK_MODE" = yes ] && exit 0
await_rollouts "${APPLICATION_ROLLOUTS[@]}"
say "Sentry is back. Check it: scripts/doctor.sh"
