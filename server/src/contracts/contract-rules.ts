// The legal rules of a collective contract as pure functions of its dates (《集体合同规定》 arts. 38, 42, 45, 47):
// the service checks them before any write, the status is derived from them on every read.
import { CONTRACT_FILING_DAYS, CONTRACT_REVIEW_DAYS, termBounds, type ContractStatus } from '@xst/shared-types';
import { addDays, isCalendarDate } from '../common/clock.js';
import { periodLastDay } from '../common/legal-clock.js';

export { isCalendarDate };

export interface ContractDates {
  signedAt: string | null;
  effectiveFrom: string;
  expiresAt: string;
  congressApprovedAt: string | null;
  filedAt: string | null;
  objectionReceivedAt: string | null;
}

/** Whether an objection is pending: received, and the contract not filed again since. */
export function objectionPending(c: Pick<ContractDates, 'filedAt' | 'objectionReceivedAt'>): boolean {
  return Boolean(c.objectionReceivedAt) && !(c.filedAt && c.filedAt > c.objectionReceivedAt!);
}

/** The last day of the review of a contract filed on `filedAt` (art. 47, counted as common/legal-clock.ts counts). */
export const reviewEndsOn = (filedAt: string) => periodLastDay(filedAt, CONTRACT_REVIEW_DAYS);

/** The last day to file a contract signed on `signedAt` (art. 42). */
export const filingDueOn = (signedAt: string) => periodLastDay(signedAt, CONTRACT_FILING_DAYS);

/**
 * The day it takes legal effect: the day after the review ends without a pending objection (it may object until 24:00
 * of the last day), and not before effectiveFrom.
 */
export function effectiveOn(c: Pick<ContractDates, 'filedAt' | 'objectionReceivedAt' | 'effectiveFrom'>): string | null {
  if (!c.filedAt || objectionPending(c)) return null;
  // The later of two ISO dates, which sort as text.
  return [addDays(reviewEndsOn(c.filedAt), 1), c.effectiveFrom].sort()[1];
}

export function contractStatus(c: ContractDates, today: string): ContractStatus {
  if (!c.signedAt) return c.congressApprovedAt ? 'approved' : 'drafted';
  if (c.expiresAt < today) return 'expired';
  if (objectionPending(c)) return 'renegotiation';
  const on = effectiveOn(c);
  if (on && on <= today) return 'effective';
  if (c.filedAt) return 'filed';
  return 'signed';
}

export interface RuleBreach {
  field: string;
  message: string;
}

/** Every date rule a recorded contract must keep, first breach first; `today` is the Asia/Shanghai date. */
export function dateBreaches(c: ContractDates & { signedAt: string }, today: string): RuleBreach[] {
  const out: RuleBreach[] = [];
  const fields: [keyof ContractDates, string][] = [
    ['signedAt', '签订日期 signedAt'],
    ['effectiveFrom', '生效日期 effectiveFrom'],
    ['expiresAt', '到期日期 expiresAt'],
    ['congressApprovedAt', '职代会通过日期 congressApprovedAt'],
    ['filedAt', '报送审查日期 filedAt'],
  ];
  for (const [field, label] of fields) {
    const v = c[field];
    if (v && !isCalendarDate(v)) out.push({ field, message: `${label} 不是有效的日期（应为 YYYY-MM-DD）` });
  }
  if (out.length) return out;
  if (c.signedAt > today) out.push({ field: 'signedAt', message: '签订日期 signedAt 不能晚于今天：只能登记已经签订的合同' });
  if (c.effectiveFrom < c.signedAt) out.push({ field: 'effectiveFrom', message: '生效日期 effectiveFrom 不能早于签订日期' });
  const [min, max] = termBounds(c.effectiveFrom);
  if (c.expiresAt < min || c.expiresAt > max) {
    out.push({ field: 'expiresAt', message: `合同期限应为 1 至 3 年：到期日期 expiresAt 应在 ${min} 至 ${max} 之间` });
  }
  if (c.congressApprovedAt && c.congressApprovedAt > c.signedAt) {
    out.push({
      field: 'congressApprovedAt',
      message: '职代会通过日期 congressApprovedAt 应在签订日期当天或之前：草案须先经职代会通过再签字',
    });
  }
  if (c.filedAt && c.filedAt < c.signedAt) out.push({ field: 'filedAt', message: '报送审查日期 filedAt 不能早于签订日期' });
  if (c.filedAt && c.filedAt > today) out.push({ field: 'filedAt', message: '报送审查日期 filedAt 不能晚于今天' });
  return out;
}
