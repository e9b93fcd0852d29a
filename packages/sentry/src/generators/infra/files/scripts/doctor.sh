#!/usr/bin/env bash
# The seed's troubleshooting section as checks: each prints OK, WARN or FAIL with what to do about it.
# Exits non-zero when anything failed. Reads only; --check is accepted and changes nothing either way.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DSN=""
LAG_WARN=10000

usage() {
  cat <<USAGE
Usage: doctor.sh [--dsn DSN] [common options]

Checks pods, Relay, Kafka consumer lag, volume usage, ClickHouse parts and OOM kills in namespace
$SENTRY_NAMESPACE. With --dsn it sends a test event through Relay; with SENTRY_AUTH_TOKEN and SENTRY_ORG in
the environment it also confirms through the API that the event arrived.
USAGE
  common_usage
}

parse_common_args "$@"
set -- "${ARGS[@]+"${ARGS[@]}"}"
while [ $# -gt 0 ]; do
  OPTION_WORDS=1
  case "$1" in
    --dsn | --dsn=*)
      take_value "a DSN" "$@"
      DSN=$OPTION_VALUE
      ;;
    *) die 64 "unknown option $1 (see --help)" ;;
  esac
  shift "$OPTION_WORDS"
done

FAILURES=0
ok() { printf 'OK    %s\n' "$*"; }
warn() { printf 'WARN  %s\n' "$*"; }
fail() {
  printf 'FAIL  %s\n' "$*"
  FAILURES=$((FAILURES + 1))
}

check_pods() {
  local name ready reason last_reason unhealthy=0
  while IFS='|' read -r name ready reason last_reason; do
    [ -n "$name" ] || continue
    if [ "$last_reason" = OOMKilled ]; then
      fail "$name was OOM-killed: raise its memory limit (re-run the infra generator) or lower its load"
      unhealthy=1
    fi
    case "$reason" in
      CrashLoopBackOff) fail "$name crash-loops: kubectl -n $SENTRY_NAMESPACE logs $name --previous" && unhealthy=1 ;;
      ImagePullBackOff | ErrImagePull) fail "$name cannot pull its image: check the node's network and the image name" && unhealthy=1 ;;
      CreateContainerConfigError) fail "$name misses a Secret or key: run scripts/setup.sh (it adds missing keys)" && unhealthy=1 ;;
      *) if [ "$ready" != true ] && [ -n "$reason" ]; then warn "$name not ready: $reason" && unhealthy=1; fi ;;
    esac
  done < <(kc get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"|"}{.status.containerStatuses[0].ready}{"|"}{.status.containerStatuses[0].state.waiting.reason}{"|"}{.status.containerStatuses[0].lastState.terminated.reason}{"\n"}{end}')
  [ "$unhealthy" = 1 ] || ok "every pod is ready, none was OOM-killed"
}

check_relay() {
  local credentials public_key whitelisted logs
  read_secret "$RELAY_SECRET" credentials.json
  credentials=$SECRET_VALUE
  public_key=$(printf '%s' "$credentials" | grep -o '"public_key" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' || true)
  read_secret "$CORE_SECRET" "$RELAY_PUBLIC_KEY_KEY"
  whitelisted=$SECRET_VALUE
  if [ -z "$public_key" ] || [ "$public_key" != "$whitelisted" ]; then
    fail "Relay's public key is not the one Sentry trusts: run scripts/setup.sh, then restart web and relay"
  else
    ok "Relay's key is whitelisted (trusted internal relay)"
  fi
  logs=$(kc logs deployment/relay --since=1h 2>/dev/null || true)
  if printf '%s' "$logs" | grep -qiE '(401|403|unauthorized|not authorized)'; then
    fail "Relay is refused by Sentry (401/403): its credentials and the whitelisted key differ; see above"
  elif printf '%s' "$logs" | grep -qiE 'upstream.*(error|unreachable|timed out)|could not (connect|send)'; then
    fail "Relay cannot reach web (http://web:9000): check the web pods and the NetworkPolicy allow-to-web"
  else
    ok "Relay logs of the last hour show no authentication or upstream errors"
  fi
}

check_event() {
  [ -n "$DSN" ] || {
    warn "no --dsn given: the end-to-end event check was skipped"
    return 0
  }
  local key host project event_id status
  key=$(printf '%s' "$DSN" | sed -n 's#^https\?://\([^@:]*\)@.*#\1#p')
  host=$(printf '%s' "$DSN" | sed -n 's#^\(https\?://\)[^@]*@\([^/]*\)/.*#\1\2#p')
  project=$(printf '%s' "$DSN" | sed -n 's#.*/\([0-9][0-9]*\)$#\1#p')
  if [ -z "$key" ] || [ -z "$host" ] || [ -z "$project" ]; then
    fail "--dsn is not a DSN (https://KEY@HOST/PROJECT_ID)"
    return 0
  fi
  event_id=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$host/api/$project/store/" \
    -H 'Content-Type: application/json' \
    -H "X-Sentry-Auth: Sentry sentry_version=7, sentry_client=fundamental-doctor/1, sentry_key=$key" \
    --data "{\"event_id\":\"$event_id\",\"message\":\"fundamental doctor test event\",\"level\":\"info\",\"platform\":\"other\"}" || true)
  if [ "$status" != 200 ]; then
    fail "Relay answered $status to a test event for project $project: check the DSN, the Ingress and Relay"
    return 0
  fi
  ok "Relay accepted test event $event_id for project $project"
  if [ -z "${SENTRY_AUTH_TOKEN:-}" ] || [ -z "${SENTRY_ORG:-}" ]; then
    warn "set SENTRY_AUTH_TOKEN and SENTRY_ORG to confirm the event was stored"
    return 0
  fi
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10 11 12; do
    # The token goes in a curl config read from stdin (curl(1), --config -), never in curl's argv.
    status=$(printf 'header = "Authorization: Bearer %s"\n' "$SENTRY_AUTH_TOKEN" |
      curl --config - -sS -o /dev/null -w '%{http_code}' "$SENTRY_URL/api/0/organizations/$SENTRY_ORG/eventids/$event_id/" || true)
    if [ "$status" = 200 ]; then
      ok "the test event was processed and stored (after ~$((attempt * 5))s)"
      return 0
    fi
    sleep 5
  done
  fail "the test event never arrived: check the consumers (events-consumer, post-process-forwarder-errors) and Kafka lag below"
}

check_kafka_lag() {
  [[ " ${DATA_COMPONENTS[*]} " == *" kafka "* ]] || return 0
  local group lag report found=0
  report=$(kc exec statefulset/kafka -- kafka-consumer-groups --bootstrap-server localhost:9092 --describe --all-groups 2>/dev/null |
    awk 'NF >= 6 && $6 ~ /^[0-9]+$/ { lag[$1] += $6 } END { for (g in lag) print g, lag[g] }') || true
  while read -r group lag; do
    [ -n "$group" ] || continue
    found=1
    if [ "$lag" -gt "$LAG_WARN" ]; then
      warn "consumer group $group lags $lag messages: its consumer is slow or stopped (doctor's pod check above)"
    fi
  done <<<"$report"
  if [ "$found" = 1 ]; then ok "Kafka consumer lag read for every group"; else warn "Kafka consumer groups could not be read"; fi
}

check_volume() {
  local workload=$1 path=$2 fix=$3 used
  used=$(kc exec "$workload" -- df -P "$path" 2>/dev/null | awk 'NR == 2 { sub("%", "", $5); print $5 }') || true
  if [ -z "$used" ]; then
    warn "$workload: could not read the usage of $path"
  elif [ "$used" -ge 95 ]; then
    fail "$workload: $path is ${used}% full: $fix"
  elif [ "$used" -ge 85 ]; then
    warn "$workload: $path is ${used}% full: $fix"
  else
    ok "$workload: $path is ${used}% full"
  fi
}

check_clickhouse_parts() {
  [[ " ${DATA_COMPONENTS[*]} " == *" clickhouse "* ]] || return 0
  local broken
  # clickhouse-client reads the password from CLICKHOUSE_PASSWORD (clickhouse.com/docs/interfaces/cli,
  # "Environment variable options"), so it never shows in the pod's process list.
  # shellcheck disable=SC2016 # expanded by the shell inside the pod, where the password variable is set
  broken=$(kc exec statefulset/clickhouse -- sh -c 'CLICKHOUSE_PASSWORD="$SENTRY_CLICKHOUSE_PASSWORD" clickhouse-client --query "SELECT count() FROM system.detached_parts WHERE reason LIKE '\''broken%'\''"' 2>/dev/null) || true
  if [ -z "$broken" ]; then
    warn "ClickHouse: detached parts could not be read"
  elif [ "$broken" -gt 0 ]; then
    fail "ClickHouse has $broken broken detached parts (unclean shutdown): inspect system.detached_parts, then drop them with ALTER TABLE … DROP DETACHED PART"
  else
    ok "ClickHouse has no broken parts"
  fi
}

require_cluster
check_pods
check_relay
check_event
check_kafka_lag
[[ " ${DATA_COMPONENTS[*]} " == *" kafka "* ]] && check_volume statefulset/kafka /var/lib/kafka/data "lower KAFKA_LOG_RETENTION_HOURS/BYTES or grow the volume"
[[ " ${DATA_COMPONENTS[*]} " == *" clickhouse "* ]] && check_volume statefulset/clickhouse /var/lib/clickhouse "lower --retentionDays or grow the volume"
[[ " ${DATA_COMPONENTS[*]} " == *" postgres "* ]] && check_volume statefulset/postgres /var/lib/postgresql/data "run sentry cleanup and VACUUM, or grow the volume"
check_clickhouse_parts

if [ "$FAILURES" -gt 0 ]; then
  die 1 "$FAILURES check(s) failed"
fi
say "all checks passed"
