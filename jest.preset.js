// Shared by every project's jest.config.js: TypeScript through ts-jest, Node environment, and Nx's
// resolver so `@fundamental/sentry` resolves through tsconfig.base.json paths.
module.exports = {
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
