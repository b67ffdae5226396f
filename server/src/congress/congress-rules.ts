// The rules of a workers' congress as pure functions: its state by the set times, and the decision at close
// (《集体合同规定》 art. 36: at least two thirds of the electorate present, more than half of all of them approving).
// Shares are compared in whole numbers (a × d against n × electorate): no rounding decides a vote.
import type { CongressRule, CongressStatus, CongressThreshold, ContractScope } from '@xst/shared-types';
import type { AppConfig } from '../config/config.js';

/** The rule that decides a congress on a draft of this scope: the industry/regional setting, or the general one. */
export function ruleFor(scope: ContractScope, config: AppConfig['congress']): CongressRule {
  const basis = scope === 'industry_regional' ? 'industry_regional' : 'general';
  const setting = basis === 'industry_regional' ? config.industryRegional : config.general;
  return { quorum: { ...setting.quorum }, approval: { ...setting.approval }, basis };
}

/** The smallest attendance that meets the quorum: the least a with a / electorate ≥ n / d. */
export function quorumNeeds(electorate: number, quorum: CongressThreshold): number {
  return Math.ceil((quorum.numerator * electorate) / quorum.denominator);
}

export function quorumMet(attendance: number, electorate: number, quorum: CongressThreshold): boolean {
  return attendance * quorum.denominator >= quorum.numerator * electorate;
}

/** More than n/d of the whole electorate (not of those present, not of those who voted). */
export function approvalMet(approve: number, electorate: number, approval: CongressThreshold): boolean {
  return approve * approval.denominator > approval.numerator * electorate;
}

export interface Decision {
  quorumMet: boolean;
  adopted: boolean;
}

export function decide(f: { electorate: number; attendance: number; approve: number }, rule: CongressRule): Decision {
  const quorum = f.electorate > 0 && quorumMet(f.attendance, f.electorate, rule.quorum);
  return { quorumMet: quorum, adopted: quorum && approvalMet(f.approve, f.electorate, rule.approval) };
}

/** Scheduled before opensAt, open until closesAt, closed from then on (or once closed). */
export function congressStatus(c: { opensAt: Date; closesAt: Date; closedAt: Date | null }, now: Date): CongressStatus {
  if (c.closedAt || now.getTime() >= c.closesAt.getTime()) return 'closed';
  return now.getTime() >= c.opensAt.getTime() ? 'open' : 'scheduled';
}
