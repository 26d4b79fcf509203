/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // jose (token verification) and content-disposition (under @fastify/static, which serves /docs) ship ES
    // modules only; jest's CommonJS runtime needs them compiled.
    '/node_modules/(jose|content-disposition)/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    // PGlite loads Node built-ins with import(), which jest's CommonJS sandbox refuses: compiled to require().
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: false } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|content-disposition|@electric-sql/pglite)/)'],
  testMatch: ['**/*.test.ts'],
  // The cluster test starts a Temporal cluster and runs for minutes: `npm run test:cluster` (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  testTimeout: 120000,
  // Temporal servers and workers are heavy on a 2-core machine: one test file at a time.
  maxWorkers: 1,
};
