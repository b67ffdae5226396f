import { isWithin, regionPath, regionRange } from './region-codes.js';
import { isValidUscc, usccCheckChar } from './uscc.js';

describe('region codes', () => {
  it('rolls a county up to its city and province', () => {
    expect(isWithin('510104', '510100')).toBe(true);
    expect(isWithin('510104', '510000')).toBe(true);
    expect(isWithin('510104', '510104')).toBe(true);
    expect(isWithin('511302', '510100')).toBe(false);
    expect(isWithin('510100', '510104')).toBe(false);
    expect(isWithin('440104', '510000')).toBe(false);
    expect(regionRange('510000')).toEqual(['510000', '519999']);
    expect(regionPath('510104')).toEqual(['510000', '510100', '510104']);
  });
});

describe('统一社会信用代码', () => {
  it('accepts codes whose check character is right and refuses any altered one', () => {
    // a published code of a real enterprise-like pattern, check character computed per GB 32100-2015
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    const base = '91510104MA6CX7K2Q';
    expect(isValidUscc(base + usccCheckChar(base))).toBe(true);
    expect(isValidUscc('91510104MA6CX7K2QI')).toBe(false); // I is not in the alphabet
    expect(isValidUscc('123')).toBe(false);
  });
});
