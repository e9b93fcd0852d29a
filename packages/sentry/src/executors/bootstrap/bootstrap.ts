import { type ExecutorContext, logger } from '@nx/devkit';
import { pluginName } from '../../plugin-name';
import { OptionError } from '../../utils/option-error';
import { SentryApi } from './lib/api-client';
import { convergeAlerts } from './lib/converge-alerts';
import { convergeOrganization } from './lib/converge-org';
import { convergeProjects, projectDsns, pruneProjects } from './lib/converge-projects';
import { convergeTeam, pruneTeams } from './lib/converge-team';
import { type BootstrapState, readBootstrapState } from '../../bootstrap-state/desired-state';
import { ignoreDsnFile, writeDsnFile } from '../../bootstrap-state/dsn-file';
import { BootstrapError } from './lib/errors';
import { convergeGithub } from './lib/github';
import { type NormalizedBootstrapOptions, normalizeOptions } from './lib/normalize-options';
import { Report } from './lib/report';
import { ciTokenSteps } from './lib/tokens';
import type { BootstrapExecutorSchema } from './schema';
import { logExecutorFailure } from '../../utils/executor-failure';

function dsnSection(options: NormalizedBootstrapOptions, dsns: Record<string, string>, ignoredLine?: string) {
  const width = Math.max(...Object.keys(dsns).map((slug) => slug.length));
  return [
    ...Object.entries(dsns).map(([slug, dsn]) => `${slug.padEnd(width)}  ${dsn}`),
    `Also in ${options.dsnFile} (git-ignored${ignoredLine ? `: added ${ignoredLine} to .gitignore` : ''}), ` +
      'where the app generators take their default --dsn from.',
  ];
}

/** Each step needs what the one before made: the organization first, down to the GitHub links. */
async function converge(options: NormalizedBootstrapOptions, state: BootstrapState, report: Report) {
  const { prune, adopt, sentryUrl } = options;
  const api = new SentryApi(sentryUrl, options.token);
  const org = await convergeOrganization(api, state.organization, report, adopt);
  const team = await convergeTeam(api, org, state.team, report, adopt);
  const projects = await convergeProjects(api, org, team, state.projects, report, adopt);

  const dsns = await projectDsns(api, org, projects, report);
  writeDsnFile(options.dsnFilePath, dsns);
  const ignoredLine = ignoreDsnFile(options.workspaceRoot, options.dsnFilePath);
  report.section('DSNs:', dsnSection(options, dsns, ignoredLine));

  // An adopted project stays outside the team if it was, and Sentry e-mails only a team that owns the
  // project (getsentry/sentry src/sentry/mail/forms/member_team.py): its alerts are left out, and said so.
  const alerted = state.projects
    .map(({ slug }) => slug)
    .filter((slug) => {
      const owned =
        !adopt || (projects.get(slug)?.teams.some(({ slug: owner }) => owner === team.slug) ?? true);
      if (!owned)
        report.record('skipped', `alerts of ${slug}`, `team ${team.slug} does not own it (left as it is)`);
      return owned;
    });
  await convergeAlerts({ api, org, team, projects: alerted, alerts: state.alerts, prune, adopt, report });
  if (prune) {
    await pruneProjects(api, org, state.projects, report);
    await pruneTeams(api, org, state.team, report);
  }

  report.section(
    `CI token "${state.ciToken.name}" (scope org:ci, for sentry-cli in CI):`,
    ciTokenSteps({ project: options.infraProject, org }, state.ciToken, state.github.repositories),
  );

  const githubSteps = await convergeGithub({
    api,
    baseUrl: sentryUrl,
    org,
    github: state.github,
    projects,
    report,
  });
  if (githubSteps.length) report.section('GitHub:', githubSteps);
}

/**
 * `@fundamental/sentry:bootstrap`: converges Sentry to the committed desired state. Safe to run again:
 * it looks every object up first, so a second run changes nothing.
 */
export async function bootstrapExecutor(
  options: BootstrapExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  let report: Report | undefined;
  try {
    const normalized = normalizeOptions(options, context);
    const state = readBootstrapState(normalized.stateFilePath, normalized.stateFile);
    if (normalized.prune && !state.projects.length)
      throw new BootstrapError(
        `${normalized.stateFile} lists no project, so --prune would delete every project of the organization. ` +
          `Register your apps first (nx g ${pluginName}:angular-app / dotnet-app), or run without --prune.`,
      );
    report = new Report(`Sentry at ${normalized.sentryUrl}, desired state ${normalized.stateFile}:`);
    await converge(normalized, state, report);
    logger.info(report.render());
    return { success: true };
  } catch (error) {
    if (!(error instanceof BootstrapError || error instanceof OptionError)) throw error;
    // What was done before the failure stays done; say so, so the next run's "unchanged" lines make sense.
    if (report && !report.isEmpty) logger.info(report.render());
    logExecutorFailure(error, context.isVerbose, `${pluginName}:bootstrap failed: `);
    return { success: false };
  }
}

export default bootstrapExecutor;
