// Browser journeys: TypeScript through @swc/jest, one journey file at a time (they share two cores with Chromium).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@xst/shared-types$': '<rootDir>/../shared-types/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'es6' },
      },
    ],
  },
  testMatch: ['<rootDir>/journeys/**/*.e2e-spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
};
