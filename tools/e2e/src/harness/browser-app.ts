import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { listen, type RunningServer } from '../doubles/http-server';
import type { IngestDouble } from '../doubles/sentry-ingest';
import type { RunResult } from './run';
import type { TestWorkspace } from './test-workspace';

/** An API the same server answers beside the app: requests whose path starts with `prefix`. */
export interface SameOriginApi {
  prefix: string;
  handle(request: IncomingMessage, response: ServerResponse): void;
}

/**
 * The browser output as a web server would serve it (index.html for unknown paths, as for an SPA), with an
 * optional API on the same origin (what a reverse proxy in front of app and API gives a relative `/api/`).
 */
export function serveStatic(root: string, api?: SameOriginApi): Promise<RunningServer> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  return listen((request, response) => {
    const pathname = decodeURIComponent((request.url ?? '/').split('?')[0]);
    if (api && pathname.startsWith(api.prefix)) return api.handle(request, response);
    const path = join(root, pathname);
    const file = existsSync(path) && statSync(path).isFile() ? path : join(root, 'index.html');
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
}

/** Polls `probe` until it returns something, or fails naming what it waited for (and what it got). */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs = 30_000,
  describe?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${describe ? `; got ${describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Debian's Chromium, headless, without a sandbox or GPU, with no traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The parts of a Sentry error event the tests read. */
export type SentryEvent = {
  release?: string;
  environment?: string;
  type?: string;
  exception?: {
    values: {
      value: string;
      stacktrace: { frames: { abs_path?: string; filename?: string; lineno: number; colno: number }[] };
    }[];
  };
  debug_meta?: { images: { type: string; code_file: string; debug_id: string }[] };
};

/** The public key of the DSN the wired apps report with (the ingest double accepts any). */
export const publicKey = '0123456789abcdef0123456789abcdef';

/**
 * Runs the angular-app generator so the app reports everything (every trace, every session replayed) to the
 * ingest double, then builds it for production; returns the generator's output.
 */
export function wireAndBuild(
  workspace: TestWorkspace,
  app: string,
  ingestPort: number,
  ...options: string[]
): RunResult {
  const generated = workspace.nx(
    'g',
    '@fundamental/sentry:angular-app',
    app,
    `--dsn=http://${publicKey}@127.0.0.1:${ingestPort}/2`,
    '--tracesSampleRate=1',
    '--replaysSessionSampleRate=1',
    '--no-interactive',
    ...options,
  );
  workspace.nx('build', app, '--configuration=production');
  return generated;
}

/** The error event the page sent with this message, once it has arrived. */
export function errorEvent(
  ingest: IngestDouble,
  message: string,
  describe?: () => string,
): Promise<SentryEvent> {
  return waitFor(
    'the error event',
    () =>
      ingest.items
        .map(({ payload }) => payload as SentryEvent)
        .find((event) => event.exception?.values[0]?.value === message),
    30_000,
    describe,
  );
}

/**
 * Opens the wired app in a new page and waits until it has rendered `#explode` and fetched the replay bundle
 * (attached after the load event, from what the sentry-replay target built). Collects uncaught errors and the
 * console's warnings and errors.
 */
export async function openWiredApp(
  browser: Browser,
  url: string,
): Promise<{ page: Page; pageErrors: string[]; consoleProblems: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  const consoleProblems: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') consoleProblems.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('#explode');
  await page.waitForFunction(
    () =>
      performance.getEntriesByType('resource').some((entry) => /\/sentry-replay\.js\?v=/.test(entry.name)),
    undefined,
    { timeout: 15_000 },
  );
  return { page, pageErrors, consoleProblems };
}
