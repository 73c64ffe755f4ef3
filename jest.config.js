/** Jest projects select tests by suffix: *.unit.spec.ts beside the code, *.int.spec.ts against the running stack. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // web/ is tested in the browser (web/e2e), except its API mocks, checked against the services' OpenAPI
  // documents, and its pure display helpers (web/src/utils).
  testPathIgnorePatterns: ['/node_modules/', '/web/(?!src/(mocks|utils)/)'],
  // The SDKs' builds (npm run sdk:pack) are packages named like their sources: not modules of the tests.
  modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/'],
  coveragePathIgnorePatterns: ['/node_modules/', '\\.spec\\.ts$'],
};

/**
 * `npm run coverage` (unit and integration tests in one run, `--coverage`): V8's own counters, which
 * need no instrumenting transform and so work with @swc/jest. The integration tests start the
 * services in-process (test/platform `startInProcessPlatform`), so their code counts. Scope: every Node
 * workspace's source; not the test helpers of packages/testing, not the web (its tests are Playwright
 * end-to-end ones in a browser, which Jest does not see). docs/engineering.md gives the figures.
 */
const coverage = {
  coverageProvider: 'v8',
  collectCoverageFrom: [
    '<rootDir>/services/*/src/**/*.ts',
    '<rootDir>/packages/*/src/**/*.ts',
    '!<rootDir>/packages/testing/**',
    // Type declarations generated from the OpenAPI documents (npm run gen:api): no runtime code to cover.
    '!<rootDir>/packages/client/src/generated/**',
    '<rootDir>/schemas/src/**/*.ts',
    '<rootDir>/loadtest/src/**/*.ts',
    '<rootDir>/tools/stack/src/**/*.ts',
    '!**/*.spec.ts',
  ],
  coverageDirectory: '<rootDir>/coverage',
  coverageReporters: ['lcov', 'text-summary', 'json-summary'],
  // The roadmap's bar. Measured 87 % of lines and 84 % of branches on 2026-12-03 (docs/engineering.md).
  coverageThreshold: { global: { lines: 80 } },
};

module.exports = {
  ...coverage,
  // Jest exits 1 without a failed test when a test file's code ran after the file ended; this reporter repeats
  // why after the summary, where the tail of a CI log shows it (packages/testing/src/exitCodeReporter.js).
  // First, so the default reporter's wrap of stderr (undone when it prints the summary) wraps this one's.
  reporters: ['<rootDir>/packages/testing/src/exitCodeReporter.js', 'default'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/packages/testing/src/globalSetup.ts',
      setupFilesAfterEnv: ['<rootDir>/packages/testing/src/setupIntegration.ts'],
    },
  ],
};
