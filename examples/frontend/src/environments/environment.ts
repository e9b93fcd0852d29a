// The front end's settings, as the team had them before Sentry: the API it calls.
export const environment = {
  production: false,
  apiUrl: 'http://localhost:5000',
  sentry: {
    dsn: '',
    environment: 'development',
    tracesSampleRate: 1,
    replaysSessionSampleRate: 0.1,
    replaysOnErrorSampleRate: 1,
    tracePropagationTargets: ['http://localhost:5000'],
  },
};
