import { parse } from 'yaml';
import type { ImageFamily } from '@fundamental/sentry/src/stack/component';
import type { GetsentryFamily, ServiceProfile } from '@fundamental/sentry/src/stack/releases/release';
import type { UpstreamService } from '@fundamental/sentry/src/stack/releases/upstream-facts';
import type { UpstreamCheckout } from './checkout';
import { interpolate, parseDotEnv, shellWords } from './compose-text';

export type InfrastructureFamily = Exclude<ImageFamily, GetsentryFamily>;

/** The compose service each infrastructure image family is read from. */
export const infrastructureServices: Readonly<Record<InfrastructureFamily, string>> = {
  postgres: 'postgres',
  pgbouncer: 'pgbouncer',
  kafka: 'kafka',
  clickhouse: 'clickhouse',
  valkey: 'redis',
  memcached: 'memcached',
  seaweedfs: 'seaweedfs',
  smtp: 'smtp',
};

export interface ComposeFacts {
  /** The .env values compose interpolates with (SENTRY_IMAGE names the release). */
  env: Readonly<Record<string, string>>;
  services: Record<string, UpstreamService>;
  profiles: Record<string, ServiceProfile>;
}

interface RawService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, unknown> | string[] };
  entrypoint?: string | string[];
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ulimits?: Record<string, number | { soft: number; hard: number }>;
  profiles?: string[];
}

const words = (value: string | string[] | undefined, env: Record<string, string>) =>
  value === undefined
    ? undefined
    : Array.isArray(value)
      ? value.map((word) => interpolate(String(word), env))
      : shellWords(interpolate(value, env));

/** `environment:` as a map or a KEY=VALUE list; a variable without a value passes the .env value through. */
function environmentOf(raw: RawService['environment'], env: Record<string, string>) {
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((item) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, null] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries(raw ?? {});
  return Object.fromEntries(
    entries.map(([name, value]) => [
      name,
      value === null || value === undefined ? (env[name] ?? null) : interpolate(String(value), env),
    ]),
  );
}

const ulimitsOf = (raw: Required<RawService>['ulimits']) =>
  Object.fromEntries(
    Object.entries(raw).map(([name, limit]) => [
      name,
      typeof limit === 'number' ? { soft: limit, hard: limit } : { soft: limit.soft, hard: limit.hard },
    ]),
  );

/** The build argument naming the base image: `BASE_IMAGE: x`, or a bare `- SENTRY_IMAGE` taken from .env. */
function baseImageOf(build: Exclude<RawService['build'], string | undefined>, env: Record<string, string>) {
  const args = build.args ?? {};
  const entries: [string, unknown][] = Array.isArray(args)
    ? args.map((item) =>
        item.includes('=') ? [item.split('=')[0], item.slice(item.indexOf('=') + 1)] : [item, null],
      )
    : Object.entries(args);
  const [name, value] = entries.find(([key]) => /IMAGE$/.test(key)) ?? [];
  if (!name) return undefined;
  return value === null || value === undefined ? (env[name] ?? '') : interpolate(String(value), env);
}

/** getsentry/self-hosted docker-compose.yml after interpolation with the tag's .env. */
export function composeFacts(checkout: UpstreamCheckout): ComposeFacts {
  const env = parseDotEnv(checkout.read('.env'));
  const document = parse(checkout.read('docker-compose.yml'), { merge: true, maxAliasCount: -1 }) as {
    services?: Record<string, RawService>;
  };
  const raw = document.services ?? {};
  // A service built locally runs `image:` as the local tag; another service may build on that tag.
  const localImages = new Map<string, string>();
  const services: Record<string, UpstreamService> = {};
  const profiles: Record<string, ServiceProfile> = {};
  for (const [name, service] of Object.entries(raw)) {
    const build = typeof service.build === 'string' ? { context: service.build } : service.build;
    let image = interpolate(service.image ?? '', env);
    if (build) {
      const local = image;
      image = baseImageOf(build, env) ?? image;
      if (image !== local) localImages.set(local, image);
    }
    const entrypoint = words(service.entrypoint, env);
    const command = words(service.command, env);
    services[name] = {
      image,
      ...(build
        ? { build: `${(build.context ?? '.').replace(/^\.\//, '')}/${build.dockerfile ?? 'Dockerfile'}` }
        : {}),
      ...(entrypoint ? { entrypoint } : {}),
      ...(command ? { command } : {}),
      environment: environmentOf(service.environment, env),
      ...(service.ulimits ? { ulimits: ulimitsOf(service.ulimits) } : {}),
    };
    profiles[name] = service.profiles?.includes('feature-complete') ? 'feature-complete' : 'always';
  }
  for (const service of Object.values(services))
    for (let hops = 0; localImages.has(service.image) && hops < localImages.size; hops++)
      service.image = localImages.get(service.image) ?? service.image;
  return { env, services, profiles };
}
