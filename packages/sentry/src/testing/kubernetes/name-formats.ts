/**
 * Name formats the API server enforces but the OpenAPI schemas do not express
 * (k8s.io/apimachinery/pkg/util/validation). Each returns why a value is invalid, or undefined.
 */

const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const qualifiedNamePattern = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const configMapKeyPattern = /^[-._a-zA-Z0-9]+$/;

/** Namespaces, container, volume and Service port names: lowercase alphanumerics and '-'. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!dns1123LabelPattern.test(value)) {
    return `"${value}" must be lowercase alphanumerics or '-', starting and ending alphanumeric`;
  }
  return undefined;
}

/** Service names become DNS labels and environment variable prefixes: they must start with a letter. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!dns1035LabelPattern.test(value)) {
    return `"${value}" must be lowercase alphanumerics or '-', starting with a letter and ending alphanumeric`;
  }
  return undefined;
}

/** Most object names: dot-separated DNS-1123 labels. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return `"${value}" is longer than 253 characters`;
  if (!value.split('.').every((label) => dns1123LabelPattern.test(label))) {
    return `"${value}" must be lowercase alphanumerics, '-' or '.', each dot-separated part starting and ending alphanumeric`;
  }
  return undefined;
}

/** Container port names (and named targetPorts): IANA service names, at most 15 characters. */
export function ianaServiceNameProblem(value: string): string | undefined {
  if (value.length > 15) return `"${value}" is longer than 15 characters`;
  if (!dns1123LabelPattern.test(value) || value.includes('--') || !/[a-z]/.test(value)) {
    return `"${value}" must be lowercase alphanumerics or single '-', with at least one letter`;
  }
  return undefined;
}

/** Label keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && dns1123SubdomainProblem(prefix)) {
    return `label key "${key}" has an invalid prefix`;
  }
  if (name.length > 63 || !qualifiedNamePattern.test(name)) {
    return `label key "${key}" must be at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (typeof value !== 'string') return `label value ${JSON.stringify(value)} is not a string`;
  if (value.length > 63 || !labelValuePattern.test(value)) {
    return `label value "${value}" must be at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

/** ConfigMap data keys become file names in volumes. */
export function configMapKeyProblem(key: string): string | undefined {
  if (key.length > 253 || !configMapKeyPattern.test(key)) {
    return `key "${key}" must be at most 253 alphanumerics, '-', '_' or '.'`;
  }
  return undefined;
}
