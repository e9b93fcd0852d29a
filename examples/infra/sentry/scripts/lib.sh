# shellcheck shell=bash
# Shared by the operations scripts: argument parsing, how kubectl is reached (MicroK8s on this host, a
# kubeconfig context, or MicroK8s over SSH), check mode, and output. Sourced, never run.

# The scripts use bash 4.4 (mapfile, empty arrays under `set -u`): stop with a clear message on an older
# one, such as the bash 3.2 that macOS ships.
require_bash_4_4() {
  local major=${1:-0} minor=${2:-0}
  if [ "$major" -lt 4 ] || { [ "$major" -eq 4 ] && [ "$minor" -lt 4 ]; }; then
    printf 'error: these scripts need bash 4.4 or newer; this is bash %s.%s. On macOS: brew install bash, then run them with it (e.g. /opt/homebrew/bin/bash scripts/setup.sh).\n' "$major" "$minor" >&2
    exit 64
  fi
}
require_bash_4_4 "${BASH_VERSINFO[0]:-0}" "${BASH_VERSINFO[1]:-0}"

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=stack.env.sh
source "$STACK_DIR/scripts/stack.env.sh"

CHECK_MODE=no
AUTO_SYNC_PAUSED=no
SSH_TARGET=""
KUBE_CONTEXT=""
ARGS=()

say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
die() {
  local code=$1
  shift
  printf 'error: %s\n' "$*" >&2
  exit "$code"
}

# The value of the option at the head of the arguments, given as `--name VALUE` or `--name=VALUE`, into
# OPTION_VALUE; OPTION_WORDS is how many words it took, for the caller's `shift "$OPTION_WORDS"`.
take_value() {
  local expected=$1
  shift
  case "$1" in
    --*=*)
      OPTION_VALUE=${1#*=}
      OPTION_WORDS=1
      ;;
    *)
      [ $# -ge 2 ] || die 64 "$1 needs $expected"
      OPTION_VALUE=$2
      OPTION_WORDS=2
      ;;
  esac
}

# Options every script takes; the rest is left in ARGS for the script's own parser.
parse_common_args() {
  while [ $# -gt 0 ]; do
    OPTION_WORDS=1
    case "$1" in
      --check) CHECK_MODE=yes ;;
      --ssh | --ssh=*)
        take_value "a target such as root@203.0.113.10" "$@"
        SSH_TARGET=$OPTION_VALUE
        ;;
      --context | --context=*)
        take_value "a kubeconfig context name" "$@"
        KUBE_CONTEXT=$OPTION_VALUE
        ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) ARGS+=("$1") ;;
    esac
    shift "$OPTION_WORDS"
  done
}

common_usage() {
  cat <<'USAGE'
Where kubectl runs (default: `microk8s kubectl` on this host when MicroK8s is installed, else `kubectl`):
  --ssh USER@HOST     run `microk8s kubectl` on the MicroK8s host over SSH (as the seed's Ansible did)
  --context NAME      use this kubeconfig context of the local kubectl
  --check             print what would change and change nothing
  -h, --help          this help
USAGE
}

# The kubectl command for this run, as words.
kubectl_words() {
  if [ -n "$SSH_TARGET" ]; then
    printf '%s\n' ssh -o BatchMode=yes "$SSH_TARGET" microk8s kubectl
  elif [ -n "$KUBE_CONTEXT" ]; then
    printf '%s\n' kubectl --context "$KUBE_CONTEXT"
  elif command -v microk8s >/dev/null 2>&1; then
    printf '%s\n' microk8s kubectl
  else
    printf '%s\n' kubectl
  fi
}

# kubectl in the namespace $1. Over SSH the remote shell re-splits the command, so each word is quoted for
# it with printf %q.
kubectl_in() {
  local namespace=$1
  shift
  local -a words
  mapfile -t words < <(kubectl_words)
  if [ -n "$SSH_TARGET" ]; then
    "${words[@]:0:4}" "$(printf '%q ' "${words[@]:4}" --namespace "$namespace" "$@")"
  else
    "${words[@]}" --namespace "$namespace" "$@"
  fi
}

# kubectl in the stack's namespace.
kc() { kubectl_in "$SENTRY_NAMESPACE" "$@"; }

# kubectl in Argo CD's namespace (with --gitops=argocd).
kargo() { kubectl_in "$ARGOCD_NAMESPACE" "$@"; }

# A command that changes the cluster or the host: printed in check mode, run otherwise.
change() {
  if [ "$CHECK_MODE" = yes ]; then
    say "[check] would run: $*"
  else
    "$@"
  fi
}

# kubectl apply -k of a folder of the stack, optionally only objects matching a label selector. Over SSH
# the folder is streamed to a temporary directory on the host first.
apply_folder() {
  local folder=$1 selector=${2:-}
  local -a select=()
  [ -n "$selector" ] && select=(--selector "$selector")
  if [ "$CHECK_MODE" = yes ]; then
    say "[check] would apply $folder${selector:+ ($selector)}"
    return 0
  fi
  if [ -n "$SSH_TARGET" ]; then
    local remote
    remote="tmp=\$(mktemp -d) && tar -xzf - -C \"\$tmp\" && microk8s kubectl apply -k \"\$tmp\"/$(printf '%q' "$folder") $(printf '%q ' "${select[@]}"); status=\$?; rm -rf \"\$tmp\"; exit \$status"
    tar -C "$STACK_DIR" -czf - . | ssh -o BatchMode=yes "$SSH_TARGET" "$remote"
  else
    kc apply -k "$STACK_DIR/$folder" "${select[@]}"
  fi
}

# Waits for workloads (kind/name) to finish rolling out.
await_rollouts() {
  local workload
  for workload in "$@"; do
    change kc rollout status "$workload" --timeout=15m
  done
}

# Writes stdin to a file with mode 0600 on the host that runs MicroK8s (this one, or the SSH target).
write_private_file() {
  local path=$1
  if [ "$CHECK_MODE" = yes ]; then
    say "[check] would write $path (mode 0600)"
    cat >/dev/null
  elif [ -n "$SSH_TARGET" ]; then
    ssh -o BatchMode=yes "$SSH_TARGET" "umask 077 && cat > $(printf '%q' "$path") && chmod 600 $(printf '%q' "$path")"
  else
    (umask 077 && cat >"$path" && chmod 600 "$path")
  fi
}

# Reads one key of a Secret into SECRET_VALUE; empty when the Secret or the key is absent (`kubectl get
# --ignore-not-found` exits 0 and prints nothing for a missing object, and a jsonpath template prints nothing
# for a missing key: kubectl get --help, --allow-missing-template-keys). Any other failure (API unreachable,
# timeout, RBAC) stops the script: a failed read must never pass for "absent", or setup would generate a new
# password over the one PostgreSQL already holds. Called without $( ) so that the stop stops the script.
# shellcheck disable=SC2034 # SECRET_VALUE is read by the scripts that source this file
read_secret() {
  local name=$1 key=$2 encoded
  if ! encoded=$(kc get secret "$name" --ignore-not-found -o "jsonpath={.data.${key//./\\.}}"); then
    die 8 "could not read Secret $name (kubectl's error is above). Nothing was overwritten. Check that the cluster answers (kubectl get --raw /readyz), then run the script again."
  fi
  SECRET_VALUE=""
  if [ -n "$encoded" ]; then SECRET_VALUE=$(printf '%s' "$encoded" | base64 -d); fi
}

# True when the object exists, false when kubectl says it does not; stops the script when kubectl fails
# otherwise (the same reasoning as read_secret: "could not look" is not "absent").
object_exists() {
  local found
  if ! found=$(kc get "$@" --ignore-not-found -o name); then
    die 8 "could not read $* (kubectl's error is above). Nothing was changed by this step. Check that the cluster answers (kubectl get --raw /readyz), then run the script again."
  fi
  [ -n "$found" ]
}

# Merge-patches a Secret with the JSON patch on stdin (`kubectl patch --patch-file`, kubectl patch --help):
# a value in stdin never shows in a process list, where argv does, both kubectl's and, over SSH, the remote
# shell's.
patch_secret() {
  local name=$1
  if [ "$CHECK_MODE" = yes ]; then
    cat >/dev/null
    say "[check] would patch secret $name"
    return 0
  fi
  kc patch secret "$name" --type merge --patch-file /dev/stdin >/dev/null
}

# A random alphanumeric string (for passwords and keys).
random_string() {
  local length=$1 value=""
  while [ "${#value}" -lt "$length" ]; do
    value+=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${value:0:$length}"
}

# Compares CalVer/semver-like versions: true when $1 < $2.
version_lt() {
  [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]
}

# Where a run that stopped Sentry keeps what it stopped (replica counts, CronJobs it suspended) until it
# starts it again: on the machine running the script, so that an interrupted run, or a person, can.
writers_file() {
  local base
  if [ -n "${SENTRY_OPS_STATE_DIR:-}" ]; then
    base=$SENTRY_OPS_STATE_DIR
  elif [ "$(id -u)" = 0 ]; then
    base=/var/lib/fundamental-sentry
  else
    base=${XDG_STATE_HOME:-$HOME/.local/state}/fundamental-sentry
  fi
  printf '%s/%s.stopped' "$base" "$SENTRY_NAMESPACE"
}

# The one command that starts again what stop_writers stopped, for messages after a failure.
start_writers_command() {
  local where=""
  [ -n "$SSH_TARGET" ] && where=" --ssh $(printf '%q' "$SSH_TARGET")"
  [ -n "$KUBE_CONTEXT" ] && where=" --context $(printf '%q' "$KUBE_CONTEXT")"
  printf '%s' "$STACK_DIR/scripts/restore.sh --start-writers$where"
}

# With --gitops=argocd, Argo CD's self-heal would scale the stopped Deployments up again and resume the CronJobs
# (argoproj/argo-cd docs/user-guide/auto_sync.md@v3.1.0): its automated sync is switched off first, by a JSON
# merge patch whose null removes the field (RFC 7386; an Application is a custom resource, which takes no
# strategic merge patch), and switched on again when the writers start. On an exit while they are still
# stopped on purpose (a failed restore or migration) it stays off, or Argo CD would start Sentry on that
# database; start_writers_command switches it on with the writers.
# An Application that another one syncs (an app-of-apps) carries that parent's tracking annotation, or label with
# label tracking (argoproj/argo-cd docs/user-guide/resource_tracking.md@v3.1.0; "NAMESPACE_NAME" for a parent
# outside Argo CD's namespace): the parent's self-heal would put automated sync back within seconds and start
# Sentry on a database being restored or migrated, so this stops before changing anything.
pause_auto_sync() {
  [ -n "$ARGOCD_APPLICATION" ] || return 0
  local tracking parent parent_namespace=$ARGOCD_NAMESPACE
  tracking=$(kargo get application "$ARGOCD_APPLICATION" --ignore-not-found -o 'jsonpath={.metadata.annotations.argocd\.argoproj\.io/tracking-id}{"|"}{.metadata.labels.app\.kubernetes\.io/instance}') ||
    die 8 "could not read Argo CD Application $ARGOCD_APPLICATION (kubectl's error is above). Nothing was changed."
  parent=${tracking%%|*}
  parent=${parent%%:*}
  [ -n "$parent" ] || parent=${tracking#*|}
  if [ -n "$parent" ]; then
    if [[ "$parent" == *_* ]]; then
      parent_namespace=${parent%%_*}
      parent=${parent#*_}
    fi
    die 3 "Argo CD Application $ARGOCD_APPLICATION is synced by Application $parent, whose self-heal would undo the pause and start Sentry while it is stopped. Pause that one first: kubectl -n $parent_namespace patch application $parent --type merge --patch '{\"spec\":{\"syncPolicy\":{\"automated\":null}}}', run this again, then put its policy back. Nothing was changed."
  fi
  trap resume_auto_sync_on_exit EXIT
  change kargo patch application "$ARGOCD_APPLICATION" --type merge --patch '{"spec":{"syncPolicy":{"automated":null}}}'
  AUTO_SYNC_PAUSED=yes
  say "Argo CD: automated sync of $ARGOCD_APPLICATION paused while Sentry is stopped"
}

resume_auto_sync() {
  [ -n "$ARGOCD_APPLICATION" ] || return 0
  change kargo patch application "$ARGOCD_APPLICATION" --type merge --patch "$ARGOCD_AUTOMATED_PATCH" || return 1
  AUTO_SYNC_PAUSED=no
  say "Argo CD: automated sync of $ARGOCD_APPLICATION resumed"
}

resume_auto_sync_on_exit() {
  [ "$AUTO_SYNC_PAUSED" = yes ] || return 0
  if [ -f "$(writers_file)" ]; then
    say "Argo CD: automated sync of $ARGOCD_APPLICATION stays paused while Sentry is stopped; $(start_writers_command) resumes both" >&2
  elif ! resume_auto_sync; then
    say "Argo CD: automated sync of $ARGOCD_APPLICATION could not be resumed: kubectl -n $ARGOCD_NAMESPACE patch application $ARGOCD_APPLICATION --type merge --patch '$ARGOCD_AUTOMATED_PATCH'" >&2
  fi
}

# Stops everything that writes to the databases: scales the application Deployments (except those named in
# the arguments) to 0, suspends the CronJobs (sentry-cleanup, postgres-backup, …: kubernetes.io/docs/
# concepts/workloads/controllers/cron-jobs/#schedule-suspension), and waits until their pods are gone, since a
# terminating pod still writes. What it stopped goes to writers_file first; when that file exists already (a
# run stopped half-way, the Deployments now at 0), its counts are kept.
stop_writers() {
  local file kept=" $* " component count name suspended selector
  pause_auto_sync
  file=$(writers_file)
  if [ -f "$file" ]; then
    say "resuming: the replica counts saved in $file by an earlier run are kept"
  else
    local -a lines=()
    local applications=" ${APPLICATION_COMPONENTS[*]} "
    while read -r component count; do
      [[ -n "$component" && "$applications" == *" $component "* && "$kept" != *" $component "* ]] || continue
      lines+=("deployment $component $count")
    done < <(kc get deployment -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{.spec.replicas}{"\n"}{end}')
    while read -r name suspended; do
      if [ -n "$name" ]; then lines+=("cronjob $name ${suspended:-false}"); fi
    done < <(kc get cronjob -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{.spec.suspend}{"\n"}{end}')
    if [ "$CHECK_MODE" = yes ]; then
      say "[check] would save ${#lines[@]} replica counts and CronJob states to $file"
    else
      mkdir -p "$(dirname "$file")"
      (umask 077 && printf '%s\n' "${lines[@]+"${lines[@]}"}" >"$file")
      say "saved what is stopped to $file"
    fi
  fi
  local -a names=()
  while read -r kind name count; do
    [ -n "$kind" ] || continue
    if [ "$kind" = cronjob ]; then
      change kc patch cronjob "$name" --type merge --patch '{"spec":{"suspend":true}}'
    else
      change kc scale "$kind" "$name" --replicas 0
      names+=("$name")
    fi
  done < <(if [ -f "$file" ]; then cat "$file"; fi)
  [ "$CHECK_MODE" = yes ] && return 0
  [ ${#names[@]} -gt 0 ] || return 0
  selector="app.kubernetes.io/name in ($(IFS=,; printf '%s' "${names[*]}"))"
  local deadline=$((SECONDS + 600))
  while [ -n "$(kc get pods --selector "$selector" -o name)" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die 9 "pods of the stopped Deployments are still terminating after 10 minutes: kubectl -n $SENTRY_NAMESPACE get pods --selector '$selector'. Nothing was changed in the database. To start Sentry again: $(start_writers_command)"
    sleep 5
  done
  say "every writer is stopped (${#names[@]} Deployments at 0, no pod left)"
}

# Starts again what stop_writers stopped, with the saved counts, and forgets them.
start_writers() {
  local file kind name value
  file=$(writers_file)
  if [ "$CHECK_MODE" = yes ]; then
    say "[check] would start again what $file lists"
    return 0
  fi
  [ -f "$file" ] || return 0
  while read -r kind name value; do
    [ -n "$kind" ] || continue
    if [ "$kind" = cronjob ]; then
      kc patch cronjob "$name" --type merge --patch "{\"spec\":{\"suspend\":$value}}" >/dev/null
    else
      kc scale "$kind" "$name" --replicas "$value" >/dev/null
    fi
  done <"$file"
  rm -f -- "$file"
  resume_auto_sync
}

# Fails early, changing nothing, when the cluster does not answer.
require_cluster() {
  if ! kc get --raw /readyz >/dev/null 2>&1; then
    die 2 "the Kubernetes API does not answer ($(kubectl_words | tr '\n' ' ')). On the VPS: is MicroK8s running (microk8s status --wait-ready)? From a workstation: pass --context NAME or --ssh USER@HOST. Nothing was changed."
  fi
}

# Waits for a Job to end: true once it is Complete, false as soon as it is Failed (by its backoffLimit or
# its activeDeadlineSeconds), instead of blocking until a deadline. `kubectl wait` takes one condition, so
# the two are polled in turn; --timeout=0s checks once (kubectl wait reference,
# https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait/). At most 200 polls of 20 s: the
# Job's own 60-minute deadline ends it first.
wait_for_job() {
  local job=$1 poll
  for ((poll = 0; poll < 200; poll++)); do
    kc wait --for=condition=complete "job/$job" --timeout=20s >/dev/null 2>&1 && return 0
    kc wait --for=condition=failed "job/$job" --timeout=0s >/dev/null 2>&1 && return 1
  done
  return 1
}

# Runs one install step, its Job $2 (named after a hash of its spec and configuration), to the end. A Job's
# pod template is immutable (Kubernetes Job API, https://kubernetes.io/docs/concepts/workloads/controllers/job/)
# and a failed Job never runs again, so: the step's Jobs of another configuration or release are deleted
# first (a running one must not race its successor), and so is a failed Job of this one; then the Job is
# applied (kept when it exists and did not fail) and awaited. A failure ends the script with its logs and
# what to do next ($3, when given, replaces the default advice).
run_install_job() {
  local step=$1 job=$2 advice=${3:-}
  change kc delete job --selector "app.kubernetes.io/name=$step" --field-selector "metadata.name!=$job" \
    --cascade=foreground --wait=true --ignore-not-found
  if kc wait --for=condition=failed "job/$job" --timeout=0s >/dev/null 2>&1; then
    say "job/$job failed before: deleting it to run the step again"
    change kc delete job "$job" --cascade=foreground --wait=true
  fi
  apply_folder bootstrap "app.kubernetes.io/name=$step"
  [ "$CHECK_MODE" = yes ] && return 0
  say "waiting for job/$job (first migrations can take 20 minutes)"
  if ! wait_for_job "$job"; then
    kc logs "job/$job" --tail=50 >&2 || true
    die 6 "job/$job failed; its last log lines are above (more: kubectl -n $SENTRY_NAMESPACE describe job/$job). ${advice:-Fix the cause and run $(basename "$0") again: it deletes the failed Job and runs the step again.}"
  fi
  say "job/$job: complete"
}
