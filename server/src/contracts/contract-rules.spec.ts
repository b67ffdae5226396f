import { termBounds, termLastDay } from '@xst/shared-types';
import { contractStatus, dateBreaches, effectiveOn, filingDueOn, reviewEndsOn } from './contract-rules.js';

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

  it('takes effect the day after the 15-day review, goes back to renegotiation on an objection, and expires after its last day', () => {
    // Filed Friday 15 March 2024: the 15th day after is Saturday 30 March, so the review ends Monday 1 April.
    const filed = { ...base, filedAt: '2024-03-15' };
    expect(reviewEndsOn('2024-03-15')).toBe('2024-04-01');
    expect(effectiveOn(filed)).toBe('2024-04-02');
    expect(contractStatus(filed, '2024-04-01')).toBe('filed');
    expect(contractStatus(filed, '2024-04-02')).toBe('effective');
    expect(contractStatus({ ...filed, objectionReceivedAt: '2024-03-25' }, '2024-04-01')).toBe('renegotiation');
    expect(contractStatus({ ...filed, objectionReceivedAt: '2024-03-25', filedAt: '2024-04-10' }, '2024-04-26')).toBe('effective');
    expect(contractStatus(filed, '2027-03-09')).toBe('effective');
    expect(contractStatus(filed, '2027-03-10')).toBe('expired');
    expect(contractStatus(base, '2024-04-01')).toBe('signed');
  });

  it('counts the review and the filing as the law counts days: a last day in the National Day holiday moves after it', () => {
    // Filed 16 September 2024: the 15th day after is 1 October, a holiday to 7 October.
    expect(reviewEndsOn('2024-09-16')).toBe('2024-10-08');
    expect(effectiveOn({ ...base, effectiveFrom: '2024-09-10', filedAt: '2024-09-16' })).toBe('2024-10-09');
    // Signed 21 September 2024: file within 10 days, by 1 October → the first working day after the holiday.
    expect(filingDueOn('2024-09-21')).toBe('2024-10-08');
    expect(filingDueOn('2024-03-10')).toBe('2024-03-20');
  });
});
