// e2e: real workspaces in a temp folder, real registry packages, the plugin as a packed tarball.
module.exports = {
  displayName: 'sentry-e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  globalSetup: '<rootDir>/src/harness/global-setup.ts',
  testTimeout: 15 * 60 * 1000,
};
