import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/tmp', '**/node_modules', '**/files/**', 'examples/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { allow: [], depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['*'] }] },
      ],
    },
  },
  {
    files: ['**/*.json'],
    rules: { '@nx/nx-plugin-checks': 'error' },
    languageOptions: { parser: await import('jsonc-eslint-parser') },
  },
];
