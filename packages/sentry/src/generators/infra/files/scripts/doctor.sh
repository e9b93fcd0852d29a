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

Checks pods (scheduling, every container, init containers too), web's /_health/, Relay, Kafka consumer lag,
volume usage (Kafka, ClickHouse, PostgreSQL, SeaweedFS, filestore), ClickHouse parts and OOM kills in namespace
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

# Every pod, every container of it (init containers included): one line per pod,
# name|phase|PodScheduled reason|init containers|containers, each container as name:ready:waiting:terminated,
check_pods() {
  local pod_bad name phase scheduling init containers entry container ready waiting terminated unhealthy=0 kind
  while IFS='|' read -r name phase scheduling init containers; do
    [ -n "$name" ] || continue
    pod_bad=0
    [ "$phase" = Succeeded ] && continue
    if [ "$scheduling" = Unschedulable ]; then
      fail "$name cannot be scheduled (no node has the memory/CPU it requests, or its volume is not bound): kubectl -n $SENTRY_NAMESPACE describe pod $name (Events)"
      unhealthy=1
      continue
    fi
    for kind in init main; do
      local list=$containers
      [ "$kind" = init ] && list=$init
      local -a entries=()
      IFS=',' read -r -a entries <<<"$list"
      for entry in "${entries[@]+"${entries[@]}"}"; do
        [ -n "$entry" ] || continue
        IFS=':' read -r container ready waiting terminated <<<"$entry"
        local what="$name ($kind container $container)"
        [ "$kind" = main ] && what="$name ($container)"
        if [ "$terminated" = OOMKilled ]; then
          fail "$what was OOM-killed: raise its memory limit (re-run the infra generator) or lower its load"
          pod_bad=1
        fi
        case "$waiting" in
          CrashLoopBackOff) fail "$what crash-loops: kubectl -n $SENTRY_NAMESPACE logs $name -c $container --previous" && pod_bad=1 ;;
          ImagePullBackOff | ErrImagePull) fail "$what cannot pull its image: check the node's network and the image name" && pod_bad=1 ;;
          CreateContainerConfigError) fail "$what misses a Secret or key: run scripts/setup.sh (it adds missing keys)" && pod_bad=1 ;;
          "") if [ "$kind" = main ] && [ "$phase" = Running ] && [ "$ready" != true ]; then warn "$what is running but not ready: kubectl -n $SENTRY_NAMESPACE describe pod $name" && pod_bad=1; fi ;;
          *) warn "$what is waiting: $waiting" && pod_bad=1 ;;
        esac
      done
    done
    if [ "$phase" = Pending ] && [ "$pod_bad" = 0 ]; then
      warn "$name is Pending: kubectl -n $SENTRY_NAMESPACE describe pod $name"
      pod_bad=1
    elif [ "$phase" = Failed ]; then
      fail "$name failed: kubectl -n $SENTRY_NAMESPACE logs $name"
      pod_bad=1
    fi
    if [ "$pod_bad" = 1 ]; then unhealthy=1; fi
  done < <(kc get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"|"}{.status.phase}{"|"}{.status.conditions[?(@.type=="PodScheduled")].reason}{"|"}{range .status.initContainerStatuses[*]}{.name}{":"}{.ready}{":"}{.state.waiting.reason}{":"}{.lastState.terminated.reason}{","}{end}{"|"}{range .status.containerStatuses[*]}{.name}{":"}{.ready}{":"}{.state.waiting.reason}{":"}{.lastState.terminated.reason}{","}{end}{"\n"}{end}')
  [ "$unhealthy" = 1 ] || ok "every pod is scheduled and every container of it ready, none was OOM-killed"
}

# Sentry's health endpoint through the web Service, asked from a web pod with bash's /dev/tcp as upstream's
# web healthcheck does (docker-compose.yml, getsentry/self-hosted 26.8.0).
check_web_health() {
  local status
  # shellcheck disable=SC2016 # run by bash inside the pod
  status=$(kc exec deploy/web -- bash -c 'exec 3<>/dev/tcp/web/9000 && printf "GET /_health/ HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n" >&3 && head -n 1 <&3' 2>/dev/null | tr -d '\r') || true
  case "$status" in
    "HTTP/1.1 200"*) ok "web answers /_health/ through its Service (http://web:9000)" ;;
    "") fail "web's /_health/ did not answer through the Service http://web:9000: kubectl -n $SENTRY_NAMESPACE get endpoints web; kubectl -n $SENTRY_NAMESPACE logs deploy/web" ;;
    *) fail "web's /_health/ answered \"$status\": kubectl -n $SENTRY_NAMESPACE logs deploy/web" ;;
  esac
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
  # Relay logs a failed registration with web as "authentication encountered error: …" (relay-server,
  # services/upstream.rs); a refusal names the HTTP status, a network failure says it could not send.
  local auth_errors
  auth_errors=$(printf '%s\n' "$logs" | grep -i 'authentication encountered error' || true)
  if printf '%s' "$auth_errors" | grep -qiE '\b(401|403)\b|unauthorized|forbidden|denied'; then
    fail "Relay is refused by Sentry (401/403): its credentials and the whitelisted key differ; see above"
  elif [ -n "$auth_errors" ] || printf '%s' "$logs" | grep -qiE 'could not send request to upstream|upstream.*(unreachable|timed out)'; then
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
check_web_health
check_relay
check_event
check_kafka_lag
[[ " ${DATA_COMPONENTS[*]} " == *" kafka "* ]] && check_volume statefulset/kafka /var/lib/kafka/data "lower KAFKA_LOG_RETENTION_HOURS/BYTES or grow the volume"
[[ " ${DATA_COMPONENTS[*]} " == *" clickhouse "* ]] && check_volume statefulset/clickhouse /var/lib/clickhouse "lower --retentionDays or grow the volume"
[[ " ${DATA_COMPONENTS[*]} " == *" seaweedfs "* ]] && check_volume statefulset/seaweedfs /data "event payloads and files (nodestore, attachments, source maps): lower --retentionDays, run sentry cleanup, or grow the volume"
check_volume deploy/web /data "the filestore (uploads, debug files): run sentry cleanup or grow the volume"
[[ " ${DATA_COMPONENTS[*]} " == *" postgres "* ]] && check_volume statefulset/postgres /var/lib/postgresql/data "run sentry cleanup and VACUUM, or grow the volume"
check_clickhouse_parts

if [ "$FAILURES" -gt 0 ]; then
  die 1 "$FAILURES check(s) failed"
fi
say "all checks passed"
