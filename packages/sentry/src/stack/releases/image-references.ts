/**
 * Image references as a container runtime resolves them (github.com/distribution/reference v0.6.0,
 * normalize.go `splitDockerDomain`): the first path segment names the registry when it holds "." or ":" or is
 * "localhost"; otherwise the image is Docker Hub's (docker.io), where a name of one segment is an official image
 * under `library/`. What follows the registry (repository, tag, digest) is the image's path.
 */
function registryAndPath(reference: string): { registry: string; path: string } {
  const slash = reference.indexOf('/');
  const first = reference.slice(0, slash);
  if (slash > 0 && (/[.:]/.test(first) || first === 'localhost'))
    return { registry: first, path: reference.slice(slash + 1) };
  return { registry: 'docker.io', path: slash > 0 ? reference : `library/${reference}` };
}

/** The reference with its registry spelled out: `postgres:14` → `docker.io/library/postgres:14`. */
export function qualifiedImage(reference: string): string {
  const { registry, path } = registryAndPath(reference);
  return `${registry}/${path}`;
}

/**
 * Where a mirror keeps the image: `<mirror>/<path>`, the registry replaced and the path kept
 * (`ghcr.io/getsentry/relay:26.8.0` → `<mirror>/getsentry/relay:26.8.0`, `postgres:14` →
 * `<mirror>/library/postgres:14`): what `skopeo copy` or `crane copy` of each image to `<mirror>/<path>` makes.
 */
export function mirroredImage(reference: string, mirror: string): string {
  return `${mirror}/${registryAndPath(reference).path}`;
}
