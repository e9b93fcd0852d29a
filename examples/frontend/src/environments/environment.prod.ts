export const environment = {
  production: true,
  apiUrl: 'https://api.academind.ir',
  sentry: {
    dsn: 'https://0123456789abcdef0123456789abcdef@sentry.academind.ir/2',
    environment: 'production',
    tracesSampleRate: 0.1,
    replaysSessionSampleRate: 0.1,
    replaysOnErrorSampleRate: 1,
    tracePropagationTargets: ['https://api.academind.ir'],
  },
};
