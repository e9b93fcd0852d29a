// The front end's settings, as the team had them before Sentry: the API it calls.
export const environment = {
  production: false,
  apiUrl: 'http://localhost:5000',
};
