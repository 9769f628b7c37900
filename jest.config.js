/** One jest setup for the whole monorepo: unit specs beside the code, integration and e2e under tests/. */
const swcConfig = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcConfig] },
  moduleNameMapper: { '^@rebound/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  rootDir: __dirname,
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.int-spec.ts', '<rootDir>/tests/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
    },
  ],
};
