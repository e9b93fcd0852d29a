import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // An import of a package package.json does not declare (as semver once was) fails lint, and so does a
    // declared package nothing imports; src/package-json-lint.spec.ts proves both.
    files: ['**/package.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredDependencies: [
            // The sourcemaps executor runs the workspace's own sentry-cli (require.resolve from the workspace
            // root), the devDependency angular-app adds to the user's package.json: never the plugin's.
            '@sentry/cli',
          ],
        },
      ],
    },
    languageOptions: { parser: await import('jsonc-eslint-parser') },
  },
];
