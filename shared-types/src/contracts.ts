// Collective contracts (集体合同): what is recorded after the two sides sign, and what the statistics count.
import type { PageQuery } from './paging.js';

import type { ContractResolution } from './congress.js';
import { CONTRACT_SCOPES, type ContractScope } from './invitations.js';

/** How the statistics split contracts (the list is shared with invitations): 企业 / 新就业形态 / 行业、区域. */
export { CONTRACT_SCOPES, type ContractScope };

export const CONTRACT_SCOPE_LABELS: Record<ContractScope, string> = {
  enterprise: '企业集体协商',
  new_employment: '新就业形态劳动者集体协商',
  industry_regional: '行业、区域集体协商',
};

/** The four kinds the official table counts: 综合 and the three 专项 of a "1+3" package. */
export const CONTRACT_KINDS = ['comprehensive', 'wage', 'safety_health', 'women_workers'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export const CONTRACT_KIND_LABELS: Record<ContractKind, string> = {
  comprehensive: '综合集体合同',
  wage: '工资专项集体合同',
  safety_health: '劳动安全卫生专项集体合同',
  women_workers: '女职工权益保护专项集体合同',
};

/**
 * Derived from the recorded dates, never set directly: drafted → approved (职代会) → signed → filed (报送审查)
 * → effective (15 days after filing without objection) → expired; an objection sends it to renegotiation.
 */
export const CONTRACT_STATUSES = ['drafted', 'approved', 'signed', 'filed', 'effective', 'renegotiation', 'expired'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  drafted: '草案',
  approved: '职代会已通过',
  signed: '已签订',
  filed: '已报送审查',
  effective: '已生效',
  renegotiation: '审查有异议，重新协商',
  expired: '已到期',
};

/** Days the labour administration has to object after receiving a filed contract (《集体合同规定》 art. 47). */
export const CONTRACT_REVIEW_DAYS = 15;
/** Days after both chiefs signed within which the contract is filed with the labour administration (art. 42). */
export const CONTRACT_FILING_DAYS = 10;
/** Renewal may be asked within the last 3 months of the term (art. 38): the 即将到期 window. */
export const CONTRACT_RENEWAL_WINDOW_DAYS = 90;
export const CONTRACT_MIN_TERM_YEARS = 1;
export const CONTRACT_MAX_TERM_YEARS = 3;

/**
 * The last day of a term of `years` years that takes effect on `from` (YYYY-MM-DD, the first day of the term): the
 * day before its anniversary. An anniversary that does not exist (29 February in a common year) is 1 March, so a
 * term from 29 February 2024 ends on 28 February.
 */
export function termLastDay(from: string, years: number): string {
  const [y, m, d] = from.split('-').map(Number);
  // Date.UTC rolls 29 February of a common year over to 1 March; the day before is the last day of the term.
  return new Date(Date.UTC(y + years, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** The earliest and the latest expiry of a 1-to-3-year term taking effect on `from`, both allowed. */
export function termBounds(from: string): [string, string] {
  return [termLastDay(from, CONTRACT_MIN_TERM_YEARS), termLastDay(from, CONTRACT_MAX_TERM_YEARS)];
}

export interface CreateContractRequest {
  invitationId?: string;
  scope: ContractScope;
  kind: ContractKind;
  title: string;
  /** GB/T 2260 code the contract is recorded in (counts for every region above it). */
  regionCode: string;
  partyOrganizationIds: string[];
  /** Calendar dates YYYY-MM-DD (Asia/Shanghai). */
  signedAt: string;
  effectiveFrom: string;
  expiresAt: string;
  enterprisesCovered: number;
  workersCovered: number;
  /**
   * Refused unless it is the date already stored: approval comes only from a congress held here (its resolution),
   * never from a date typed by hand.
   */
  congressApprovedAt?: string | null;
  /** 报送审查; null clears it. */
  filedAt?: string | null;
  /** The contract this one renews; null clears it. */
  renewsContractId?: string | null;
}

/** One kind of a "1+3" package, when it differs from the package's common values. */
export interface ContractPackageItem {
  kind: ContractKind;
  title?: string;
  enterprisesCovered?: number;
  workersCovered?: number;
}

/**
 * A "1+3" package: one comprehensive contract and the three special ones signed together, recorded in one step.
 * Each is stored and counted as its own contract; `items` overrides title or coverage of single kinds.
 */
export type CreateContractPackageRequest = Omit<CreateContractRequest, 'kind' | 'renewsContractId'> & {
  items?: ContractPackageItem[];
};

/** A field left out stays as it is. */
export type UpdateContractRequest = Partial<Omit<CreateContractRequest, 'invitationId'>>;

export interface ContractObjectionRequest {
  /** Date the 审查意见书 was received (YYYY-MM-DD). */
  receivedAt: string;
  /** The points the administration asks to renegotiate. */
  points: string;
}

export interface ContractParty {
  id: string;
  name: string;
  type: string;
  isPlatform: boolean;
}

export interface ContractAttachment {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  createdAt: string;
}

export interface Contract {
  id: string;
  invitationId: string | null;
  /** Shared by the four contracts of a "1+3" package. */
  packageId: string | null;
  scope: ContractScope;
  kind: ContractKind;
  title: string;
  regionCode: string;
  parties: ContractParty[];
  signedAt: string;
  effectiveFrom: string;
  expiresAt: string;
  enterprisesCovered: number;
  workersCovered: number;
  /** The day the congress adopted it (from its resolution); older records may hold a date typed by hand. */
  congressApprovedAt: string | null;
  /** The congress resolution it was recorded from (date, electorate, attendance, votes); null when not adopted here. */
  resolution: ContractResolution | null;
  filedAt: string | null;
  objection: { receivedAt: string; points: string } | null;
  /**
   * The date it took (or takes) legal effect: the day after the 15-day review ends without objection, not before
   * effectiveFrom. Periods are counted as 《民法典》 arts. 201 and 203 count them (a last day in a holiday moves after it).
   */
  effectiveOn: string | null;
  /** The last day to file it: 10 days from the signing (art. 42). */
  filingDueOn: string;
  /** Filed after filingDueOn. */
  filedLate: boolean;
  /** Not filed, and filingDueOn has passed. */
  filingOverdue: boolean;
  /** The last day of the review once filed: an objection may come until its end. */
  reviewEndsOn: string | null;
  renewsContractId: string | null;
  renewedByContractId: string | null;
  status: ContractStatus;
  /** Days from today (Asia/Shanghai) to expiry; negative once expired. */
  daysToExpiry: number;
  attachments: ContractAttachment[];
  createdAt: string;
  updatedAt: string;
}

export interface ListContractsQuery extends PageQuery {
  scope?: ContractScope;
  kind?: ContractKind;
  regionCode?: string;
  status?: ContractStatus;
  /** 即将到期: expiring between today and today + N days, not yet renewed. */
  expiringWithinDays?: number;
  /** 到期未续签: expired and no contract renews it. */
  expiredNotRenewed?: boolean;
  organizationId?: string;
  /** Skips this many (the cursor is cheaper; kept for callers that page by offset). */
  offset?: number;
}
