// Browser journeys (the H5 build in Chromium) and WeChat journeys (the weapp build's own JavaScript in a mini-program
// runtime), one file at a time: they share two cores with Chromium and the server.
import { swcJest } from '../jest.swc.mjs';

export default {
  ...swcJest,
  testMatch: ['<rootDir>/journeys/**/*.e2e-spec.ts', '<rootDir>/weapp/journeys/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/weapp/support/global-setup.ts',
  globalTeardown: '<rootDir>/weapp/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
