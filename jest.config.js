/** Type checking is tsc's job (scripts/test.sh); jest only transpiles. Unit tests (*.spec.ts) and slower tests on the real PostgreSQL, Temporal and Asterisk (*.int.spec.ts) run together. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/workflows', '<rootDir>/activities', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The web console (apps/web) has its own package, tsconfig and build; its browser test is test/web-console.int.spec.ts.
  modulePathIgnorePatterns: ['<rootDir>/apps/web/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  testTimeout: 120000,
  testSequencer: '<rootDir>/jest.sequencer.js',
};
