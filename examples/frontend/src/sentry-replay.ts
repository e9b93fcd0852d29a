// Entry of the session replay bundle: the sentry-replay target builds it apart from the app and main.ts
// imports the result after the page load, so replay is never part of the initial download.
export { replayIntegration } from '@sentry/angular';
