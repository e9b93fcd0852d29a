import { OptionError } from './option-error';

/**
 * Checks of user values that end up in manifests, config files and scripts. They are strict on purpose:
 * a value that passes contains no quote, space, newline, `$`, `;` or other shell/YAML/Python metacharacter,
 * so a mistake or an injection attempt is refused before anything is written.
 */
const dnsLabel = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
/** A lower-case DNS name of one or more labels (RFC 1123), unanchored, for patterns that embed a host. */
export const dnsSubdomain = `${dnsLabel}(\\.${dnsLabel})*`;
const dnsLabelPattern = new RegExp(`^${dnsLabel}$`);
const dnsSubdomainPattern = new RegExp(`^${dnsSubdomain}$`);
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const emailLocalPattern = /^[A-Za-z0-9._%+-]{1,64}$/;

export function requireString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new OptionError(option, value, 'a non-empty string');
  return value;
}

/** A public host name with at least two labels, e.g. sentry.example.com. */
export function assertDomain(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (text.length > 253 || !dnsSubdomainPattern.test(text) || !text.includes('.'))
    throw new OptionError(option, value, 'a lower-case DNS name such as sentry.example.com');
  return text;
}

/** A DNS name (one label allowed, e.g. a Service) or an IPv4 address. */
const isHost = (text: string) =>
  ipv4Pattern.test(text) || (text.length <= 253 && dnsSubdomainPattern.test(text));

/** A host: DNS name (one label allowed, e.g. a Service) or IPv4 address. */
export function assertHost(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!isHost(text)) throw new OptionError(option, value, 'a lower-case host name or an IPv4 address');
  return text;
}

export const isDnsLabel = (text: string): boolean => dnsLabelPattern.test(text);

/** DNS-1123 label: namespaces, and names that must fit one. */
export function assertDnsLabel(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!isDnsLabel(text))
    throw new OptionError(
      option,
      value,
      'a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters',
    );
  return text;
}

/** DNS-1123 subdomain: Kubernetes object names such as StorageClasses and Secrets. */
export function assertResourceName(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (text.length > 253 || !dnsSubdomainPattern.test(text))
    throw new OptionError(
      option,
      value,
      'a Kubernetes resource name: lower-case letters, digits, "-" and "."',
    );
  return text;
}

export function assertEmail(option: string, value: unknown): string {
  const text = requireString(option, value);
  const at = text.lastIndexOf('@');
  const domain = text.slice(at + 1);
  if (
    at < 1 ||
    !emailLocalPattern.test(text.slice(0, at)) ||
    !dnsSubdomainPattern.test(domain) ||
    !domain.includes('.')
  )
    throw new OptionError(option, value, 'an e-mail address such as admin@example.com');
  return text;
}

/**
 * A git branch: the charset lands in `if:` expressions, branch filters (where `*`, `?`, `[` and `!` are patterns)
 * and shell lines without quoting; the lookaheads are git check-ref-format's rules the charset does not cover
 * (no "..", "//", "/." or ".lock" ending, no "/" or "." at the end).
 */
export const gitBranchPattern =
  /^(?!.*(?:\.\.|\/\/|\/\.))(?!.*(?:[/.]|\.lock)$)[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

export function assertGitBranch(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!gitBranchPattern.test(text))
    throw new OptionError(option, value, 'a git branch name of letters, digits, ".", "_", "-" and "/"');
  return text;
}

export function assertOneOf<T>(option: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw new OptionError(option, value, choices.join(' or '));
  return value as T;
}

/** The oldest Node that Nx 20 to 22 run on. */
const minimumNodeMajor = 20;
const nodeVersionPattern = /^(\d{2,})(\.\d+){0,2}$/;

/** A Node version a setup action installs: a major, or major.minor.patch. */
export function assertNodeVersion(option: string, value: unknown): string {
  // The command line hands `--nodeVersion=22` over as a number; a whole number is a major version. A
  // fraction is not taken: 20.10 would have arrived as 20.1.
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  const major = typeof text === 'string' ? text.match(nodeVersionPattern)?.[1] : undefined;
  if (!major || Number(major) < minimumNodeMajor)
    throw new OptionError(
      option,
      value,
      `a Node version ${minimumNodeMajor} or newer: a major such as 22, or major.minor.patch such as 22.11.0`,
    );
  return text as string;
}

/** A file name (no folder) ending in .yaml or .yml. */
export function assertYamlFileName(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/.test(text))
    throw new OptionError(option, value, 'a file name ending in .yaml or .yml, such as ci-cd.yaml');
  return text;
}

export function assertInteger(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new OptionError(option, value, `a whole number from ${min} to ${max}`);
  return value;
}

/** A workspace-relative path: no absolute path, no `..`, only path-safe characters. */
function workspacePath(option: string, value: unknown, expected: string): string {
  const text = requireString(option, value).replace(/\/+$/, '');
  if (
    text.startsWith('/') ||
    text.split('/').some((part) => part === '..' || part === '' || part === '.') ||
    !/^[A-Za-z0-9._/-]+$/.test(text)
  )
    throw new OptionError(option, value, expected);
  return text;
}

export const assertRelativeDirectory = (option: string, value: unknown): string =>
  workspacePath(option, value, 'a folder inside the workspace, such as infra/sentry');

export const assertWorkspaceFile = (option: string, value: unknown): string =>
  workspacePath(option, value, 'a file inside the workspace, such as apps/api/k8s/deployment.yaml');

/** Kafka bootstrap servers: host:port[,host:port…]. */
export function assertHostPortList(option: string, value: unknown): string {
  const text = requireString(option, value);
  for (const entry of text.split(',')) {
    const [host, port, ...rest] = entry.split(':');
    const portNumber = Number(port);
    const valid =
      rest.length === 0 &&
      !!host &&
      (ipv4Pattern.test(host) || dnsSubdomainPattern.test(host)) &&
      Number.isInteger(portNumber) &&
      portNumber > 0 &&
      portNumber < 65536;
    if (!valid)
      throw new OptionError(option, value, 'host:port pairs separated by commas, e.g. kafka-0.example:9092');
  }
  return text;
}

/**
 * A container registry to pull from, `host[:port][/path]`, as an image reference begins. The host must hold a
 * "." or a port, or be localhost: otherwise a runtime reads it as a Docker Hub account (github.com/distribution/
 * reference v0.6.0, normalize.go splitDockerDomain). Path segments as the OCI distribution spec names them.
 */
export function assertImageRegistry(option: string, value: unknown): string {
  const text = requireString(option, value);
  const [host, ...path] = text.split('/');
  const [name, port, ...rest] = host.split(':');
  const hostValid =
    rest.length === 0 &&
    isHost(name) &&
    (name.includes('.') || name === 'localhost' || port !== undefined) &&
    (port === undefined || (/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535));
  if (!hostValid || !path.every((segment) => /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(segment)))
    throw new OptionError(
      option,
      value,
      'a registry as an image reference begins, host[:port][/path] without a scheme, such as registry.example.com:5000/sentry',
    );
  return text;
}

/** An http(s) URL of a Python wheel (`.whl`): pip installs it without building, so it fetches nothing else. */
export function assertWheelUrl(option: string, value: unknown): string {
  const text = requireString(option, value);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    !url.pathname.endsWith('.whl') ||
    !/^[\x21-\x7e]+$/.test(text) ||
    /["'`$\\]/.test(text)
  )
    throw new OptionError(
      option,
      value,
      'an http(s) URL of a wheel (.whl) the cluster can reach, such as https://files.example.com/sentry_nodestore_s3-1.0.0-py3-none-any.whl',
    );
  return text;
}

/**
 * A Git repository URL as Argo CD's repo-server clones it: http(s)://host/path, ssh://[user@]host[:port]/path,
 * or the scp-like user@host:path. No spaces, quotes or shell metacharacters.
 */
export function assertGitRepoUrl(option: string, value: unknown): string {
  const text = requireString(option, value);
  const segment = '[A-Za-z0-9._~-]+';
  const path = `${segment}(/${segment})*`;
  const label = '[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?';
  const host = `${label}(\\.${label})*`;
  const shapes = [
    new RegExp(`^https?://(${segment}@)?${host}(:\\d{1,5})?/${path}$`),
    new RegExp(`^ssh://(${segment}@)?${host}(:\\d{1,5})?/${path}$`),
    new RegExp(`^${segment}@${host}:${path}$`),
  ];
  if (text.length > 2048 || !shapes.some((shape) => shape.test(text)) || text.includes('..'))
    throw new OptionError(
      option,
      value,
      'a Git repository URL such as https://github.com/acme/gitops.git or git@github.com:acme/gitops.git',
    );
  return text;
}

/** A branch, tag or commit as `git check-ref-format` accepts its name (or HEAD). */
export function assertGitRevision(option: string, value: unknown): string {
  const text = requireString(option, value);
  if (
    text.length > 255 ||
    !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text) ||
    /\.\.|\/\/|\/\.|\.lock$|[./]$/.test(text)
  )
    throw new OptionError(option, value, 'a branch, tag or commit such as main, v1.2.0 or HEAD');
  return text;
}

/** `[prefix/]name` of a Kubernetes label (prefix a DNS subdomain, name up to 63 alphanumerics, - _ .). */
export function assertLabelKey(option: string, value: unknown): string {
  const text = requireString(option, value);
  const slash = text.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : text.slice(0, slash);
  if (
    (prefix !== undefined && (prefix.length > 253 || !dnsSubdomainPattern.test(prefix))) ||
    !labelValuePattern.test(text.slice(slash + 1))
  )
    throw new OptionError(option, value, 'label keys such as kubernetes.io/hostname or disktype');
  return text;
}

const labelValuePattern = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A Kubernetes label value: empty, or up to 63 alphanumerics, - _ . starting and ending alphanumeric. */
export function assertLabelValue(option: string, value: unknown): string {
  if (value === '') return '';
  const text = requireString(option, value);
  if (!labelValuePattern.test(text))
    throw new OptionError(option, value, 'label values of up to 63 letters, digits, "-", "_" and "."');
  return text;
}
