import { selectComponents } from '../../../stack/catalogue';
import { releases } from '../../../stack/releases';
import type { ExternalEndpoints, StackSettings, TlsSettings } from '../../../stack/settings';
import { assertBooleanOptions, OptionError } from '../../../utils/option-error';
import {
  assertDnsLabel,
  assertDomain,
  assertEmail,
  assertHost,
  assertHostPortList,
  assertImageRegistry,
  assertInteger,
  assertLabelKey,
  assertLabelValue,
  assertRelativeDirectory,
  assertResourceName,
  assertWheelUrl,
  requireString,
} from '../../../utils/validators';
import { assertSentrySlug, slugOf } from '../../../utils/sentry-options';
import { sentryNodestoreS3Archive, sentryStackVersion } from '../../../versions';
import type { InfraGeneratorSchema } from '../schema';
import { gitopsOf, type ArgoCdSettings } from './gitops-options';

export interface NormalizedInfraOptions {
  settings: StackSettings;
  directory: string;
  projectPrefix: string;
  ingressControllerNamespace: string;
  /** Namespaces whose pods send events to Relay inside the cluster (the apps' own SDKs). */
  clientNamespaces: string[];
  skipFormat: boolean;
  ansible: boolean;
  /** Set with `--gitops=argocd`: Argo CD syncs the stack from Git. */
  gitops?: ArgoCdSettings;
  /** Slugs of the Sentry organization and team the bootstrap creates. */
  organization: string;
  team: string;
}

const portOf = (option: string, value: unknown) => assertInteger(option, value, 1, 65535);

function tlsOf(options: InfraGeneratorSchema): TlsSettings {
  const secretName = assertResourceName('tlsSecret', options.tlsSecret ?? 'sentry-tls');
  const mode = options.tls ?? 'secret';
  if (mode === 'secret') return { mode, secretName };
  if (mode !== 'cert-manager') throw new OptionError('tls', mode, '"secret" or "cert-manager"');
  const issuerKind = options.certManagerIssuerKind ?? 'ClusterIssuer';
  if (issuerKind !== 'ClusterIssuer' && issuerKind !== 'Issuer')
    throw new OptionError('certManagerIssuerKind', issuerKind, '"ClusterIssuer" or "Issuer"');
  // No default: an issuer name assumed here (say `letsencrypt`) rarely exists on the user's cluster, and the
  // certificate would then never be issued, silently. setup.sh's preflight checks the one given exists.
  const listIssuers =
    issuerKind === 'ClusterIssuer'
      ? 'kubectl get clusterissuers'
      : `kubectl -n ${options.namespace ?? 'sentry'} get issuers`;
  if (options.certManagerIssuer === undefined)
    throw new OptionError(
      'certManagerIssuer',
      undefined,
      `the name of the cert-manager ${issuerKind} that issues the certificate with --tls=cert-manager, ` +
        `e.g. --certManagerIssuer=letsencrypt-prod (\`${listIssuers}\` lists those on the cluster)`,
    );
  return {
    mode,
    issuer: assertResourceName('certManagerIssuer', options.certManagerIssuer),
    issuerKind,
    secretName,
  };
}

function externalOf(options: InfraGeneratorSchema): ExternalEndpoints {
  const external: ExternalEndpoints = {};
  if (options.postgresHost !== undefined)
    external.postgres = {
      host: assertHost('postgresHost', options.postgresHost),
      port: portOf('postgresPort', options.postgresPort ?? 5432),
      database: assertResourceName('postgresDatabase', options.postgresDatabase ?? 'sentry'),
      user: assertResourceName('postgresUser', options.postgresUser ?? 'sentry'),
    };
  if (options.kafkaBootstrapServers !== undefined)
    external.kafka = {
      bootstrapServers: assertHostPortList('kafkaBootstrapServers', options.kafkaBootstrapServers),
    };
  if (options.redisHost !== undefined)
    external.redis = {
      host: assertHost('redisHost', options.redisHost),
      port: portOf('redisPort', options.redisPort ?? 6379),
    };
  if (options.clickhouseHost !== undefined)
    external.clickhouse = {
      host: assertHost('clickhouseHost', options.clickhouseHost),
      tcpPort: portOf('clickhouseTcpPort', options.clickhouseTcpPort ?? 9000),
      httpPort: portOf('clickhouseHttpPort', options.clickhouseHttpPort ?? 8123),
      database: assertResourceName('clickhouseDatabase', options.clickhouseDatabase ?? 'default'),
      user: assertResourceName('clickhouseUser', options.clickhouseUser ?? 'default'),
    };
  return external;
}

function replicasOf(options: InfraGeneratorSchema, scalable: readonly string[]): Record<string, number> {
  const replicas = options.replicas ?? {};
  if (typeof replicas !== 'object' || Array.isArray(replicas))
    throw new OptionError('replicas', replicas, 'component=count pairs, e.g. --replicas.web=2');
  for (const [component, count] of Object.entries(replicas)) {
    if (!scalable.includes(component))
      throw new OptionError(`replicas.${component}`, count, `a stateless component: ${scalable.join(', ')}`);
    assertInteger(`replicas.${component}`, count, 1, 20);
  }
  return { ...replicas };
}

/** Validates every option and derives the stack settings; throws an OptionError before anything is written. */
/**
 * `workspaceName` is the root package.json's name: its scope, or the name itself, is the organization a
 * workspace gets when none is given (`@acme/source` → acme).
 */
export function normalizeOptions(options: InfraGeneratorSchema, workspaceName = ''): NormalizedInfraOptions {
  assertBooleanOptions(options, ['skipFormat', 'mailUseTls', 'ansible']);
  const domain = assertDomain(
    'domain',
    typeof options.domain === 'string' ? options.domain.toLowerCase() : options.domain,
  );
  const sentryVersion = requireString('sentryVersion', options.sentryVersion ?? sentryStackVersion);
  if (!/^\d{2}\.\d{1,2}\.\d+$/.test(sentryVersion) || !releases[sentryVersion])
    throw new OptionError(
      'sentryVersion',
      sentryVersion,
      `a self-hosted release this plugin knows: ${Object.keys(releases).join(', ')}`,
    );
  const profile = options.profile ?? 'feature-complete';
  if (profile !== 'feature-complete' && profile !== 'errors-only')
    throw new OptionError('profile', profile, '"feature-complete" or "errors-only"');
  const mailHost = options.mailHost === undefined ? undefined : assertHost('mailHost', options.mailHost);
  const mailUser = options.mailUser;
  if (mailUser !== undefined && !/^[A-Za-z0-9._%+@-]{1,128}$/.test(mailUser))
    throw new OptionError('mailUser', mailUser, 'an SMTP login of letters, digits and . _ % + @ -');
  const github =
    options.githubAppId === undefined
      ? undefined
      : {
          appId: assertInteger('githubAppId', options.githubAppId, 1, Number.MAX_SAFE_INTEGER),
          appName: assertDnsLabel('githubAppName', options.githubAppName),
          clientId: (() => {
            const clientId = requireString('githubClientId', options.githubClientId);
            if (!/^[A-Za-z0-9.]{1,64}$/.test(clientId))
              throw new OptionError(
                'githubClientId',
                clientId,
                'a GitHub App client id such as Iv1.0123abcd',
              );
            return clientId;
          })(),
        };

  const organization = assertSentrySlug(
    'organization',
    options.organization ?? slugOf(/^@([^/]+)\//.exec(workspaceName)?.[1] ?? workspaceName, 'sentry'),
    'an organization slug such as acme',
    'organization',
  );
  const settings: StackSettings = {
    namespace: assertDnsLabel('namespace', options.namespace ?? 'sentry'),
    domain,
    profile,
    sentryVersion,
    storageClass: assertResourceName('storageClass', options.storageClass ?? 'microk8s-hostpath'),
    ingressClass: assertResourceName('ingressClass', options.ingressClass ?? 'public'),
    tls: tlsOf(options),
    adminEmail: assertEmail('adminEmail', options.adminEmail),
    retentionDays: assertInteger('retentionDays', options.retentionDays ?? 90, 1, 3650),
    mail: {
      ...(mailHost ? { host: mailHost } : {}),
      port: portOf('mailPort', options.mailPort ?? (mailHost ? 587 : 25)),
      ...(mailUser ? { username: mailUser } : {}),
      from: assertEmail('mailFrom', options.mailFrom ?? `sentry@${domain}`),
      useTls: options.mailUseTls ?? !!mailHost,
    },
    replicas: {},
    external: externalOf(options),
    ...(github ? { github } : {}),
    ...mirrorOf(options),
    ...nodeSelectorOf(options.nodeSelector),
  };
  const scalable = selectComponents(settings, releases[settings.sentryVersion])
    .filter((component) => component.scalable)
    .map(({ name }) => name);
  settings.replicas = replicasOf(options, scalable);
  const directory = assertRelativeDirectory('directory', options.directory ?? 'infra/sentry');
  const gitops = gitopsOf(options, directory);
  return {
    settings,
    directory,
    projectPrefix: assertDnsLabel('name', options.name ?? 'sentry'),
    ingressControllerNamespace: assertDnsLabel(
      'ingressControllerNamespace',
      options.ingressControllerNamespace ?? 'ingress',
    ),
    clientNamespaces: clientNamespacesOf(options.clientNamespaces),
    skipFormat: options.skipFormat ?? false,
    ansible: options.ansible ?? false,
    ...(gitops ? { gitops } : {}),
    organization,
    team: assertSentrySlug('team', options.team ?? organization, 'a team slug such as backend'),
  };
}

/**
 * Where images and the nodestore package come from instead of the internet. A mirror of the images alone would
 * still leave every Sentry pod fetching sentry-nodestore-s3 from github.com (and setuptools from PyPI to build
 * it), so --imageRegistry requires the wheel's URL too.
 */
function mirrorOf(
  options: InfraGeneratorSchema,
): Pick<StackSettings, 'imageRegistry' | 'nodestorePackageUrl'> {
  const imageRegistry =
    options.imageRegistry === undefined
      ? undefined
      : assertImageRegistry('imageRegistry', options.imageRegistry);
  if (imageRegistry !== undefined && options.nodestorePackageUrl === undefined)
    throw new OptionError(
      'nodestorePackageUrl',
      undefined,
      'with --imageRegistry, the URL of a sentry-nodestore-s3 wheel the cluster can reach, or every Sentry pod ' +
        'fetches it from github.com: build it once with `pip wheel --no-deps ' +
        `${sentryNodestoreS3Archive}\`, put it on a web server of yours and pass its URL`,
    );
  return {
    ...(imageRegistry ? { imageRegistry } : {}),
    ...(options.nodestorePackageUrl === undefined
      ? {}
      : { nodestorePackageUrl: assertWheelUrl('nodestorePackageUrl', options.nodestorePackageUrl) }),
  };
}

/** `--clientNamespaces=a,b` (the command line) or a list (sentry-stack.json): namespace names. */
function clientNamespacesOf(value: string | string[] | undefined): string[] {
  const names = typeof value === 'string' ? value.split(',').map((name) => name.trim()) : (value ?? []);
  if (!Array.isArray(names))
    throw new OptionError('clientNamespaces', value, 'namespace names separated by commas');
  return names.filter((name) => name !== '').map((name) => assertDnsLabel('clientNamespaces', name));
}

/** `--nodeSelector=key=value,…` (the command line) or an object (sentry-stack.json): node labels. */
function nodeSelectorOf(
  value: string | Record<string, string> | undefined,
): Pick<StackSettings, 'nodeSelector'> {
  if (value === undefined) return {};
  const expected = 'node labels as key=value pairs separated by commas, e.g. kubernetes.io/hostname=node-1';
  const pairs =
    typeof value === 'string'
      ? value.split(',').map((pair) => {
          const equals = pair.indexOf('=');
          if (equals === -1) throw new OptionError('nodeSelector', value, expected);
          return [pair.slice(0, equals).trim(), pair.slice(equals + 1).trim()];
        })
      : value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value)
        : undefined;
  if (!pairs?.length) throw new OptionError('nodeSelector', value, expected);
  return {
    nodeSelector: Object.fromEntries(
      pairs.map(([key, label]) => [
        assertLabelKey('nodeSelector', key),
        assertLabelValue('nodeSelector', label),
      ]),
    ),
  };
}
