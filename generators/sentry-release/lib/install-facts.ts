import type { MinimumRequirements } from '@fundamental/sentry/src/stack/releases/release';
import type { UpstreamFacts } from '@fundamental/sentry/src/stack/releases/upstream-facts';
import type { ProfileName } from '@fundamental/sentry/src/stack/settings';
import type { UpstreamCheckout } from './checkout';

export const requirementsSource = 'install/_min-requirements.sh';
export const clickhouseSource = 'install/upgrade-clickhouse.sh';
export const installerSource = 'install.sh';

export interface InstallFacts {
  minimumRequirements: Record<ProfileName, MinimumRequirements>;
  hostMemory: UpstreamFacts['hostMemory'];
  clickhouseUpgradeChain: string[];
  hardStopMentions: UpstreamFacts['hardStopMentions'];
  installSteps: UpstreamFacts['installSteps'];
}

/**
 * `MIN_RAM_HARD`/`MIN_CPU_HARD`: the first pair is set when COMPOSE_PROFILES is errors-only, the `else` pair for
 * feature-complete (getsentry/self-hosted install/_min-requirements.sh@26.8.0).
 */
function minimumRequirements(text: string): Record<ProfileName, MinimumRequirements> {
  const values = (name: string) =>
    [...text.matchAll(new RegExp(`^\\s*${name}=(\\d+)`, 'gm'))].map(([, n]) => +n);
  const memory = values('MIN_RAM_HARD');
  const cpus = values('MIN_CPU_HARD');
  if (memory.length !== 2 || cpus.length !== 2 || !/"errors-only"/.test(text))
    throw new Error(
      `${requirementsSource}: expected MIN_RAM_HARD and MIN_CPU_HARD set once for errors-only and once otherwise`,
    );
  return {
    'feature-complete': { memoryMb: memory[1], cpus: cpus[1] },
    'errors-only': { memoryMb: memory[0], cpus: cpus[0] },
  };
}

/**
 * The ClickHouse feature releases an old install steps through: the oldest version the script detects, then each
 * "Upgrading clickhouse to X.Y" in order of first appearance.
 */
function clickhouseChain(text: string): string[] {
  const detected = /version" == "(\d+\.\d+)\./.exec(text)?.[1];
  const steps = [...text.matchAll(/Upgrading clickhouse to (\d+\.\d+)/g)].map(([, version]) => version);
  return [...new Set([...(detected ? [detected] : []), ...steps])];
}

/** What the release's installer requires and does on upgrade. */
export function installFacts(checkout: UpstreamCheckout): InstallFacts {
  const requirements = checkout.read(requirementsSource);
  const recommendedGb = /(\d+) GB minimum host RAM/.exec(requirements)?.[1];
  if (!recommendedGb) throw new Error(`${requirementsSource}: no "<n> GB minimum host RAM" comment`);
  return {
    minimumRequirements: minimumRequirements(requirements),
    hostMemory: { source: requirementsSource, recommendedGb: +recommendedGb },
    clickhouseUpgradeChain: checkout.has(clickhouseSource)
      ? clickhouseChain(checkout.read(clickhouseSource))
      : [],
    hardStopMentions: checkout.installScripts().flatMap((source) =>
      checkout
        .read(source)
        .split('\n')
        .filter((line) => /hard[- ]?stop/i.test(line))
        .map((line) => ({ source, text: line.trim() })),
    ),
    installSteps: [...checkout.read(installerSource).matchAll(/^source (install\/\S+\.sh)\s*$/gm)].map(
      ([, step]) => step,
    ),
  };
}
