import { releaseNameScript } from '../../../utils/release-name';
import { ciSentryCliVersion } from '../../../versions';
import { ExplainedStep, secret } from './workflow-model';

/** Run by exact version through npx, so the workflow does not depend on the workspace installing it. */
const sentryCli = `npx --yes @sentry/cli@${ciSentryCliVersion}`;

/** Only the steps that talk to Sentry get the token: npm ci and the deploy targets run without it. */
const sentryToken = { SENTRY_AUTH_TOKEN: secret('SENTRY_AUTH_TOKEN') };

/** Job-wide: where Sentry is and which organisation; neither is enough to do anything without the token. */
export const sentryServerEnv = { SENTRY_URL: secret('SENTRY_URL'), SENTRY_ORG: secret('SENTRY_ORG') };

export const releaseNameStep: ExplainedStep = {
  why: [
    'SENTRY_RELEASE for every later step: <root package name>@<version>+<12 hex digits of the commit>, the',
    'name the apps report (packages/sentry/src/utils/release-name.ts in @fundamental/sentry).',
  ].join('\n'),
  step: { name: 'Name the Sentry release', run: releaseNameScript },
};

export const createReleaseStep: ExplainedStep = {
  why: [
    'One release for every Sentry project of the repository; --auto takes the commits since the previous',
    "release through Sentry's GitHub integration. A Sentry outage is reported and the deploy goes on.",
  ].join('\n'),
  step: {
    name: 'Create the Sentry release',
    'continue-on-error': true,
    env: { ...sentryToken, SENTRY_PROJECTS: secret('SENTRY_PROJECTS') },
    run: `read -ra projects <<< "$SENTRY_PROJECTS"
if [ "\${#projects[@]}" -eq 0 ]; then
  echo "::error::Set the secret SENTRY_PROJECTS to the Sentry project slugs of this repository, separated by spaces."
  exit 1
fi
project_options=()
for project in "\${projects[@]}"; do project_options+=(--project "$project"); done
${sentryCli} releases new "$SENTRY_RELEASE" "\${project_options[@]}"
${sentryCli} releases set-commits "$SENTRY_RELEASE" --auto --ignore-missing
`,
  },
};

export const buildStep: ExplainedStep = {
  why: [
    'Source maps and symbols are uploaded from this build, the one the deploy ships; the publish targets',
    'dotnet-app adds write the .NET apps into dist/ with SENTRY_RELEASE compiled in.',
  ].join('\n'),
  step: { name: 'Build affected projects', run: 'npx nx affected -t build publish' },
};

export const sourcemapsStep: ExplainedStep = {
  why: [
    "Each Angular app's sentry-sourcemaps target copies its build output to dist/sentry-release/<app>, the",
    'artifact to ship, injects debug IDs there and uploads the maps (sentry-cli sourcemaps inject + upload).',
    'Nothing runs while no affected app has the target. A failure stops the job: that artifact would ship',
    'without its release and maps.',
  ].join('\n'),
  step: {
    name: 'Upload source maps of affected apps',
    env: sentryToken,
    run: 'npx nx affected -t sentry-sourcemaps',
  },
};

export const symbolsStep: ExplainedStep = {
  why: [
    '.NET symbols by sentry-cli, not by the MSBuild properties (SentryUploadSymbols): they upload here only,',
    'on the main branch, with the token in this step alone instead of in every build. It takes the portable',
    "PDBs of this run's build below dist/ (the publish target dotnet-app adds writes dist/<project root>)",
    'and uploads them with their sources as source bundles. A Sentry outage is reported and the deploy goes on.',
  ].join('\n'),
  step: {
    name: 'Upload .NET symbols and sources',
    'continue-on-error': true,
    env: { ...sentryToken, SENTRY_PROJECT: secret('SENTRY_DOTNET_PROJECT') },
    run: `if [ -d dist ]; then
  ${sentryCli} debug-files upload --include-sources --type pdb --type portablepdb dist
else
  echo "No dist/ folder: no .NET build output to upload."
fi
`,
  },
};

export function finishReleaseStep(environment: string): ExplainedStep {
  return {
    why: [
      'The release is done once its artifacts are up; a deploy is recorded only when the deploy step shipped',
      'something (SENTRY_DEPLOYED). A Sentry outage is reported and the job still succeeds.',
    ].join('\n'),
    step: {
      name: 'Finalize the Sentry release and record the deploy',
      'continue-on-error': true,
      env: { ...sentryToken, SENTRY_ENVIRONMENT: environment },
      run: `${sentryCli} releases finalize "$SENTRY_RELEASE"
if [ "\${SENTRY_DEPLOYED:-}" = true ]; then
  ${sentryCli} deploys new --release "$SENTRY_RELEASE" --env "$SENTRY_ENVIRONMENT"
else
  echo "No project was deployed: no Sentry deploy recorded."
fi
`,
    },
  };
}

/** Deploys what changed; with a Sentry release, tells its last step whether anything was deployed. */
export function deployStep(release: boolean, target: string): ExplainedStep {
  const name = 'Deploy affected projects';
  if (!release) return { step: { name, run: `npx nx affected -t ${target}` } };
  return {
    why: `SENTRY_DEPLOYED=true for the release step when an affected project has a ${target} target.`,
    step: {
      name,
      run: `deployed="$(npx nx show projects --affected --withTarget ${target})"
npx nx affected -t ${target}
if [ -n "$deployed" ]; then echo "SENTRY_DEPLOYED=true" >> "$GITHUB_ENV"; fi
`,
    },
  };
}
