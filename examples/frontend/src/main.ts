import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';
import * as Sentry from '@sentry/angular';
import { environment } from './environments/environment';

Sentry.init({
  dsn: environment.sentry.dsn,
  environment: environment.sentry.environment,
  release: document.querySelector<HTMLMetaElement>('meta[name="sentry-release"]')?.content || undefined,
  integrations: [Sentry.browserTracingIntegration()],
  tracesSampleRate: environment.sentry.tracesSampleRate,
  tracePropagationTargets: environment.sentry.tracePropagationTargets,
  replaysSessionSampleRate: environment.sentry.replaysSessionSampleRate,
  replaysOnErrorSampleRate: environment.sentry.replaysOnErrorSampleRate,
});

// Session replay comes after the page load from this app's own origin (no CDN), bundled apart by the
// sentry-replay target; the SDK version in the URL keeps browsers from mixing a cached bundle with a newer SDK.
// The comments keep webpack and Vite from resolving the URL at build time: it is a file the browser fetches.
const loadSentryReplay = () => {
  const client = Sentry.getClient();
  if (!client?.getDsn() || client.getOptions().enabled === false) return;
  const replayBundle = new URL(`sentry-replay.js?v=${Sentry.SDK_VERSION}`, document.baseURI).href;
  import(/* webpackIgnore: true */ /* @vite-ignore */ replayBundle).then(
    ({ replayIntegration }: { replayIntegration: typeof Sentry.replayIntegration }) =>
      Sentry.addIntegration(replayIntegration()),
    (error: unknown) => console.warn('Sentry session replay is not available:', error),
  );
};
if (document.readyState === 'complete') loadSentryReplay();
else window.addEventListener('load', loadSentryReplay, { once: true });

bootstrapApplication(App, appConfig).catch((err) => console.error(err));
