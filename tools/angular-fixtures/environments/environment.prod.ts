export const environment = {
  production: true,
  apiUrl: 'https://api.academind.ir',
};
