import type { CongressRule } from '@xst/shared-types';
import { loadConfig } from '../config/config.js';
import { congressStatus, decide, quorumNeeds, ruleFor } from './congress-rules.js';

const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), BALLOT_SECRET: 'y'.repeat(32) }, '/tmp').congress;
const general: CongressRule = ruleFor('new_employment', config);

describe('the decision of a workers congress', () => {
  it('takes the national rule by default: two thirds present, more than half of all approving', () => {
    expect(general).toEqual({ quorum: { numerator: 2, denominator: 3 }, approval: { numerator: 1, denominator: 2 }, basis: 'general' });
  });

  it('adopts with exactly two thirds present when approvals exceed half of the electorate', () => {
    expect(decide({ electorate: 9, attendance: 6, approve: 5 }, general)).toEqual({ quorumMet: true, adopted: true });
  });

  it('does not adopt one short of two thirds, however many approve', () => {
    expect(decide({ electorate: 9, attendance: 5, approve: 5 }, general)).toEqual({ quorumMet: false, adopted: false });
  });

  it('does not adopt with exactly half of the electorate approving', () => {
    expect(decide({ electorate: 10, attendance: 10, approve: 5 }, general)).toEqual({ quorumMet: true, adopted: false });
    expect(decide({ electorate: 10, attendance: 10, approve: 6 }, general).adopted).toBe(true);
  });

  it('counts approvals over the whole electorate, not over those present', () => {
    // 7 of 10 present, 4 approve: a majority of those present, not of all.
    expect(decide({ electorate: 10, attendance: 7, approve: 4 }, general).adopted).toBe(false);
  });

  it('never adopts with an empty electorate', () => {
    expect(decide({ electorate: 0, attendance: 0, approve: 0 }, general).adopted).toBe(false);
  });

  it('names the least attendance for the quorum in whole members', () => {
    expect([quorumNeeds(9, general.quorum), quorumNeeds(10, general.quorum), quorumNeeds(3, general.quorum)]).toEqual([6, 7, 2]);
  });

  it('decides an industry or regional draft by its own setting', () => {
    const regional = ruleFor('industry_regional', config);
    expect(regional.basis).toBe('industry_regional');
    expect(decide({ electorate: 10, attendance: 6, approve: 6 }, regional).adopted).toBe(true);
    expect(decide({ electorate: 10, attendance: 6, approve: 6 }, general).adopted).toBe(false);
    const strict = loadConfig(
      { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), BALLOT_SECRET: 'y'.repeat(32), CONGRESS_REGIONAL_QUORUM: '3/4' },
      '/tmp',
    ).congress;
    expect(decide({ electorate: 8, attendance: 5, approve: 5 }, ruleFor('industry_regional', strict)).adopted).toBe(false);
  });

  it('refuses a threshold that is not a fraction between 0 and 1', () => {
    for (const bad of ['2/0', '4/3', '0.66', 'two thirds']) {
      expect(() =>
        loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), BALLOT_SECRET: 'y'.repeat(32), CONGRESS_QUORUM: bad }, '/tmp'),
      ).toThrow(/CONGRESS_QUORUM/);
    }
  });

  it('opens and closes at the set times', () => {
    const c = { opensAt: new Date('2024-05-01T01:00:00Z'), closesAt: new Date('2024-05-01T09:00:00Z'), closedAt: null };
    expect(congressStatus(c, new Date('2024-05-01T00:59:59Z'))).toBe('scheduled');
    expect(congressStatus(c, new Date('2024-05-01T01:00:00Z'))).toBe('open');
    expect(congressStatus(c, new Date('2024-05-01T08:59:59Z'))).toBe('open');
    expect(congressStatus(c, new Date('2024-05-01T09:00:00Z'))).toBe('closed');
  });
});
