/**
 * The one Sentry release name of this plugin: `<package>@<version>+<commit>`, e.g.
 * `fundamental-source@0.0.0+3f2a9c41d07e`.
 *
 * - `<package>`: the workspace's root package.json `name` with the scope's `@` dropped and `/` turned into
 *   `-` (Sentry refuses `/` in release names);
 * - `<version>`: its `version` (0.0.0 when it has none). The `package@version` shape is what Sentry parses
 *   as a semantic version, so releases sort by it;
 * - `<commit>`: the first 12 hex digits of the commit, as semver build metadata, so every commit is its own
 *   release while the root version of an Nx workspace usually stays at 0.0.0.
 *
 * Releases are organisation-wide in Sentry: one name per commit, shared by every app of the workspace
 * (Angular and .NET alike), lets CI create the release, set its commits and record its deploy once. Apps
 * read the name at build time from `SENTRY_RELEASE`, which the CI workflow sets with `releaseNameScript`;
 * generators that wire an app call `releaseName` for the same answer.
 */

/** Also the commit part of the image tags of `ci --deployVia=gitops` (utils/image-tag.ts). */
export const releaseCommitLength = 12;

/** Also the bash ERE of the workflow script, so it avoids backslashes and bash-only classes. */
const releaseNamePattern = '^[A-Za-z0-9][A-Za-z0-9._-]*@[0-9A-Za-z.-]+[+][0-9a-f]{12}$';

/** Sentry's limit for a release name. */
const releaseNameMaxLength = 200;

export interface ReleasePackageJson {
  name?: string;
  version?: string;
}

/** The release name of a commit of the workspace whose root package.json is given. */
export function releaseName(packageJson: ReleasePackageJson, commitSha: string): string {
  const packageName = (packageJson.name ?? '').replace(/^@/, '').replaceAll('/', '-');
  const name = `${packageName}@${packageJson.version || '0.0.0'}+${commitSha.slice(0, releaseCommitLength)}`;
  if (!new RegExp(releaseNamePattern).test(name) || name.length > releaseNameMaxLength)
    throw new Error(
      `Sentry release name ${JSON.stringify(name)} does not follow <package>@<version>+<12 hex digits of the commit>: check the name and version of the root package.json.`,
    );
  return name;
}

/**
 * The same rule as `releaseName`, as bash for a GitHub Actions step run in the workspace root: it exports
 * `SENTRY_RELEASE` to the later steps of the job. The name is checked before it reaches `$GITHUB_ENV`, so
 * a package.json value cannot smuggle a newline (and with it another variable) into the job.
 */
export const releaseNameScript = `package_name="$(node -p 'require("./package.json").name || ""')"
package_version="$(node -p 'require("./package.json").version || "0.0.0"')"
release="\${package_name#@}"
release="\${release//\\//-}@\${package_version}+\${GITHUB_SHA:0:${releaseCommitLength}}"
pattern='${releaseNamePattern}'
if [[ ! $release =~ $pattern || \${#release} -gt ${releaseNameMaxLength} ]]; then
  echo "::error::The root package.json name and version do not make a Sentry release name <package>@<version>+<commit>."
  exit 1
fi
echo "SENTRY_RELEASE=$release" >> "$GITHUB_ENV"
echo "Sentry release: $release"
`;
