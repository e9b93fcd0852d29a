import { imageTagScript } from '../../../utils/image-tag';
import { ciActions } from '../../../versions';
import type { BranchEnvironment, GitopsOptions } from './gitops-options';
import { ExplainedStep, secret } from './workflow-model';

/** Where the generator writes the script that builds the dispatch payload and edits values files. */
export const imageTagsScriptPath = 'tools/gitops/image-tags.mjs';

/** The folder, inside the workspace (actions/checkout's `path` must be), of the GitOps repository's clone. */
const gitopsCheckoutPath = 'gitops-repository';

export const registrySecrets = ['REGISTRY_USERNAME', 'REGISTRY_PASSWORD'] as const;
export const gitopsTokenSecret = 'GITOPS_TOKEN';

const refOf = (branch: string) => `refs/heads/${branch}`;

/** `github.ref == 'refs/heads/develop' || …`: a push to one of the mapped branches. */
export const onMappedBranch = (branches: readonly BranchEnvironment[]): string =>
  branches.map(({ branch }) => `github.ref == '${refOf(branch)}'`).join(' || ');

/**
 * The environment of the pushed branch, as an expression (`&&`/`||` pick the first match). Every branch and
 * environment passed the generator's charset, so none needs escaping inside the quotes.
 */
export const environmentExpression = (branches: readonly BranchEnvironment[]): string =>
  `\${{ ${[...branches.map(({ branch, environment }) => `github.ref == '${refOf(branch)}' && '${environment}'`), "''"].join(' || ')} }}`;

/**
 * nrwl/nx-set-shas' `main-branch-name`: on a pull request the branch it targets, on a push the pushed one,
 * since the action looks for the last successful run on that branch (nrwl/nx-set-shas
 * find-successful-workflow.ts@v5) — a push to develop compares with develop's last green run, not main's.
 * Only mapped branch names come out (the last one for any other ref), so the action sees no raw ref.
 */
export function affectedBaseBranchExpression(branches: readonly BranchEnvironment[]): string {
  const names = branches.map(({ branch }) => branch);
  const ref = '(github.base_ref || github.ref_name)';
  return `\${{ ${[...names.slice(0, -1).map((name) => `${ref} == '${name}' && '${name}'`), `'${names[names.length - 1]}'`].join(' || ')} }}`;
}

/**
 * The job's env of the gitops mode: user values as YAML values, read by the scripts as variables. The
 * environment of the pushed branch is there even without the delivery steps: the Sentry deploy records it.
 */
export function gitopsJobEnv(gitops: GitopsOptions, deliver: boolean): Record<string, string> {
  return {
    DEPLOY_ENVIRONMENT: environmentExpression(gitops.branches),
    ...(deliver ? { IMAGE_REGISTRY: gitops.registry, GITOPS_REPOSITORY: gitops.repository } : {}),
    ...(deliver && gitops.commit
      ? { GITOPS_VALUES: gitops.commit.values, GITOPS_TAG_PATH: gitops.commit.tagPath }
      : {}),
  };
}

const imageTagStep: ExplainedStep = {
  why: [
    'IMAGE_TAG for the later steps: <environment>-<the 12 hex digits of the commit in the Sentry release name>',
    '(packages/sentry/src/utils/image-tag.ts in @fundamental/sentry).',
  ].join('\n'),
  step: { name: 'Name the image tag', run: imageTagScript },
};

const listImagesStep: ExplainedStep = {
  why: [
    'The affected projects with a Dockerfile in their root, one "<project><TAB><root>" line each in',
    'IMAGES_FILE. A project name becomes the image name, so it must be one the registry takes.',
  ].join('\n'),
  step: {
    name: 'List affected images',
    run: `images="$RUNNER_TEMP/images.tsv"
: > "$images"
pattern='^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*$'
affected="$(npx nx show projects --affected)"
while IFS= read -r project; do
  [ -n "$project" ] || continue
  root="$(npx nx show project "$project" --json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf-8")).root)')"
  [ -f "$root/Dockerfile" ] || continue
  if [[ ! $project =~ $pattern ]]; then
    echo "::error::Project $project has a Dockerfile but its name is no image name (lower-case letters, digits, ., _ and -)."
    exit 1
  fi
  printf '%s\\t%s\\n' "$project" "$root" >> "$images"
done <<< "$affected"
echo "IMAGES_FILE=$images" >> "$GITHUB_ENV"
echo "Images to build:"
cat "$images"
`,
  },
};

const buildImagesStep: ExplainedStep = {
  why: [
    'After the Sentry steps, so each image holds the files they processed (the release folder the Dockerfile',
    'copies). The build context is the workspace root, where dist/ is. The registry login lives in',
    "this job's temporary folder, not in the runner's home: a self-hosted runner keeps no credentials.",
  ].join('\n'),
  step: {
    name: 'Build and push affected images',
    env: Object.fromEntries(registrySecrets.map((name) => [name, secret(name)])),
    run: `if [ ! -s "$IMAGES_FILE" ]; then
  echo "No affected project has a Dockerfile: no image to build."
  exit 0
fi
export DOCKER_CONFIG="$RUNNER_TEMP/docker-config"
printf '%s' "$REGISTRY_PASSWORD" | docker login "\${IMAGE_REGISTRY%%/*}" --username "$REGISTRY_USERNAME" --password-stdin
while IFS=$'\\t' read -r project root; do
  image="$IMAGE_REGISTRY/$project:$IMAGE_TAG"
  docker build --file "$root/Dockerfile" --tag "$image" --label "org.opencontainers.image.revision=$GITHUB_SHA" .
  docker push "$image"
done < "$IMAGES_FILE"
`,
  },
};

const dispatchStep: ExplainedStep = {
  why: [
    'One repository_dispatch event "image-tags" to the GitOps repository, its client_payload',
    '{environment, tag, source, images: [{project, image, tag, environment}]} (GitHub REST API 2022-11-28,',
    'POST /repos/{owner}/{repo}/dispatches: at most 10 top-level properties). Its workflow sets the tags.',
  ].join('\n'),
  step: {
    name: 'Bump the image tags through a repository dispatch',
    env: { [gitopsTokenSecret]: secret(gitopsTokenSecret) },
    run: `if [ ! -s "$IMAGES_FILE" ]; then
  echo "No image was built: nothing to dispatch."
  exit 0
fi
body="$RUNNER_TEMP/dispatch.json"
node ${imageTagsScriptPath} dispatch "$IMAGES_FILE" > "$body"
curl --fail-with-body --silent --show-error --request POST \\
  --header "Accept: application/vnd.github+json" \\
  --header "Authorization: Bearer $GITOPS_TOKEN" \\
  --header "X-GitHub-Api-Version: 2022-11-28" \\
  --data-binary "@$body" \\
  "$GITHUB_API_URL/repos/$GITOPS_REPOSITORY/dispatches"
echo "SENTRY_DEPLOYED=true" >> "$GITHUB_ENV"
`,
  },
};

function checkoutGitopsStep(repository: string): ExplainedStep {
  return {
    why: 'The GitOps repository, with a token that may push to it; the clone stays out of the images built above.',
    step: {
      name: 'Check out the GitOps repository',
      uses: ciActions.checkout,
      with: { repository, token: secret(gitopsTokenSecret), path: gitopsCheckoutPath },
    },
  };
}

const commitTagsStep: ExplainedStep = {
  why: [
    `${imageTagsScriptPath} sets only the tag of each built image in its values file (comments and layout`,
    'stay) and refuses a missing file or key. A push that lost a race with another pipeline sets the tags again',
    'on its commit and retries (a rebase would stop where both changed the same line).',
  ].join('\n'),
  step: {
    name: 'Commit the image tags to the GitOps repository',
    run: `if [ ! -s "$IMAGES_FILE" ]; then
  echo "No image was built: no tag to bump."
  exit 0
fi
payload="$RUNNER_TEMP/image-tags.json"
node ${imageTagsScriptPath} payload "$IMAGES_FILE" > "$payload"
gitops() { git -C ${gitopsCheckoutPath} "$@"; }
gitops config user.name "github-actions[bot]"
gitops config user.email "41898282+github-actions[bot]@users.noreply.github.com"
for attempt in 1 2 3; do
  node ${imageTagsScriptPath} bump ${gitopsCheckoutPath} "$payload" "$GITOPS_VALUES" "$GITOPS_TAG_PATH"
  gitops add --all
  if gitops diff --cached --quiet; then
    echo "The tags are already $IMAGE_TAG."
    break
  fi
  gitops commit --quiet --message "$DEPLOY_ENVIRONMENT: images $IMAGE_TAG from $GITHUB_REPOSITORY@$GITHUB_SHA"
  if gitops push --quiet; then break; fi
  if [ "$attempt" -eq 3 ]; then exit 1; fi
  echo "Another pipeline pushed first: setting the tags again on its commit."
  gitops fetch --quiet
  gitops reset --quiet --hard '@{upstream}'
done
echo "SENTRY_DEPLOYED=true" >> "$GITHUB_ENV"
`,
  },
};

/** Build and push the affected images, then bump their tags in the GitOps repository. */
export function gitopsSteps(gitops: GitopsOptions): ExplainedStep[] {
  return [
    imageTagStep,
    listImagesStep,
    buildImagesStep,
    ...(gitops.bump === 'dispatch'
      ? [dispatchStep]
      : [checkoutGitopsStep(gitops.repository), commitTagsStep]),
  ];
}
