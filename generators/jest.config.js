module.exports = {
  displayName: 'maintainer-generators',
  preset: '../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  coverageDirectory: '../coverage/generators',
};
