import type { Release } from '@fundamental/sentry/src/stack/releases/release';
import type { UpstreamService } from '@fundamental/sentry/src/stack/releases/upstream-facts';
import type { Place, UpstreamCheckout } from './checkout';
import { featuresSource } from './feature-facts';
import { clickhouseSource, installerSource, requirementsSource } from './install-facts';

/** One thing that changed upstream, where the new release's checkout says it. */
export interface DriftItem {
  place: Place;
  text: string;
}

/** A compose service's own key line (`  web:`), not a mention of it under another service's depends_on. */
export const serviceKey = (name: string): RegExp =>
  new RegExp(`^  ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`);

const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));
const minus = <T>(from: readonly T[], without: readonly T[]) =>
  from.filter((item) => !without.includes(item));

function serviceDrift(
  checkout: UpstreamCheckout,
  name: string,
  before: UpstreamService,
  after: UpstreamService,
  versions: { before: string; after: string },
): DriftItem[] {
  const at = (...needles: string[]) => checkout.locate('docker-compose.yml', serviceKey(name), ...needles);
  const items: DriftItem[] = [];
  // getsentry's images carry the release's own tag: that they move with it is the release, not drift.
  const expectedImage = before.image.replace(
    new RegExp(`^(ghcr\\.io/getsentry/[\\w-]+):${versions.before}$`),
    `$1:${versions.after}`,
  );
  if (expectedImage !== after.image)
    items.push({ place: at('image'), text: `${name}: image ${before.image} -> ${after.image}` });
  if (before.build !== after.build)
    items.push({ place: at('build'), text: `${name}: build ${show(before.build)} -> ${show(after.build)}` });
  for (const key of ['entrypoint', 'command'] as const) {
    const old = before[key] ?? [];
    const now = after[key] ?? [];
    if (JSON.stringify(old) === JSON.stringify(now)) continue;
    const added = minus(now, old);
    const removed = minus(old, now);
    const detail =
      added.length || removed.length
        ? [
            added.length ? `added ${added.join(' ')}` : '',
            removed.length ? `removed ${removed.join(' ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')
        : `${show(old)} -> ${show(now)}`;
    items.push({ place: at(`${key}:`), text: `${name}: ${key} ${detail}` });
  }
  const limits = new Set([...Object.keys(before.ulimits ?? {}), ...Object.keys(after.ulimits ?? {})]);
  for (const limit of [...limits].sort()) {
    const [old, now] = [show(before.ulimits?.[limit]), show(after.ulimits?.[limit])];
    if (old !== now)
      items.push({ place: at('ulimits', limit), text: `${name}: ulimits ${limit} ${old} -> ${now}` });
  }
  const variables = new Set([...Object.keys(before.environment), ...Object.keys(after.environment)]);
  for (const variable of [...variables].sort()) {
    const old = before.environment[variable];
    const now = after.environment[variable];
    if (old === now) continue;
    const change = !(variable in before.environment)
      ? `added (${show(now)})`
      : !(variable in after.environment)
        ? `removed (was ${show(old)})`
        : `${show(old)} -> ${show(now)}`;
    items.push({ place: at(`${variable}`), text: `${name}: env ${variable} ${change}` });
  }
  return items;
}

function settingsDrift(
  checkout: UpstreamCheckout,
  source: string,
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): DriftItem[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => before[key] !== after[key])
    .map((key) => ({
      place: checkout.locate(source, ...key.split(/[/@]/).filter((part) => !/^\d+$/.test(part))),
      text: `setting ${key}: ${show(before[key])} -> ${show(after[key])}`,
    }));
}

/** What changed upstream from `before` to `after`, each change at its place in the new checkout. */
export function releaseDrift(checkout: UpstreamCheckout, before: Release, after: Release): DriftItem[] {
  const compose = (...needles: (string | RegExp)[]) => checkout.locate('docker-compose.yml', ...needles);
  const items: DriftItem[] = [];
  const oldServices = Object.keys(before.composeServices);
  const newServices = Object.keys(after.composeServices);
  for (const name of minus(newServices, oldServices))
    items.push({
      place: compose(`  ${name}:`),
      text: `service added: ${name} (${after.composeServices[name]})`,
    });
  for (const name of minus(oldServices, newServices))
    items.push({ place: { file: 'docker-compose.yml', line: 0 }, text: `service removed: ${name}` });
  for (const name of newServices.filter((service) => oldServices.includes(service))) {
    if (before.composeServices[name] !== after.composeServices[name])
      items.push({
        place: compose(serviceKey(name), 'profiles'),
        text: `${name}: profile ${before.composeServices[name]} -> ${after.composeServices[name]}`,
      });
    const old = before.upstream.services.byName[name];
    const now = after.upstream.services.byName[name];
    if (old && now)
      items.push(...serviceDrift(checkout, name, old, now, { before: before.version, after: after.version }));
  }

  const flags = (release: Release) => Object.values(release.upstream.features.enabled).flat();
  for (const flag of minus(flags(after), flags(before)))
    items.push({ place: checkout.locate(featuresSource, `"${flag}"`), text: `feature flag added: ${flag}` });
  for (const flag of minus(flags(before), flags(after)))
    items.push({ place: { file: featuresSource, line: 0 }, text: `feature flag removed: ${flag}` });
  for (const flag of minus(after.upstream.features.disabled, before.upstream.features.disabled))
    items.push({
      place: checkout.locate(featuresSource, `"${flag}"`),
      text: `feature flag switched off: ${flag}`,
    });

  const nginx = after.upstream.nginx.source;
  const route = (release: Release) =>
    new Map(release.upstream.nginx.routes.map((entry) => [entry.location, JSON.stringify(entry)]));
  const [oldRoutes, newRoutes] = [route(before), route(after)];
  for (const [location, entry] of newRoutes)
    if (oldRoutes.get(location) !== entry)
      items.push({
        place: checkout.locate(nginx, `location`, location),
        text: `nginx route ${oldRoutes.has(location) ? 'changed' : 'added'}: ${location} ${entry}`,
      });
  for (const location of oldRoutes.keys())
    if (!newRoutes.has(location))
      items.push({ place: { file: nginx, line: 0 }, text: `nginx route removed: ${location}` });
  for (const directive of ['clientMaxBodySize', 'proxyReadTimeout', 'proxySendTimeout'] as const)
    if (before.upstream.nginx[directive] !== after.upstream.nginx[directive])
      items.push({
        place: checkout.locate(
          nginx,
          directive.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
        ),
        text: `nginx ${directive}: ${before.upstream.nginx[directive]} -> ${after.upstream.nginx[directive]}`,
      });

  for (const file of Object.keys(
    after.upstream.configFiles,
  ) as (keyof Release['upstream']['configFiles'])[]) {
    const { source, settings } = after.upstream.configFiles[file];
    items.push(
      ...settingsDrift(checkout, source, before.upstream.configFiles[file]?.settings ?? {}, settings),
    );
  }

  for (const profile of Object.keys(after.minimumRequirements) as (keyof Release['minimumRequirements'])[])
    if (
      JSON.stringify(before.minimumRequirements[profile]) !==
      JSON.stringify(after.minimumRequirements[profile])
    )
      items.push({
        place: checkout.locate(requirementsSource, 'MIN_RAM_HARD'),
        text: `minimum requirements (${profile}): ${show(before.minimumRequirements[profile])} -> ${show(after.minimumRequirements[profile])}`,
      });
  if (JSON.stringify(before.clickhouseUpgradeChain) !== JSON.stringify(after.clickhouseUpgradeChain))
    items.push({
      place: checkout.locate(clickhouseSource, 'Upgrading clickhouse to'),
      text: `ClickHouse upgrade chain: ${before.clickhouseUpgradeChain.join(' ')} -> ${after.clickhouseUpgradeChain.join(' ')}`,
    });
  const [oldSteps, newSteps] = [before.upstream.installSteps, after.upstream.installSteps];
  for (const step of minus(newSteps, oldSteps))
    items.push({
      place: checkout.locate(installerSource, `source ${step}`),
      text: `installer step added: ${step}`,
    });
  for (const step of minus(oldSteps, newSteps))
    items.push({ place: { file: installerSource, line: 0 }, text: `installer step removed: ${step}` });
  const known = new Set(before.upstream.hardStopMentions.map(({ source, text }) => `${source}\n${text}`));
  for (const { source, text } of after.upstream.hardStopMentions)
    if (!known.has(`${source}\n${text}`))
      items.push({ place: checkout.locate(source, text), text: `new hard-stop mention: ${text}` });
  for (const version of minus(after.hardStops, before.hardStops))
    items.push({
      place: { file: 'getsentry/sentry-docs develop-docs/self-hosted/releases.mdx', line: 0 },
      text: `new hard stop: ${version} (--hardStop)`,
    });
  return items;
}
