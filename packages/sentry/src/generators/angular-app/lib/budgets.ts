import { logger, readProjectConfiguration, type Tree } from '@nx/devkit';
import type { AngularApp } from './angular-app';
import { writeProjectConfiguration } from '../../../utils/project-configuration';

/**
 * Raw bytes the wiring adds to the initial files of a production build (@sentry/angular 11.0.0: errors, tracing,
 * TraceService, the replay loader; replay itself arrives after `load`). Measured by the Angular 16 e2e
 * (tools/e2e/src/angular16-webpack.e2e.ts, webpack `browser` builder): main.js 207,818 → 371,432 bytes
 * (gzip 62,878 → 118,632). The application builder's tree-shaking defines take off about 7 kB of that.
 */
export const initialBytesAdded = 163_614;

interface Budget {
  type: string;
  maximumWarning?: string;
  maximumError?: string;
  baseline?: string;
}

/** One size of a budget, as Angular reads it: a number with b, kb, mb or gb (1024-based) or a percentage. */
const sizePattern = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?\s*$/i;
const unitBytes: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * The size raised by `bytes`, in its own unit, rounded up to two decimals; undefined for a percentage (relative
 * to a baseline) or anything Angular would not read. Units as angular/angular-cli 16.2.16,
 * packages/angular_devkit/build_angular/src/utils/bundle-calculator.ts (calculateBytes).
 */
export function raiseSize(size: string, bytes: number): string | undefined {
  const match = sizePattern.exec(size);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const raised = Number(match[1]) + bytes / unitBytes[unit];
  const rounded = unit === 'b' ? Math.ceil(raised) : Math.ceil(raised * 100) / 100;
  return `${rounded}${match[2] ?? ''}`;
}

const describe = (budget: Budget) =>
  [
    budget.maximumWarning ? `warning at ${budget.maximumWarning}` : undefined,
    budget.maximumError ? `error at ${budget.maximumError}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');

/**
 * The production `initial` budgets of the app. Sentry adds to the initial download; an app close to its error
 * budget would fail to build. Without `raise` the budget and the increase are said (warn); with it, their
 * absolute sizes grow by the increase. Only the first wiring raises: a rerun finds Sentry wired and leaves them.
 */
export function checkInitialBudgets(
  tree: Tree,
  app: AngularApp,
  raise: boolean,
  alreadyWired: boolean,
): void {
  const project = readProjectConfiguration(tree, app.name);
  const production = project.targets?.['build']?.configurations?.['production'] as
    { budgets?: Budget[] } | undefined;
  const initial = (production?.budgets ?? []).filter((budget) => budget.type === 'initial');
  if (!initial.length || alreadyWired) return;
  const added = `${Math.round(initialBytesAdded / 1024)} kB`;
  if (!raise) {
    logger.warn(
      `${app.name}: Sentry adds about ${added} (raw) to the initial files of a production build; its initial budget is ${initial.map(describe).join('; ')}. ` +
        'A build already near the error budget will fail: pass --raiseBudget to raise the initial budget by that much, or raise it yourself.',
    );
    return;
  }
  const unraised: string[] = [];
  for (const budget of initial)
    for (const key of ['maximumWarning', 'maximumError'] as const) {
      const size = budget[key];
      if (!size) continue;
      const raised = raiseSize(size, initialBytesAdded);
      if (raised) budget[key] = raised;
      else unraised.push(`${key} ${size}`);
    }
  writeProjectConfiguration(tree, app.name, project);
  logger.info(
    `${app.name}: initial budget raised by ${added} for Sentry: ${initial.map(describe).join('; ')}.`,
  );
  if (unraised.length)
    logger.warn(
      `${app.name}: left the relative initial budget sizes as they are (${unraised.join(', ')}); Sentry adds about ${added}.`,
    );
}
