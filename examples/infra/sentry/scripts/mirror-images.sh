#!/usr/bin/env bash
# Lists every image of this stack (images.txt beside it) and copies each into the registry the stack was
# generated for (--imageRegistry), so the cluster pulls nothing from Docker Hub, ghcr.io or registry.gitlab.com.
# Runs where the internet and the mirror are both reachable (a workstation, a CI runner); needs no cluster.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IMAGES_FILE="$STACK_DIR/images.txt"
LIST_ONLY=no
TOOL=""
TOOLS=(skopeo crane docker)

usage() {
  cat <<USAGE
Usage: mirror-images.sh [--list] [--tool skopeo|crane|docker] [--check]

Copies every image of Sentry $SENTRY_VERSION, with the first of ${TOOLS[*]} found (or --tool), from where it is
published to <registry>/<its path>: the registry replaced, the path kept (docker.io/library/postgres:14 ->
<registry>/library/postgres:14, ghcr.io/getsentry/relay:$SENTRY_VERSION -> <registry>/getsentry/relay:$SENTRY_VERSION).
The manifests pull exactly those references; the list is images.txt. Log in to the mirror first with the tool's
own login (skopeo login, crane auth login, docker login). Copying an image that is there already is harmless.

  --list              print each image as source -> mirror and copy nothing
  --tool NAME         skopeo (copy --all: every platform, digests kept), crane (copy: the same) or docker
                      (pull, tag, push: this machine's platform only, so a digest-pinned image gets another
                      digest in the mirror; prefer skopeo or crane)
  --check             print the copy commands and run none
  -h, --help          this help
USAGE
}

# --check and --help as every script takes them (--ssh and --context mean nothing here: no cluster is reached).
parse_common_args "$@"
set -- "${ARGS[@]+"${ARGS[@]}"}"
while [ $# -gt 0 ]; do
  OPTION_WORDS=1
  case "$1" in
    --list) LIST_ONLY=yes ;;
    --tool | --tool=*)
      take_value "skopeo, crane or docker" "$@"
      TOOL=$OPTION_VALUE
      ;;
    *) die 64 "unknown option $1 (see --help)" ;;
  esac
  shift "$OPTION_WORDS"
done

[ -f "$IMAGES_FILE" ] || die 66 "$IMAGES_FILE is missing: regenerate the stack (nx g @fundamental/sentry:infra --directory=$STACK_DIRECTORY)"
SOURCES=()
IMAGES=()
while read -r source image; do
  if [[ -z "$source" || "$source" == \#* ]]; then continue; fi
  SOURCES+=("$source")
  IMAGES+=("$image")
done <"$IMAGES_FILE"

if [ "$LIST_ONLY" = yes ]; then
  for index in "${!SOURCES[@]}"; do say "${SOURCES[$index]} -> ${IMAGES[$index]}"; done
  exit 0
fi

[ -n "$IMAGE_REGISTRY" ] || die 64 "this stack was generated without --imageRegistry: its manifests pull each image from where it is published (see --list). Regenerate with --imageRegistry=HOST[:PORT][/PATH] (and --nodestorePackageUrl), then run this again."

if [ -z "$TOOL" ]; then
  for candidate in "${TOOLS[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1; then
      TOOL=$candidate
      break
    fi
  done
  [ -n "$TOOL" ] || die 69 "none of ${TOOLS[*]} is installed: install skopeo (or crane), or pass --tool with one that is"
fi
case " ${TOOLS[*]} " in
  *" $TOOL "*) ;;
  *) die 64 "--tool $TOOL: expected one of ${TOOLS[*]}" ;;
esac
command -v "$TOOL" >/dev/null 2>&1 || die 69 "$TOOL is not installed (--tool $TOOL)"

# A reference pinned by tag and digest: the tools pull by the digest alone (skopeo refuses both), and push
# to the tag, which the manifests name with the same digest.
pull_reference() {
  local reference=$1 name last
  if [[ "$reference" != *@* ]]; then
    printf '%s' "$reference"
    return 0
  fi
  name=${reference%@*}
  last=${name##*/}
  if [[ "$last" == *:* ]]; then name=${name%:*}; fi
  printf '%s@%s' "$name" "${reference#*@}"
}

step "Copy ${#SOURCES[@]} images to $IMAGE_REGISTRY with $TOOL"
for index in "${!SOURCES[@]}"; do
  from=$(pull_reference "${SOURCES[$index]}")
  to=${IMAGES[$index]%@*}
  case "$TOOL" in
    skopeo) change skopeo copy --all --preserve-digests "docker://$from" "docker://$to" ;;
    crane) change crane copy "$from" "$to" ;;
    docker)
      if [[ "${IMAGES[$index]}" == *@* ]]; then
        say "warning: docker copies one platform: ${IMAGES[$index]} names a digest the mirror will not hold; copy it with skopeo or crane"
      fi
      change docker pull "$from"
      change docker tag "$from" "$to"
      change docker push "$to"
      ;;
  esac
done
if [ "$CHECK_MODE" = no ]; then say "the ${#SOURCES[@]} images of Sentry $SENTRY_VERSION are in $IMAGE_REGISTRY"; fi
