// Production: the API is served from the app's own origin, under /api/.
export const environment = {
  production: true,
  basePath: '/api/',
};
