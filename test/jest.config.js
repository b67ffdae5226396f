// Browser journeys, one file at a time (they share two cores with Chromium and the server).
import { swcJest } from '../jest.swc.mjs';

export default {
  ...swcJest,
  testMatch: ['<rootDir>/journeys/**/*.e2e-spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
};
