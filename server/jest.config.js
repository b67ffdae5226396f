import { swcJest } from '../jest.swc.mjs';

// Node 22 requires ES modules from CommonJS on its own; jest's module runtime does not (before Node 24.9). The
// ESM-only packages that a CommonJS dependency of the server requires are compiled to CommonJS for the tests.
const ESM_REQUIRED_FROM_CJS = ['content-disposition'];

export default {
  ...swcJest,
  transform: {
    ...swcJest.transform,
    [`/node_modules/(.+/)?(${ESM_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(.+/)?(${ESM_REQUIRED_FROM_CJS.join('|')})/)`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};
