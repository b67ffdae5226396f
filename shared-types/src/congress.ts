// Drafts of a collective contract (合同草案) made from a session's agreed outcome, and the workers' congress
// (职工代表大会 / 扩大会议) that adopts one: electorate, secret votes, attendance, the decision and its resolution.
import type { ContractKind, ContractScope } from './contracts.js';
import type { Industry } from './identity.js';

// ---- drafts ----------------------------------------------------------------------------------------------------

export const DRAFT_TEXT_MAX_LENGTH = 50000;
export const DRAFT_SUMMARY_MAX_LENGTH = 1000;
export const DRAFT_COMMENT_MAX_LENGTH = 500;

export interface CreateDraftRequest {
  /** The session whose agreed outcome the draft is made from. */
  sessionId: string;
  kind: ContractKind;
  title: string;
  /** The text; when omitted it is written from the session's agreed topics. */
  text?: string;
  /** What the draft changes, in plain words for workers. */
  summary: string;
}

export interface DraftVersionRequest {
  text: string;
  summary: string;
  /** What changed since the last version. */
  note: string;
}

export interface DraftVersion {
  version: number;
  text: string;
  summary: string;
  note: string | null;
  createdAt: string;
}

export interface DraftParty {
  id: string;
  name: string;
}

export interface Draft {
  id: string;
  invitationId: string;
  sessionId: string;
  regionCode: string;
  scope: ContractScope;
  kind: ContractKind;
  title: string;
  parties: DraftParty[];
  /** The latest version. */
  current: DraftVersion;
  versions: { version: number; note: string | null; createdAt: string }[];
  /** When the draft was published to the covered workers for comment, and which version. */
  publishedAt: string | null;
  publishedVersion: number | null;
  /** The last day (YYYY-MM-DD, Asia/Shanghai) to publish it: 10 days from the session, as minutes are counted. */
  publishDueOn: string;
  publishOverdue: boolean;
  /** Workers' comments received (their text is read by staff; who wrote them is never kept). */
  comments: number;
  /** A congress on it is scheduled, open or closed: versions can no longer be added. */
  congressId: string | null;
  createdAt: string;
}

/** GET /drafts/:id/diff: the two versions compared. */
export interface DraftDiffQuery {
  from: number;
  to: number;
}

/** One piece of a difference between two versions: kept, added or removed text. */
export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export interface DraftDiff {
  from: number;
  to: number;
  parts: DiffPart[];
  added: number;
  removed: number;
}

export interface DraftCommentRequest {
  body: string;
}

export interface DraftComment {
  version: number;
  body: string;
  createdAt: string;
}

// ---- congress --------------------------------------------------------------------------------------------------

/** The whole covered workforce on the verified roll (扩大会议), or elected representatives (each a verified account). */
export const ELECTORATE_KINDS = ['roll', 'representatives'] as const;
export type ElectorateKind = (typeof ELECTORATE_KINDS)[number];

export const ELECTORATE_KIND_LABELS: Record<ElectorateKind, string> = {
  roll: '全体职工（扩大会议）',
  representatives: '职工代表',
};

export const CONGRESS_CHOICES = ['approve', 'reject', 'abstain'] as const;
export type CongressChoice = (typeof CONGRESS_CHOICES)[number];

export const CONGRESS_CHOICE_LABELS: Record<CongressChoice, string> = {
  approve: '赞成',
  reject: '反对',
  abstain: '弃权',
};

/** scheduled → open → closed, by the set times; closed also when staff close it after the closing time. */
export const CONGRESS_STATUSES = ['scheduled', 'open', 'closed'] as const;
export type CongressStatus = (typeof CONGRESS_STATUSES)[number];

export const CONGRESS_STATUS_LABELS: Record<CongressStatus, string> = {
  scheduled: '未开始',
  open: '表决中',
  closed: '已结束',
};

export interface CreateCongressRequest {
  draftId: string;
  title: string;
  electorate: ElectorateKind;
  /** 'representatives': the member accounts, each on the verified roll of the scope. */
  memberUserIds?: string[];
  /** The roll's scope: the industry of the covered workers (default: the consultation's first industry). */
  industry?: Industry;
  /** ISO instants. */
  opensAt: string;
  closesAt: string;
  /** Where members may be checked in on site (optional: an online-only congress has none). */
  venue?: string;
}

export interface CheckInRequest {
  userId: string;
}

export interface CongressBallotRequest {
  choice: CongressChoice;
}

/** A fraction n/d of the electorate: attendance at least, approvals more than. */
export interface CongressThreshold {
  numerator: number;
  denominator: number;
}

export interface CongressRule {
  /** Attendance must be at least this share of the electorate (0/1: no quorum). */
  quorum: CongressThreshold;
  /** Approvals must be more than this share of the whole electorate. */
  approval: CongressThreshold;
  /** Which setting it came from. */
  basis: 'general' | 'industry_regional';
}

/** What the server decided at close, with the exact figures. */
export interface CongressResult {
  electorate: number;
  attendance: number;
  /** Of the attendance: voted, checked in on site (a member who did both counts once in attendance). */
  voted: number;
  checkedIn: number;
  approve: number;
  reject: number;
  abstain: number;
  quorumMet: boolean;
  adopted: boolean;
  /** When it was decided (ISO) and the calendar day (Asia/Shanghai). */
  decidedAt: string;
  decidedOn: string;
  rule: CongressRule;
}

/** Live figures while open: attendance only, never how anyone voted or how the votes stand. */
export interface CongressAttendance {
  electorate: number;
  attendance: number;
  checkedIn: number;
  /** Attendance needed for the quorum. */
  quorumNeeds: number;
}

export interface Congress {
  id: string;
  draftId: string;
  draftVersion: number;
  invitationId: string;
  regionCode: string;
  scope: ContractScope;
  kind: ContractKind;
  title: string;
  draftTitle: string;
  /** The frozen text and its plain summary. */
  text: string;
  summary: string;
  electorate: ElectorateKind;
  opensAt: string;
  closesAt: string;
  venue: string | null;
  status: CongressStatus;
  attendance: CongressAttendance;
  /** After close only. */
  result: CongressResult | null;
  /** For a member: their own choice until close (nobody else's). */
  myChoice: CongressChoice | null;
  isMember: boolean;
  /** The contract recorded from it, once adopted and signed. */
  contractId: string | null;
  createdAt: string;
}

export interface CongressMember {
  userId: string;
  name: string;
  checkedIn: boolean;
}

/** The representatives of one side for the filing, the chief first. */
export interface FilingSide {
  chief: string;
  members: string[];
}

/** POST /congresses/:id/contract: the signed contract, recorded from the adopted draft with its resolution. */
export interface RecordAdoptedContractRequest {
  signedAt: string;
  effectiveFrom: string;
  expiresAt: string;
  enterprisesCovered: number;
  workersCovered: number;
  workerSide: FilingSide;
  employerSide: FilingSide;
  /** 情况说明: how the representatives were chosen. */
  representativesChosen: string;
}

/** The resolution as a contract keeps it. */
export interface ContractResolution {
  congressId: string;
  decidedOn: string;
  electorate: number;
  attendance: number;
  approve: number;
  reject: number;
  abstain: number;
}

/**
 * GET /statistics/congress: congresses closed in the period and the contracts they adopted, beside the quality
 * rates workers gave the published minutes and drafts (知晓率, 满意率).
 */
export interface CongressFigures {
  regionCode: string;
  from: string;
  to: string;
  congressesHeld: number;
  adopted: number;
  /** Contracts signed in the period that were recorded from a congress resolution. */
  contractsAdoptedByCongress: number;
  /** Attendance and approvals over the electorate, summed across the congresses held (null when none). */
  attendanceRate: number | null;
  approvalRate: number | null;
  /** Workers' ratings of what was published to them in the period. */
  feedbackResponses: number;
  awarenessRate: number | null;
  satisfactionRate: number | null;
}
