#!/usr/bin/env bash
# First install (and safe re-run) of the Sentry stack in this directory: preflight, Secrets generated once,
# the install steps in upstream's order, rollouts awaited, credentials and the first API token stored. With
# --gitops=argocd only the one-time parts are done here: Argo CD applies the stack from Git.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CREDENTIALS_FILE=""
SKIP_MIN_REQUIREMENTS=no
TOKEN_SECRET=sentry-bootstrap-token
RELAY_KEY_CHANGED=no

usage() {
  cat <<USAGE
Usage: setup.sh [--credentials-file PATH] [--skip-min-requirements] [common options]

Installs Sentry $SENTRY_VERSION ($SENTRY_PROFILE) into namespace $SENTRY_NAMESPACE, or completes an
install that stopped half-way. Re-running it changes nothing that exists: Secrets are never overwritten.
An install step whose Job failed, or whose configuration changed since, runs again as a new Job.

  --credentials-file PATH   where the URL, admin e-mail, password and API token are written, mode 0600,
CREDENTIALS_FILE=""
SKIP_MIN_REQUIREMENTS=no
USAGE
  common_usage
}

parse_common_args "$@"
set -- "${ARGS[@]+"${ARGS[@]}"}"
while [ $# -gt 0 ]; do
  OPTION_WORDS=1
  case "$1" in
    --credentials-file | --credentials-file=*)
      take_value "a path" "$@"
      CREDENTIALS_FILE=$OPTION_VALUE
      ;;
    --skip-min-requirements) SKIP_MIN_REQUIREMENTS=yes ;;
    *) die 64 "unknown option $1 (see --help)" ;;
  esac
  shift "$OPTION_WORDS"
done
# Over SSH a relative path lands in the SSH user's home folder (the remote shell starts there).
if [ -z "$CREDENTIALS_FILE" ]; then
  if [ -n "$SSH_TARGET" ]; then CREDENTIALS_FILE=.sentry-credentials; else CREDENTIALS_FILE=$HOME/.sentry-credentials; fi
fi

# Sums Kubernetes quantities (kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/: binary
# Ki Mi Gi Ti, decimal k M G T, plain bytes; CPU in m or cores, fractions too) into "MiB millicores pods".
# Lines are KIND|RESTART_POLICY|MEMORY|CPU: `pod` starts a pod; `container`, `init` and `overhead` add to it,
# each pod as the scheduler counts it (kubernetes/kubernetes staging/src/k8s.io/component-helpers/resource/
# helpers.go@v1.33.0, PodRequests): the larger of its containers plus its sidecars (init containers with
# restartPolicy Always) and of each other init container plus the sidecars started before it, plus the pod's
# overhead. An empty quantity counts 0, as a container without requests.
sum_requests() {
  awk -F '|' '
    function bytes(q,  unit) { unit = q; sub(/^[0-9.]+/, "", unit)
      return (q + 0) * (unit == "Ki" ? 1024 : unit == "Mi" ? 1048576 : unit == "Gi" ? 1073741824 : unit == "Ti" ? 1099511627776 : unit == "k" ? 1e3 : unit == "M" ? 1e6 : unit == "G" ? 1e9 : unit == "T" ? 1e12 : 1) }
    function millicores(q) { return q ~ /m$/ ? q + 0 : q * 1000 }
    function max(a, b) { return a > b ? a : b }
    function close_pod() {
      if (open) { memory += max(sum_m, init_m) + over_m; cpu += max(sum_c, init_c) + over_c; pods++ }
      open = 1; sum_m = sum_c = side_m = side_c = init_m = init_c = over_m = over_c = 0
    }
    !open || $1 == "pod" { close_pod() }
    $1 == "container" || ($1 == "init" && $2 == "Always") { sum_m += bytes($3); sum_c += millicores($4) }
    $1 == "init" && $2 == "Always" { side_m += bytes($3); side_c += millicores($4); init_m = max(init_m, side_m); init_c = max(init_c, side_c) }
    $1 == "init" && $2 != "Always" { init_m = max(init_m, bytes($3) + side_m); init_c = max(init_c, millicores($4) + side_c) }
    $1 == "overhead" { over_m += bytes($3); over_c += millicores($4) }
    END { if (open) close_pod(); printf "%d %d %d\n", memory / 1048576, cpu, pods }'
}

preflight() {
  step "Preflight"
  require_cluster
  local missing=()
  kc get storageclass "$STORAGE_CLASS" >/dev/null 2>&1 || missing+=("StorageClass $STORAGE_CLASS (microk8s enable hostpath-storage)")
  kc get ingressclass "$INGRESS_CLASS" >/dev/null 2>&1 || missing+=("IngressClass $INGRESS_CLASS (microk8s enable ingress)")
  kc --namespace kube-system get service kube-dns >/dev/null 2>&1 || missing+=("cluster DNS (microk8s enable dns)")
  # The Ingress asks this issuer for the certificate; cert-manager waits forever for one that does not exist.
  # An Issuer is looked up in the stack's namespace (kc adds it), a ClusterIssuer cluster-wide.
  if [ -n "$CERT_MANAGER_ISSUER" ]; then
    local list_issuers="kubectl get clusterissuers"
    if [ "$CERT_MANAGER_ISSUER_KIND" = Issuer ]; then list_issuers="kubectl -n $SENTRY_NAMESPACE get issuers"; fi
    kc get "${CERT_MANAGER_ISSUER_KIND,,}" "$CERT_MANAGER_ISSUER" >/dev/null 2>&1 ||
      missing+=("cert-manager $CERT_MANAGER_ISSUER_KIND $CERT_MANAGER_ISSUER (\`$list_issuers\` lists those there: regenerate with --certManagerIssuer=NAME, or create it; no cert-manager yet: microk8s enable cert-manager)")
  fi
  # With --gitops=argocd, Argo CD applies the stack: its Application resource type must exist where it runs.
  if [ -n "$ARGOCD_APPLICATION" ]; then
    kargo get applications -o name >/dev/null 2>&1 ||
      missing+=("Argo CD in namespace $ARGOCD_NAMESPACE (no Application resource there: install Argo CD, or regenerate with --argocdNamespace=NAMESPACE)")
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'missing: %s\n' "${missing[@]}" >&2
    die 3 "provide what the lines above name (a MicroK8s addon, a cert-manager issuer), then run setup.sh again. Nothing was changed."
  fi
  say "addons: dns, storage ($STORAGE_CLASS) and ingress ($INGRESS_CLASS) are there"
  if [ -n "$ARGOCD_APPLICATION" ]; then say "Argo CD: Applications in namespace $ARGOCD_NAMESPACE"; fi
  if [ -n "$CERT_MANAGER_ISSUER" ]; then say "cert-manager: $CERT_MANAGER_ISSUER_KIND $CERT_MANAGER_ISSUER is there"; fi

  # The Sentry pods share the ReadWriteOnce sentry-data claim, so the stack runs on one node: the one
  # --nodeSelector picks, else the node with the most memory free. What runs there already (other apps, Argo
  # CD, a registry) holds part of its allocatable: the requests of its pods are subtracted, as the scheduler
  # does (sum_requests).
  local -a node_selector=()
  if [ -n "$NODE_SELECTOR" ]; then node_selector=(--selector "$NODE_SELECTOR"); fi
  local nodes node allocatable_memory allocatable_cpu capacity_memory capacity_cpu pods used_memory used_cpu pod_count
  local memory=-1 cpu=0 machine_memory=0 machine_cpu=0 target="" target_pods=0 target_used_memory=0 target_used_cpu=0
  nodes=$(kc get nodes "${node_selector[@]}" -o 'jsonpath={range .items[*]}{.metadata.name}{"|"}{.status.allocatable.memory}{"|"}{.status.allocatable.cpu}{"|"}{.status.capacity.memory}{"|"}{.status.capacity.cpu}{"\n"}{end}') ||
    die 8 "could not list the nodes (kubectl's error is above). Nothing was changed."
  [ -n "$nodes" ] || die 3 "no node has the labels $NODE_SELECTOR (--nodeSelector): label the node Sentry is to run on (kubectl label node NAME KEY=VALUE; kubectl get nodes --show-labels lists them), or regenerate with another --nodeSelector. Nothing was changed."
  while IFS='|' read -r node allocatable_memory allocatable_cpu capacity_memory capacity_cpu; do
    [ -n "$node" ] || continue
    pods=$(kc get pods --all-namespaces --field-selector "spec.nodeName=$node,metadata.namespace!=$SENTRY_NAMESPACE,status.phase!=Succeeded,status.phase!=Failed" \
      -o 'jsonpath={range .items[*]}{"pod\n"}{range .spec.initContainers[*]}{"init|"}{.restartPolicy}{"|"}{.resources.requests.memory}{"|"}{.resources.requests.cpu}{"\n"}{end}{range .spec.containers[*]}{"container||"}{.resources.requests.memory}{"|"}{.resources.requests.cpu}{"\n"}{end}{"overhead||"}{.spec.overhead.memory}{"|"}{.spec.overhead.cpu}{"\n"}{end}') ||
      die 8 "could not list the pods on node $node (kubectl's error is above). Nothing was changed."
    read -r used_memory used_cpu pod_count < <(printf '%s' "$pods" | sum_requests)
    read -r allocatable_memory allocatable_cpu _ < <(printf 'container||%s|%s\n' "$allocatable_memory" "$allocatable_cpu" | sum_requests)
    if [ $((allocatable_memory - used_memory)) -gt "$memory" ]; then
      target=$node
      memory=$((allocatable_memory - used_memory))
      cpu=$((allocatable_cpu - used_cpu))
      target_used_memory=$used_memory
      target_used_cpu=$used_cpu
      target_pods=$pod_count
      read -r machine_memory machine_cpu _ < <(printf 'container||%s|%s\n' "$capacity_memory" "$capacity_cpu" | sum_requests)
    fi
  done <<<"$nodes"
  # Upstream's installer refuses machines below a minimum per profile, whatever the services request
  # (getsentry/self-hosted 26.8.0 install/check-minimum-requirements.sh, with no override for it). It counts
  # the machine's total (`free -m`, `nproc`), so this compares the node's capacity, not what is allocatable.
  local minimum="$MIN_MEMORY_MB MB and $MIN_CPUS CPUs"
  if [ "$machine_memory" -lt "$MIN_MEMORY_MB" ] || [ "$machine_cpu" -lt $((MIN_CPUS * 1000)) ]; then
    if [ "$SKIP_MIN_REQUIREMENTS" = no ]; then
      die 4 "node $target has ${machine_memory} MiB memory and $((machine_cpu / 1000)) CPUs; upstream's minimum for the $SENTRY_PROFILE profile is $minimum. Use a larger machine, regenerate with --profile=errors-only, or accept the risk with --skip-min-requirements. Nothing was changed."
    fi
    say "warning: below upstream's minimum ($minimum): ${machine_memory} MiB and $((machine_cpu / 1000)) CPUs; continuing because of --skip-min-requirements"
  else
    say "machine: ${machine_memory} MiB / $((machine_cpu / 1000)) CPUs; upstream's minimum for $SENTRY_PROFILE: $minimum"
  fi
  local already="the $target_pods pods of other namespaces there request ${target_used_memory} MiB / ${target_used_cpu}m"
  if [ "$memory" -lt "$REQUESTED_MEMORY_MI" ] || [ "$cpu" -lt "$REQUESTED_CPU_M" ]; then
    die 4 "node $target offers ${memory} MiB memory and ${cpu}m CPU (allocatable, less what runs there: $already); the $SENTRY_PROFILE profile requests ${REQUESTED_MEMORY_MI} MiB and ${REQUESTED_CPU_M}m. Free or add memory (or swap and a larger node), or regenerate with --profile=errors-only. Nothing was changed."
  fi
  say "capacity: node $target offers ${memory} MiB / ${cpu}m ($already), ${REQUESTED_MEMORY_MI} MiB / ${REQUESTED_CPU_M}m requested"
}

# Adds each missing key to the core Secret; existing keys are never touched.
ensure_core_secret() {
  step "Secrets"
  if ! object_exists secret "$CORE_SECRET"; then
    change kc create secret generic "$CORE_SECRET"
  fi
  local key length
  for key in "${GENERATED_SECRET_KEYS[@]}"; do
    read_secret "$CORE_SECRET" "$key"
    if [ -n "$SECRET_VALUE" ]; then
      say "$CORE_SECRET/$key: kept"
      continue
    fi
    if [ "$CHECK_MODE" = yes ]; then
      say "[check] would generate $CORE_SECRET/$key"
      continue
    fi
    length=40
    if [ "$key" = system-secret-key ]; then length=50; fi
    printf '{"data":{"%s":"%s"}}' "$key" "$(random_string "$length" | base64 | tr -d '\n')" | patch_secret "$CORE_SECRET"
    say "$CORE_SECRET/$key: generated"
  done
  if [ -n "$MAIL_PASSWORD_KEY" ]; then read_secret "$CORE_SECRET" "$MAIL_PASSWORD_KEY"; fi
  if [ -n "$MAIL_PASSWORD_KEY" ] && [ -z "$SECRET_VALUE" ]; then
    say "note: add the SMTP password: kubectl -n $SENTRY_NAMESPACE patch secret $CORE_SECRET --type merge -p '{\"stringData\":{\"$MAIL_PASSWORD_KEY\":\"…\"}}'"
  fi
  for key in "${GITHUB_SECRET_KEYS[@]}"; do
    read_secret "$CORE_SECRET" "$key"
    [ -n "$SECRET_VALUE" ] || say "note: add the GitHub App's $key to $CORE_SECRET (see the README)"
  done
}

# Relay's identity, generated once by Relay itself; its public key is whitelisted in Sentry (trusted relay).
ensure_relay_credentials() {
  local credentials public_key
  read_secret "$RELAY_SECRET" credentials.json
  credentials=$SECRET_VALUE
  if [ -z "$credentials" ]; then
    if [ "$CHECK_MODE" = yes ]; then
      say "[check] would generate Relay credentials with $RELAY_IMAGE and store them in $RELAY_SECRET"
      return 0
    fi
    local -a overrides=()
    if [ -n "$RUN_OVERRIDES" ]; then overrides=(--overrides "$RUN_OVERRIDES"); fi
    credentials=$(kc run "relay-credentials-$RANDOM" --rm -i --quiet --restart=Never --image "$RELAY_IMAGE" "${overrides[@]}" -- credentials generate --stdout)
    printf '%s' "$credentials" | kc create secret generic "$RELAY_SECRET" --from-file=credentials.json=/dev/stdin >/dev/null
    say "$RELAY_SECRET: generated"
  else
    say "$RELAY_SECRET: kept"
  fi
  public_key=$(printf '%s' "$credentials" | grep -o '"public_key" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
  [ -n "$public_key" ] || die 5 "$RELAY_SECRET holds no public_key; delete it and run setup.sh again"
  # Sentry trusts the key in the core Secret; when the Relay Secret was recreated the two differ and every
  # Relay request is refused, so the trusted key follows the Relay Secret (and web and relay restart below).
  read_secret "$CORE_SECRET" "$RELAY_PUBLIC_KEY_KEY"
  if [ "$SECRET_VALUE" != "$public_key" ]; then
    if [ -n "$SECRET_VALUE" ]; then
      say "$CORE_SECRET/$RELAY_PUBLIC_KEY_KEY differs from the public key in $RELAY_SECRET: updating it (web and relay restart at the end)"
      RELAY_KEY_CHANGED=yes
    fi
    printf '{"stringData":{"%s":"%s"}}' "$RELAY_PUBLIC_KEY_KEY" "$public_key" | patch_secret "$CORE_SECRET"
  fi
}

create_api_token() {
  step "API token for the bootstrap"
  read_secret "$TOKEN_SECRET" token
  if [ -n "$SECRET_VALUE" ]; then
    say "$TOKEN_SECRET: kept"
    return 0
  fi
  if [ "$CHECK_MODE" = yes ]; then
    say "[check] would create an API token for $SENTRY_ADMIN_EMAIL and store it in $TOKEN_SECRET"
    return 0
  fi
  # Tokens cannot be created through the API with a token, so the ORM creates the first one (stored hashed;
  # the plain value is readable once, here).
  local program token
  program='
import os
from sentry.users.models.user import User
from sentry.models.apitoken import ApiToken
user = User.objects.get(email=os.environ["SENTRY_ADMIN_EMAIL"])
token = ApiToken.objects.create(user_id=user.id, name="fundamental-bootstrap", scope_list=[
    "org:admin", "team:admin", "project:admin", "project:releases", "member:admin", "event:admin", "alerts:write"])
print(token.plaintext_token)
'
  token=$(kc exec deploy/web -- env "SENTRY_ADMIN_EMAIL=$SENTRY_ADMIN_EMAIL" sentry exec -c "$program" | tail -n 1)
  [ -n "$token" ] || die 7 "no token was printed by sentry exec"
  printf '%s' "$token" | kc create secret generic "$TOKEN_SECRET" --from-file=token=/dev/stdin >/dev/null
  say "$TOKEN_SECRET: created"
}

write_credentials() {
  step "Credentials"
  local password token
  read_secret "$CORE_SECRET" admin-password
  password=$SECRET_VALUE
  read_secret "$TOKEN_SECRET" token
  token=$SECRET_VALUE
  {
    printf 'SENTRY_URL=%q\n' "$SENTRY_URL"
    printf 'SENTRY_ADMIN_EMAIL=%q\n' "$SENTRY_ADMIN_EMAIL"
    printf 'SENTRY_ADMIN_PASSWORD=%q\n' "$password"
    printf 'SENTRY_AUTH_TOKEN=%q\n' "$token"
  } | write_private_file "$CREDENTIALS_FILE"
  if [ "$CHECK_MODE" = no ]; then say "written: $CREDENTIALS_FILE${SSH_TARGET:+ on $SSH_TARGET} (mode 0600)"; fi
}

# Waits until Argo CD reports the Application Synced and Healthy: true then, false as soon as its sync operation
# failed (a hook Job failed, a manifest was refused), which automated sync does not retry for the same revision
# (argoproj/argo-cd docs/user-guide/auto_sync.md@v3.1.0). The first sync runs the migrations: up to an hour.
wait_for_application() {
  local poll sync health phase
  for ((poll = 0; poll < 180; poll++)); do
    if kargo wait "application/$ARGOCD_APPLICATION" --for=jsonpath='{.status.health.status}'=Healthy --timeout=20s >/dev/null 2>&1; then
      read -r sync health phase < <(kargo get application "$ARGOCD_APPLICATION" -o 'jsonpath={.status.sync.status}{" "}{.status.health.status}{" "}{.status.operationState.phase}{"\n"}') || true
      [ "${sync:-} ${health:-}" = "Synced Healthy" ] && return 0
      sleep 10
    fi
    phase=$(kargo get application "$ARGOCD_APPLICATION" -o 'jsonpath={.status.operationState.phase}') || true
    case "$phase" in Failed | Error) return 1 ;; esac
  done
  return 1
}

# With --gitops=argocd the stack comes from Git: this applies the Application once and lets Argo CD sync it
# (data services, the install steps as Sync hooks, then the rest, in sync waves).
sync_with_argocd() {
  step "Argo CD Application $ARGOCD_APPLICATION (namespace $ARGOCD_NAMESPACE)"
  if [ "$CHECK_MODE" = yes ]; then
    say "[check] would apply argocd/application.yaml and wait until Argo CD reports it Synced and Healthy"
    return 0
  fi
  kargo apply -f - <"$STACK_DIR/argocd/application.yaml"
  say "waiting for Argo CD to sync it (the first sync runs the migrations: up to an hour)"
  if ! wait_for_application; then
    kargo get application "$ARGOCD_APPLICATION" -o 'jsonpath={.status.operationState.message}{"\n"}' >&2 || true
    die 6 "Argo CD has not synced $ARGOCD_APPLICATION (its last message is above; more: kubectl -n $ARGOCD_NAMESPACE describe application $ARGOCD_APPLICATION, or the Argo CD UI). Fix the cause, let Argo CD sync again, then run setup.sh again."
  fi
  say "$ARGOCD_APPLICATION: Synced and Healthy"
}

preflight
step "Namespace $SENTRY_NAMESPACE"
if object_exists namespace "$SENTRY_NAMESPACE"; then say "exists"; else change kc create namespace "$SENTRY_NAMESPACE"; fi
ensure_core_secret
ensure_relay_credentials

if [ -n "$ARGOCD_APPLICATION" ]; then
  sync_with_argocd
else
  step "Base and data services"
  apply_folder base
  for component in "${DATA_COMPONENTS[@]}"; do apply_folder "components/$component"; done
  await_rollouts "${DATA_ROLLOUTS[@]}"

  step "Install steps"
  # Objects of bootstrap/ without a component name are its ConfigMaps, needed by the Jobs.
  apply_folder bootstrap '!app.kubernetes.io/name'
  for index in "${!BOOTSTRAP_STEPS[@]}"; do run_install_job "${BOOTSTRAP_STEPS[$index]}" "${BOOTSTRAP_JOBS[$index]}"; done

  step "Sentry"
  apply_folder .
  await_rollouts "${APPLICATION_ROLLOUTS[@]}"
fi
if [ "$RELAY_KEY_CHANGED" = yes ]; then
  # Environment variables from a Secret are read when a container starts (kubernetes.io/docs/concepts/
  # configuration/secret/#using-secrets-as-environment-variables), so the new key needs new pods.
  change kc rollout restart deployment/web deployment/relay
  await_rollouts deployment/web deployment/relay
fi

create_api_token
write_credentials

step "Next steps"
say "1. Open $SENTRY_URL and log in as $SENTRY_ADMIN_EMAIL (password in $CREDENTIALS_FILE)."
say "2. Create the organization, projects, DSNs and alerts: source $CREDENTIALS_FILE, then npx nx run $INFRA_PROJECT:bootstrap"
say "3. Check the stack end to end: scripts/doctor.sh"
