#!/usr/bin/env bash
# Restores PostgreSQL from a backup.sh dump: stops everything that writes to it, restores, starts it again
# with the replica counts it had, and verifies that every table of the dump came back.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: restore.sh FILE --yes [common options]
       restore.sh --start-writers [common options]

Replaces the Sentry database in namespace $SENTRY_NAMESPACE with FILE (postgres.dump of a backup).
Sentry is down while it runs. Without --yes it only says what it would do.
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
while [ $# -gt 0 ]; do
  case "$1" in
    --yes) CONFIRMED=yes ;;
    --start-writers) START_ONLY=yes ;;
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
step "Stop the writers"
declare -A replicas=()
for component in "${APPLICATION_COMPONENTS[@]}"; do
  count=$(kc get deployment "$component" --ignore-not-found -o 'jsonpath={.spec.replicas}')
  [ -n "$count" ] || continue
  replicas[$component]=$count
  change kc scale deployment "$component" --replicas 0
done
for component in "${!replicas[@]}"; do
  change kc rollout status "deployment/$component" --timeout=10m
done

step "Restore"
if [ "$CHECK_MODE" = yes ]; then
  say "[check] would run pg_restore --clean --if-exists of $FILE into database postgres"
else
  kc exec -i statefulset/postgres -- pg_restore --username postgres --dbname postgres --clean --if-exists --no-owner --single-transaction <"$FILE"
fi

step "Start the writers again"
for component in "${!replicas[@]}"; do
  change kc scale deployment "$component" --replicas "${replicas[$component]}"
done

step "Verify"
[ "$CHECK_MODE" = yes ] && exit 0
expected=$(kc exec -i statefulset/postgres -- pg_restore --list <"$FILE" | grep -c ' TABLE DATA ' || true)
restored=$(kc exec statefulset/postgres -- psql --username postgres --dbname postgres --tuples-only --no-align \
  --command "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'public'")
[ "$restored" -ge "$expected" ] || die 70 "the dump has $expected tables with data, the database holds $restored"
say "restored: $restored tables (the dump has data for $expected)"
for component in "${!replicas[@]}"; do
  change kc rollout status "deployment/$component" --timeout=15m
done
say "Sentry is back. Check it: scripts/doctor.sh"
