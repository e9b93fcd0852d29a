import { gunzipSync } from 'node:zlib';
import { listen, readBody, type RunningServer } from './http-server';

/** One item of an envelope: its type, its payload (JSON when it parses) and the envelope's own header. */
export interface EnvelopeItem {
  type: string;
  payload: unknown;
  /** Carries the trace's dynamic sampling context (`trace.release`, `trace.environment`). */
  envelope: { trace?: { release?: string; environment?: string } };
}

/**
 * Sentry's envelope format (develop.sentry.dev "Envelopes"): a JSON header line, then per item a JSON
 * header line and a payload of `length` bytes (or up to the next newline when the header has no length).
 */
export function parseEnvelope(body: Buffer): EnvelopeItem[] {
  let offset = body.indexOf(0x0a);
  const envelope = JSON.parse(body.subarray(0, offset).toString('utf-8')) as EnvelopeItem['envelope'];
  const items: EnvelopeItem[] = [];
  while (offset >= 0 && offset < body.length - 1) {
    const headerEnd = body.indexOf(0x0a, offset + 1);
    if (headerEnd < 0) break;
    const header = JSON.parse(body.subarray(offset + 1, headerEnd).toString('utf-8')) as {
      type: string;
      length?: number;
    };
    const end =
      header.length !== undefined
        ? headerEnd + 1 + header.length
        : (body.indexOf(0x0a, headerEnd + 1) + 1 || body.length + 1) - 1;
    const raw = body.subarray(headerEnd + 1, end);
    let payload: unknown = raw;
    try {
      payload = JSON.parse(raw.toString('utf-8'));
    } catch {
      // binary payloads (replay recordings) stay bytes
    }
    items.push({ type: header.type, payload, envelope });
    offset = end;
  }
  return items;
}

export interface IngestDouble extends RunningServer {
  items: EnvelopeItem[];
}

/**
 * Relay's store/envelope endpoint as the browser SDK uses it: POST /api/<project>/envelope/, answered 200
 * with CORS headers (the page is on another origin). Envelopes are kept, parsed, for the test to inspect.
 */
export async function startIngest(): Promise<IngestDouble> {
  const items: EnvelopeItem[] = [];
  const server = await listen(async (request, response) => {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
    };
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    if (request.method !== 'POST' || !/^\/api\/\d+\/envelope\//.test(request.url ?? ''))
      return void response.writeHead(404, cors).end();
    let body = await readBody(request);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    items.push(...parseEnvelope(body));
    response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{}');
  });
  return { ...server, items };
}
