#!/usr/bin/env bash
# Upgrades a running stack to the release these manifests were generated for: refuses skipped hard stops
# and ClickHouse steps, backs up first, stops Sentry, runs the release's install steps, then rolls every
# component and starts it with the replica counts it had.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TARGET=""
BACKUP_ARGS=()

usage() {
  cat <<USAGE
Usage: upgrade.sh --to VERSION [--skip-backup] [common options]

Upgrades the Sentry in namespace $SENTRY_NAMESPACE to VERSION. The manifests of this directory must already
be generated for VERSION (they are for $SENTRY_VERSION): from the workspace,
  npx nx g @fundamental/sentry:infra --directory=$STACK_DIRECTORY --sentryVersion=VERSION
(or npx nx run $INFRA_PROJECT:upgrade --to=VERSION, which does both). A backup is taken first.

Downtime: like upstream's install.sh (install/turn-things-off.sh before install/set-up-and-migrate-database.sh,
getsentry/self-hosted 26.8.0), every Sentry and Snuba workload is stopped before the migrations run, so that
the old release never writes to a half-migrated database; Relay keeps accepting events into Kafka (as with
upstream's --minimize-downtime), processed once the new release runs. Expect 10 to 30 minutes of no web UI,
no API and no alerts; a large database's migrations can take longer (each install step may run 60 minutes).
USAGE
  common_usage
}

parse_common_args "$@"
set -- "${ARGS[@]+"${ARGS[@]}"}"
SKIP_BACKUP=no
while [ $# -gt 0 ]; do
  OPTION_WORDS=1
  case "$1" in
    --to | --to=*)
      take_value "a version such as $SENTRY_VERSION" "$@"
      TARGET=$OPTION_VALUE
      ;;
    --skip-backup) SKIP_BACKUP=yes ;;
    *) die 64 "unknown option $1 (see --help)" ;;
  esac
  shift "$OPTION_WORDS"
done
[ -n "$TARGET" ] || die 64 "--to VERSION is required (see --help)"
[[ "$TARGET" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die 64 "--to $TARGET: expected a release such as $SENTRY_VERSION"
if [ "$TARGET" != "$SENTRY_VERSION" ]; then
  die 65 "the manifests in $STACK_DIRECTORY are for $SENTRY_VERSION, not $TARGET. Regenerate them first: npx nx g @fundamental/sentry:infra --directory=$STACK_DIRECTORY --sentryVersion=$TARGET"
fi

require_cluster
CURRENT=$(kc get deployment web --ignore-not-found -o 'jsonpath={.metadata.labels.app\.kubernetes\.io/version}')
[ -n "$CURRENT" ] || die 66 "no Sentry runs in namespace $SENTRY_NAMESPACE; install it with setup.sh"

step "Upgrade path $CURRENT -> $TARGET"
if [ "$CURRENT" = "$TARGET" ]; then
  say "already at $TARGET: re-applying (idempotent)"
elif version_lt "$TARGET" "$CURRENT"; then
  die 67 "$TARGET is older than the running $CURRENT; Sentry does not support downgrades (restore a backup instead)"
fi
for stop in "${HARD_STOPS[@]}"; do
  if version_lt "$CURRENT" "$stop" && version_lt "$stop" "$TARGET"; then
    die 68 "$CURRENT -> $TARGET skips the hard stop $stop: upgrade to $stop first (regenerate with --sentryVersion=$stop, run upgrade.sh --to $stop), then continue"
  fi
done

# ClickHouse must start once on every feature release between the running one and the target's.
RUNNING_CLICKHOUSE=$(kc get statefulset clickhouse --ignore-not-found -o 'jsonpath={.spec.template.spec.containers[0].image}' | sed -n 's/.*:\([0-9]*\.[0-9]*\).*/\1/p')
if [ -n "$RUNNING_CLICKHOUSE" ]; then
  TARGET_CLICKHOUSE=${CLICKHOUSE_VERSION%.*.*}
  position() {
    local index=0 entry
    for entry in "${CLICKHOUSE_UPGRADE_CHAIN[@]}"; do
      [ "$entry" = "$1" ] && echo "$index" && return 0
      index=$((index + 1))
    done
    echo -1
  }
  from=$(position "$RUNNING_CLICKHOUSE")
  to=$(position "$TARGET_CLICKHOUSE")
  if [ "$from" -lt 0 ] && version_lt "$RUNNING_CLICKHOUSE" "$TARGET_CLICKHOUSE"; then
    die 69 "ClickHouse $RUNNING_CLICKHOUSE is older than this release's upgrade chain (${CLICKHOUSE_UPGRADE_CHAIN[*]}); upgrade through an earlier Sentry release first"
  fi
  if [ "$from" -ge 0 ] && [ $((to - from)) -gt 1 ]; then
    die 69 "ClickHouse $RUNNING_CLICKHOUSE -> $TARGET_CLICKHOUSE skips ${CLICKHOUSE_UPGRADE_CHAIN[$((from + 1))]}: upgrade through the Sentry release that ships it first"
  fi
  say "ClickHouse $RUNNING_CLICKHOUSE -> $TARGET_CLICKHOUSE: allowed"
fi
say "no hard stop skipped"

if [ "$SKIP_BACKUP" = no ]; then
  step "Backup before upgrading"
  [ "$CHECK_MODE" = yes ] && BACKUP_ARGS+=(--check)
  [ -n "$SSH_TARGET" ] && BACKUP_ARGS+=(--ssh "$SSH_TARGET")
  [ -n "$KUBE_CONTEXT" ] && BACKUP_ARGS+=(--context "$KUBE_CONTEXT")
  "$STACK_DIR/scripts/backup.sh" "${BACKUP_ARGS[@]+"${BACKUP_ARGS[@]}"}"
fi

step "Stop Sentry"
say "Sentry is down from now until the new release has rolled out: web UI, API, alerts, event processing and"
say "the CronJobs stop; Relay keeps accepting events into Kafka. Expect 10 to 30 minutes (the data services"
say "roll, then ${#BOOTSTRAP_STEPS[@]} install steps run; on a large database migrations may take up to an hour)."
stop_writers relay

step "Data services"
for component in "${DATA_COMPONENTS[@]}"; do apply_folder "components/$component"; done
await_rollouts "${DATA_ROLLOUTS[@]}"

step "Migrations ($TARGET)"
apply_folder bootstrap '!app.kubernetes.io/name'
for index in "${!BOOTSTRAP_STEPS[@]}"; do
  [ "${BOOTSTRAP_STEPS[$index]}" = sentry-createuser ] && continue
  run_install_job "${BOOTSTRAP_STEPS[$index]}" "${BOOTSTRAP_JOBS[$index]}" \
    "Sentry stays stopped: the old release must not run on a half-migrated database. Fix the cause and run upgrade.sh again (it continues where it stopped), or go back with scripts/restore.sh on the backup taken above."
done

step "Roll every component"
apply_folder .
start_writers
await_rollouts "${APPLICATION_ROLLOUTS[@]}"
say "Sentry runs $TARGET. Check it: scripts/doctor.sh"
