import { ciActions } from '../../../versions';
import { affectedBaseBranchExpression } from './gitops-steps';
import type { NormalizedCiOptions } from './normalize-options';
import type { ExplainedStep } from './workflow-model';

/** The steps every job starts with: the repository with its history, Node (and .NET), dependencies, affected range. */
export function setupSteps(options: NormalizedCiOptions): ExplainedStep[] {
  return [
    {
      why: 'Full history: nx affected and nx-set-shas compare this commit with older ones.',
      step: { name: 'Check out the repository', uses: ciActions.checkout, with: { 'fetch-depth': 0 } },
    },
    {
      step: {
        name: 'Set up Node',
        uses: ciActions.setupNode,
        with: { 'node-version': options.nodeVersion, cache: 'npm' },
      },
    },
    ...(options.dotnet
      ? [{ step: { name: 'Set up .NET', uses: ciActions.setupDotnet, with: options.dotnet } }]
      : []),
    { step: { name: 'Install dependencies', run: options.installCommand ?? 'npm ci' } },
    {
      why: options.gitops
        ? [
            'NX_BASE/NX_HEAD for nx affected: on pull requests the merge base with the target branch, on a push the',
            'last commit of that branch whose workflow run succeeded, so a failed delivery is retried by the next push.',
          ].join('\n')
        : [
            'NX_BASE/NX_HEAD for nx affected: on pull requests the merge base with the main branch, on the main',
            'branch the last commit whose workflow run succeeded, so a failed deploy is retried by the next push.',
          ].join('\n'),
      step: {
        name: 'Find the commits nx affected compares',
        uses: ciActions.nxSetShas,
        with: {
          'main-branch-name': options.gitops
            ? affectedBaseBranchExpression(options.gitops.branches)
            : options.mainBranch,
        },
      },
    },
  ];
}
