import { releaseCommitLength } from './release-name';

/**
 * The image tag of `ci --deployVia=gitops`: `<environment>-<first 12 hex digits of the commit>`, e.g.
 * `prod-3f2a9c41d07e`.
 *
 * Not the Sentry release name itself: `@` and `+` are not allowed in a tag (OCI distribution spec,
 * opencontainers/distribution-spec spec.md@v1.1.0: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`), and one release
 * (one commit) can be built for two environments. The commit part is the release name's, so a tag in the
 * GitOps repository names its Sentry release (`<package>@<version>+<same 12 digits>`); the environment
 * prefix keeps a dev and a prod build of one commit apart and tells at a glance where a tag belongs.
 *
 * As bash for the workflow: exports `IMAGE_TAG` from `DEPLOY_ENVIRONMENT` (checked by the generator) and
 * `GITHUB_SHA`, refusing anything that is not a tag before it reaches `$GITHUB_ENV`.
 */
export const imageTagScript = `tag="\${DEPLOY_ENVIRONMENT}-\${GITHUB_SHA:0:${releaseCommitLength}}"
pattern='^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'
if [[ ! $tag =~ $pattern ]]; then
  echo "::error::DEPLOY_ENVIRONMENT and GITHUB_SHA do not make an image tag: $tag"
  exit 1
fi
echo "IMAGE_TAG=$tag" >> "$GITHUB_ENV"
echo "Image tag: $tag"
`;
