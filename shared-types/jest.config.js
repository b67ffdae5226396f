import { swcJest } from '../jest.swc.mjs';

export default { ...swcJest, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
