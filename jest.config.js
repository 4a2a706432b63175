// Two projects: `unit` specs sit beside the code and need no database; `db` specs boot the
// real hub against a fresh database (PGlite by default, PostgreSQL when DATABASE_URL is set).
// The swagger CLI plugin runs in tests too, so they see the same OpenAPI document as the build.
const tsJest = ['ts-jest', { diagnostics: false, astTransformers: { before: ['<rootDir>/test/support/swagger-transformer.js'] } }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: { '^content-disposition$': '<rootDir>/test/support/esm-shims/content-disposition.js' },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 60000,
  // Two workers, as the machines we test on have two cores. A worker whose heap passes 1 GB after a
  // suite is replaced: each suite boots hubs and loads the app's modules anew, and one process
  // running every suite grows past V8's heap limit before the end.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/emulator/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'db',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
