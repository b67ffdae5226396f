// The jest setup every workspace shares: TypeScript ESM through @swc/jest (NestJS 12 is ESM-only, and jest on
// Node 20 cannot require ESM), relative imports written with .js mapped to the sources.
export const swcJest = {
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
};
