import { createHash } from 'node:crypto';
import { listen, readBody, type RunningServer } from './http-server';

export interface UploadDouble extends RunningServer {
  /** Assembled artifact bundles (zip archives), with what the assemble request said about them. */
  bundles: { zip: Buffer; projects: string[]; version?: string }[];
  requests: string[];
}

/** The parts of a multipart/form-data body: field name, file name and bytes. */
function multipartParts(
  body: Buffer,
  contentType: string,
): { name: string; filename?: string; data: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf-8');
    parts.push({
      name: /name="([^"]*)"/.exec(headers)?.[1] ?? '',
      filename: /filename="([^"]*)"/.exec(headers)?.[1],
      data: part.subarray(split + 4),
    });
    start = next;
  }
  return parts;
}

/**
 * The upload side of sentry-cli 3's `sourcemaps upload`, from Sentry's chunk-upload and artifact-bundle
 * assemble endpoints: GET chunk-upload advertises the options (sha1 chunks, no compression, artifact
 * bundles accepted), POST chunk-upload stores chunks by their sha1, POST artifactbundle/assemble joins the
 * listed chunks, checks the whole file's sha1, and answers `ok` (or the missing chunks).
 */
export async function startUpload(): Promise<UploadDouble> {
  const chunks = new Map<string, Buffer>();
  const bundles: UploadDouble['bundles'] = [];
  const requests: string[] = [];
  const server = await listen(async (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    requests.push(`${request.method} ${path}`);
    const json = (status: number, value: unknown): void => {
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    };
    if (request.headers.authorization !== 'Bearer e2e-token') return json(401, { detail: 'Invalid token' });
    const org = /^\/api\/0\/organizations\/([^/]+)\//.exec(path)?.[1];
    if (path === `/api/0/organizations/${org}/chunk-upload/` && request.method === 'GET')
      return json(200, {
        url: `${server.url}/api/0/organizations/${org}/chunk-upload/`,
        chunkSize: 8 * 1024 * 1024,
        chunksPerRequest: 64,
        maxFileSize: 2 * 1024 * 1024 * 1024,
        maxRequestSize: 32 * 1024 * 1024,
        concurrency: 1,
        hashAlgorithm: 'sha1',
        compression: [],
        accept: ['debug_files', 'release_files', 'pdbs', 'sources', 'bcsymbolmaps', 'artifact_bundles'],
      });
    if (path === `/api/0/organizations/${org}/chunk-upload/` && request.method === 'POST') {
      for (const part of multipartParts(await readBody(request), request.headers['content-type'] ?? ''))
        if (part.name === 'file' && part.filename) chunks.set(part.filename, part.data);
      return json(200, {});
    }
    if (path === `/api/0/organizations/${org}/artifactbundle/assemble/` && request.method === 'POST') {
      const body = JSON.parse((await readBody(request)).toString('utf-8')) as {
        checksum: string;
        chunks: string[];
        projects: string[];
        version?: string;
      };
      const missing = body.chunks.filter((chunk) => !chunks.has(chunk));
      if (missing.length) return json(200, { state: 'not_found', missingChunks: missing });
      const zip = Buffer.concat(body.chunks.map((chunk) => chunks.get(chunk) as Buffer));
      if (createHash('sha1').update(zip).digest('hex') !== body.checksum)
        return json(400, { detail: 'checksum mismatch' });
      if (!bundles.some((bundle) => bundle.zip.equals(zip)))
        bundles.push({ zip, projects: body.projects, version: body.version });
      return json(200, { state: 'ok', missingChunks: [] });
    }
    return json(404, { detail: `the double does not implement ${request.method} ${path}` });
  });
  return { ...server, bundles, requests };
}
