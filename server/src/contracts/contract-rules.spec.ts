import { termBounds, termLastDay } from '@xst/shared-types';
import { contractStatus, dateBreaches, effectiveOn } from './contract-rules.js';

const base = {
  signedAt: '2024-03-10',
  effectiveFrom: '2024-03-10',
  expiresAt: '2027-03-09',
  congressApprovedAt: null,
  filedAt: null,
  objectionReceivedAt: null,
};

describe('contract rules', () => {
  it('ends a term the day before its anniversary, a term from 29 February on 28 February', () => {
    expect(termLastDay('2024-03-10', 3)).toBe('2027-03-09');
    expect(termLastDay('2024-02-29', 1)).toBe('2025-02-28');
    expect(termLastDay('2024-02-29', 4)).toBe('2028-02-28');
    expect(termLastDay('2024-01-01', 1)).toBe('2024-12-31');
    expect(termBounds('2024-03-10')).toEqual(['2025-03-09', '2027-03-09']);
    expect(termBounds('2024-02-29')).toEqual(['2025-02-28', '2027-02-28']);
  });

  it('accepts a term of exactly one year and of exactly three years, and refuses a day less or more', () => {
    expect(dateBreaches({ ...base, expiresAt: '2025-03-09' }, '2024-12-01')).toEqual([]);
    expect(dateBreaches({ ...base, expiresAt: '2027-03-09' }, '2024-12-01')).toEqual([]);
    expect(dateBreaches({ ...base, expiresAt: '2025-03-08' }, '2024-12-01')[0].field).toBe('expiresAt');
    expect(dateBreaches({ ...base, expiresAt: '2027-03-10' }, '2024-12-01')[0].field).toBe('expiresAt');
  });

  it('takes effect 15 days after filing, goes back to renegotiation on an objection, and expires after its last day', () => {
    const filed = { ...base, filedAt: '2024-03-15' };
    expect(effectiveOn(filed)).toBe('2024-03-30');
    expect(contractStatus(filed, '2024-03-29')).toBe('filed');
    expect(contractStatus(filed, '2024-03-30')).toBe('effective');
    expect(contractStatus({ ...filed, objectionReceivedAt: '2024-03-25' }, '2024-04-01')).toBe('renegotiation');
    expect(contractStatus({ ...filed, objectionReceivedAt: '2024-03-25', filedAt: '2024-04-10' }, '2024-04-26')).toBe('effective');
    expect(contractStatus(filed, '2027-03-09')).toBe('effective');
    expect(contractStatus(filed, '2027-03-10')).toBe('expired');
    expect(contractStatus(base, '2024-04-01')).toBe('signed');
  });
});
