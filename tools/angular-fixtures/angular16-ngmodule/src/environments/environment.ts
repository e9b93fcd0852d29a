// The front end's settings as the team has them: the API base every service prefixes its paths with.
export const environment = {
  production: false,
  basePath: 'http://localhost:5000/api/',
};
