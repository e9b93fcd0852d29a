#!/usr/bin/env bash
# Mints the CI organization auth token (scope org:ci, what sentry-cli needs for releases and uploads) inside
# the cluster and shows it once. Sentry's org-auth-token API takes browser sessions only
# (SessionNoAuthTokenAuthentication, getsentry/sentry PR #99457), so neither the bootstrap target nor any
# other script holding an API token can create one; the web pod's Django shell can, as setup.sh does for
# the first API token.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE_FILE="$STACK_DIR/sentry-bootstrap.json"
ORG_SLUG=""
TOKEN_NAME=ci
TARGET_SECRET=""

usage() {
  cat <<USAGE
Usage: ci-token.sh [--org SLUG] [--name NAME] [--secret NAME] [common options]

Creates the org auth token NAME (scope org:ci) of organization SLUG and prints it once: Sentry keeps only
its hash, so store it at once (e.g. gh secret set SENTRY_AUTH_TOKEN --repo OWNER/REPO, then paste it).
Re-running it changes nothing while a token of that name is active; to replace a lost one, revoke it in
Settings → Auth Tokens and run this again.

  --org SLUG      the organization (default: organization.slug of sentry-bootstrap.json, else sentry)
  --name NAME     the token's name (default: ci, the bootstrap state's ciToken.name)
  --secret NAME   store the token in this Kubernetes Secret (key token) instead of printing it; the Secret
                  must be absent and creatable (checked before minting), and if storing still fails the
                  token is printed once with the command that stores it
USAGE
  common_usage
}

parse_common_args "$@"
set -- "${ARGS[@]+"${ARGS[@]}"}"
while [ $# -gt 0 ]; do
  OPTION_WORDS=1
  case "$1" in
    --org | --org=*)
      take_value "an organization slug" "$@"
      ORG_SLUG=$OPTION_VALUE
      ;;
    --name | --name=*)
      take_value "a token name" "$@"
      TOKEN_NAME=$OPTION_VALUE
      ;;
    --secret | --secret=*)
      take_value "a Secret name" "$@"
      TARGET_SECRET=$OPTION_VALUE
      ;;
    *) die 64 "unknown option $1 (see --help)" ;;
  esac
  shift "$OPTION_WORDS"
done

# The state file is JSON written by the infra generator; its first "slug" is the organization's.
if [ -z "$ORG_SLUG" ] && [ -f "$STATE_FILE" ]; then
  ORG_SLUG=$(grep -o '"slug": *"[^"]*"' "$STATE_FILE" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
fi
ORG_SLUG=${ORG_SLUG:-sentry}
[[ "$ORG_SLUG" =~ ^[a-z0-9_-]+$ ]] || die 64 "--org $ORG_SLUG is not an organization slug"
if [ -z "$TOKEN_NAME" ] || [ "${#TOKEN_NAME}" -gt 255 ]; then die 64 "--name needs 1 to 255 characters"; fi

step "CI token \"$TOKEN_NAME\" of organization $ORG_SLUG"
require_cluster
if [ -n "$TARGET_SECRET" ] && [ -n "$(secret_value "$TARGET_SECRET" token)" ]; then
  say "$TARGET_SECRET: kept (it already holds a token)"
  exit 0
fi
if [ "$CHECK_MODE" = yes ]; then
  say "[check] would create the org auth token \"$TOKEN_NAME\" (org:ci) unless one of that name is active"
  exit 0
fi

# Sentry shows a token once: make sure it can be stored before minting it, so a refused write cannot lose it.
if [ -n "$TARGET_SECRET" ]; then
  existing=$(kc get secret "$TARGET_SECRET" --ignore-not-found -o name) ||
    die 6 "cannot read Secret $TARGET_SECRET in namespace $SENTRY_NAMESPACE; nothing was minted"
  if [ -n "$existing" ]; then
    die 6 "Secret $TARGET_SECRET exists without a key token; nothing was minted. Delete it or pass another --secret."
  fi
  kc create secret generic "$TARGET_SECRET" --from-literal=token=placeholder --dry-run=server -o name >/dev/null ||
    die 6 "cannot create Secret $TARGET_SECRET in namespace $SENTRY_NAMESPACE (see above); nothing was minted"
fi

# Runs in the web pod: the same steps as Sentry's token endpoint (OrganizationAuthTokensEndpoint.post of
# getsentry/sentry src/sentry/api/endpoints/organization_auth_tokens.py @28cadaa5cfefc4ae01fc654003f6eada76cdb354:
# generate_token and hash_token, OrgAuthToken with scope org:ci, a missing system.url-prefix reported as such),
# without its session check; the creator is the organization's first owner, as no user asks here.
# The names arrive through the environment; the token leaves on stdout only.
program='
import os
from sentry import options, roles
from sentry.models.organization import Organization
from sentry.models.organizationmembermapping import OrganizationMemberMapping
from sentry.models.orgauthtoken import OrgAuthToken
from sentry.utils.security.orgauthtoken_token import (
    SystemUrlPrefixMissingException,
    generate_token,
    hash_token,
)

org = Organization.objects.get(slug=os.environ["CI_TOKEN_ORG"])
name = os.environ["CI_TOKEN_NAME"]
active = OrgAuthToken.objects.filter(
    organization_id=org.id, name=name, date_deactivated__isnull=True
).first()
if active is not None:
    print("ci-token-exists " + (active.token_last_characters or ""))
else:
    try:
        from sentry.api.utils import generate_region_url

        region_url = generate_region_url()
    except Exception:
        region_url = options.get("system.url-prefix")
    try:
        value = generate_token(org.slug, region_url)
    except SystemUrlPrefixMissingException:
        value = None
    if value is None:
        print("ci-token-no-url-prefix")
    else:
        owner_id = (
            OrganizationMemberMapping.objects.filter(
                organization_id=org.id, role=roles.get_top_dog().id, user_id__isnull=False
            )
            .values_list("user_id", flat=True)
            .order_by("id")
            .first()
        )
        OrgAuthToken.objects.create(
            name=name,
            organization_id=org.id,
            scope_list=["org:ci"],
            created_by_id=owner_id,
            token_last_characters=value[-4:],
            token_hashed=hash_token(value),
        )
        print("ci-token-created " + value)
'
result=$(kc exec deploy/web -- env "CI_TOKEN_ORG=$ORG_SLUG" "CI_TOKEN_NAME=$TOKEN_NAME" sentry exec -c "$program" |
  grep -E '^ci-token-(exists |created |no-url-prefix)' | tail -n 1) || true
case "$result" in
  ci-token-exists*)
    say "an active token \"$TOKEN_NAME\" exists (…${result#ci-token-exists }); Sentry showed it once, when it was made."
    say "To replace a lost one: revoke it in Settings → Auth Tokens of $ORG_SLUG, then run this again."
    ;;
  ci-token-created*)
    token=${result#ci-token-created }
    if [ -n "$TARGET_SECRET" ]; then
      if printf '%s' "$token" | kc create secret generic "$TARGET_SECRET" --from-file=token=/dev/stdin >/dev/null; then
        say "$TARGET_SECRET: created (key token); read it with kubectl -n $SENTRY_NAMESPACE get secret $TARGET_SECRET -o jsonpath='{.data.token}' | base64 -d"
      else
        # The token exists in Sentry now and a rerun would only report it: hand it over rather than lose it.
        printf 'warning: could not store the token in Secret %s (see above). Sentry shows it this once:\n' "$TARGET_SECRET" >&2
        say "  $token"
        say "Store it yourself: run the command below, paste the token, then press Ctrl-D twice (no newline):"
        say "  kubectl -n $SENTRY_NAMESPACE create secret generic $TARGET_SECRET --from-file=token=/dev/stdin"
        exit 8
      fi
    else
      say "Sentry shows it this once; store it now, never in a file:"
      say "  $token"
      say "e.g. gh secret set SENTRY_AUTH_TOKEN --repo OWNER/REPO (gh asks for the value: paste it)."
    fi
    ;;
  ci-token-no-url-prefix)
    die 7 "Sentry's system.url-prefix is not set, and a token carries it: set it in the Sentry configuration, restart web, then run this again"
    ;;
  *) die 7 "the web pod printed no token; is deploy/web running and organization $ORG_SLUG there?" ;;
esac
