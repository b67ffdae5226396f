// The verified roll (核验名册): which workers are known to belong to an industry and region (and a platform), and how
// that was established — a one-time code handed out in person, or a phone number on an uploaded roster.
import type { Industry } from './identity.js';

export const ELIGIBILITIES = ['self_declared', 'verified'] as const;
/** Who may take part in a consultation: anyone whose profile says so (未核验), or only workers on the verified roll. */
export type Eligibility = (typeof ELIGIBILITIES)[number];

export const ELIGIBILITY_LABELS: Record<Eligibility, string> = {
  self_declared: '自报身份（未核验）',
  verified: '仅限已核验的劳动者',
};

export const VERIFICATION_METHODS = ['code', 'roster'] as const;
/** code: a one-time code from a printed sheet; roster: the phone number confirmed in WeChat is on a roster. */
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const VERIFICATION_METHOD_LABELS: Record<VerificationMethod, string> = {
  code: '核验码',
  roster: '名单手机号',
};

export const ROLL_LIMITS = {
  /** Codes per generated sheet. */
  maxCodesPerBatch: 500,
  /** How far ahead a code may expire. */
  maxCodeDays: 180,
  labelMax: 60,
  /** Phone numbers per roster file. */
  maxRosterEntries: 50_000,
  /** Characters of a code, printed as two groups of five. */
  codeLength: 10,
} as const;

/**
 * A part of the roll: workers verified for this industry within this region subtree (and, when given, this
 * platform). A verification for 510104 锦江区 is within the scope 510100 成都市, not the other way round.
 */
export interface RollScope {
  industry: Industry;
  /** GB/T 2260 code. */
  regionCode: string;
  /** An organization that is a platform; absent or null: any platform or none. */
  platformOrgId?: string | null;
}

/** One verification of the calling worker, as they see it. */
export interface RollVerification {
  id: string;
  industry: Industry;
  regionCode: string;
  regionName: string;
  platformOrgId: string | null;
  platformName: string | null;
  method: VerificationMethod;
  /** The organization whose staff issued the code or uploaded the roster. */
  verifiedByOrganization: string | null;
  verifiedAt: string;
}

export interface MyRoll {
  verifications: RollVerification[];
}

export interface RedeemRollCodeRequest {
  /** The code as printed (spaces and dashes are ignored, letters in any case). */
  code: string;
}

export interface VerifyPhoneRequest {
  /** The code the phone-number button (open-type="getPhoneNumber") gave, exchanged by the server with WeChat. */
  code: string;
}

export interface VerifyPhoneResult {
  /** The verifications the number's rosters gave (and any the worker already had from them). */
  verifications: RollVerification[];
}

export interface CreateCodeBatchRequest {
  label: string;
  industry: Industry;
  regionCode: string;
  platformOrgId?: string | null;
  /** 1..ROLL_LIMITS.maxCodesPerBatch. */
  count: number;
  /** ISO instant, later than now and at most ROLL_LIMITS.maxCodeDays ahead. */
  expiresAt: string;
}

export interface CodeBatch {
  id: string;
  label: string;
  industry: Industry;
  regionCode: string;
  regionName: string;
  platformOrgId: string | null;
  platformName: string | null;
  organizationName: string | null;
  count: number;
  used: number;
  revoked: number;
  /** Neither used nor revoked, and not expired. */
  usable: number;
  expiresAt: string;
  expired: boolean;
  createdAt: string;
}

export interface RevokeCodesRequest {
  /** The numbers printed beside the codes (1-based); omitted: every code of the sheet not used yet. */
  numbers?: number[];
}

export interface Roster {
  id: string;
  label: string;
  industry: Industry;
  regionCode: string;
  regionName: string;
  platformOrgId: string | null;
  platformName: string | null;
  organizationName: string | null;
  /** Distinct phone numbers on the roster (kept only as keyed hashes). */
  entries: number;
  /** Workers who confirmed a number of this roster. */
  verified: number;
  createdAt: string;
}

/** The form fields sent with a roster file (multipart field `file`: .csv or .xlsx, one phone number a row). */
export interface UploadRosterRequest {
  label: string;
  industry: Industry;
  regionCode: string;
  platformOrgId?: string;
}

export interface RosterUploadResult {
  roster: Roster;
  /** Rows that held no valid mainland mobile number (line numbers as in the file, at most the first 20). */
  skipped: { line: number; reason: string }[];
  skippedCount: number;
  /** Numbers that appeared more than once in the file. */
  duplicates: number;
}

export interface RollSummaryQuery {
  /** Within the caller's region; default the caller's own. */
  regionCode?: string;
}

export interface RollSummaryGroup {
  industry: Industry;
  regionCode: string;
  regionName: string;
  platformOrgId: string | null;
  platformName: string | null;
  byCode: number;
  byRoster: number;
  /** Distinct workers (one verified both ways counts once). */
  total: number;
}

/** Counts of verified workers only: never who they are, never their ballots. */
export interface RollSummary {
  regionCode: string;
  regionName: string;
  /** Distinct verified workers in the region subtree, all industries. */
  total: number;
  groups: RollSummaryGroup[];
}
