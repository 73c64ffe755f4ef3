/** Jest projects select tests by suffix: *.unit.spec.ts beside the code, *.int.spec.ts against the running stack. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // web/ is tested in the browser (web/e2e), except its API mocks, checked against the services' OpenAPI documents.
  testPathIgnorePatterns: ['/node_modules/', '/web/(?!src/mocks/)'],
};
module.exports = {
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
