// Invitations (要约) and replies (应约): the written invitation to negotiate, its legal reply clock (20 days by
// default, a deployment setting) and the escalation chain ("两书一公告") when the receiving side stays silent.
import type { PageQuery } from './paging.js';
import type { OrganizationType } from './regions.js';

/** Scope of a negotiation, as the statistics split it; contracts reuse the same list. */
export const CONTRACT_SCOPES = ['enterprise', 'new_employment', 'industry_regional'] as const;
export type ContractScope = (typeof CONTRACT_SCOPES)[number];
export type InvitationScope = ContractScope;

export const SCOPE_LABELS: Record<ContractScope, string> = {
  enterprise: '企业',
  new_employment: '新就业形态',
  industry_regional: '行业、区域',
};

/**
 * draft → sent → accepted | declined | overdue → escalated, and withdrawn (by the sender, before any reply).
 * `overdue` is reported as soon as the due time has passed without a reply, even before the server's sweep stores it.
 */
export const INVITATION_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'overdue', 'escalated', 'withdrawn'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  draft: '草稿',
  sent: '待答复',
  accepted: '已应约',
  declined: '已拒绝',
  overdue: '逾期未答复',
  escalated: '督促处理中',
  withdrawn: '已撤回',
};

/** The escalation chain, in the order the steps must be taken. */
export const ESCALATION_STEPS = ['union_rectification', 'labour_inspection_advice', 'public_notice', 'inspection_referral'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export const ESCALATION_STEP_LABELS: Record<EscalationStep, string> = {
  union_rectification: '整改意见书',
  labour_inspection_advice: '建议书',
  public_notice: '公告',
  inspection_referral: '提请劳动监察',
};

export const ESCALATION_STEP_DESCRIPTIONS: Record<EscalationStep, string> = {
  union_rectification: '工会向用人单位发出整改意见书，要求限期书面答复',
  labour_inspection_advice: '县级以上总工会向劳动保障监察机构发出建议书',
  public_notice: '对拒不答复的用人单位发布公告',
  inspection_referral: '提请劳动保障监察机构依法处理',
};

/** Which side sent the invitation: a union (to an enterprise or association) or an enterprise/association (to a union). */
export type InvitationSide = 'union' | 'enterprise';

export interface InvitationTopic {
  /** Code of the catalog topic (see TOPIC_CATALOG) or of a consultation's own topic; absent for a free topic. */
  code: string | null;
  title: string;
}

export interface InvitationTopicInput {
  code?: string;
  title: string;
}

export interface CreateInvitationRequest {
  fromOrganizationId: string;
  toOrganizationId: string;
  scope: InvitationScope;
  /** 1 to 30 topics. */
  topics: InvitationTopicInput[];
  /** A consultation of the sender's region (union side only): the receiver then sees its aggregated results. */
  consultationId?: string;
  /** ISO instant of the first meeting proposed. */
  proposedAt?: string;
  proposedPlace?: string;
  /** The letter's own text: the documents asked for, anything else the sender wants to say. */
  body: string;
  /** Representatives the sender names per side (equal numbers, at least 3: 《集体合同规定》 art. 19), printed on the letter. */
  representativesPerSide: number;
  /** The sender's chief representative (首席代表), e.g. "王建国（市总工会副主席）", printed with a signature line. */
  chiefRepresentative: string;
  /** 代行要约: the grassroots union a higher-level union acts for (its region lies within the sender's). */
  onBehalfOfOrganizationId?: string;
  /** Keep it as a draft (not sent, no clock); send it later with POST /invitations/:id/send. */
  draft?: boolean;
}

/** Upper bound of representatives per side an invitation may name (a platform's 恳谈会 may have 7 or more a side). */
export const MAX_REPRESENTATIVES_PER_SIDE = 50;

export type ReplyDecision = 'accept' | 'decline';

export interface ReplyRequest {
  decision: ReplyDecision;
  /** Required when declining: a refusal needs a proper reason. */
  reason?: string;
  /** ISO instant the receiver proposes for the first meeting. */
  proposedAt?: string;
  proposedPlace?: string;
  /** Topics the receiver wants to add. */
  counterTopics?: InvitationTopicInput[];
}

export interface InvitationReply {
  decision: ReplyDecision;
  reason: string | null;
  /** Replied after the due time: kept, and marked. */
  late: boolean;
  repliedAt: string;
  proposedAt: string | null;
  proposedPlace: string | null;
  counterTopics: InvitationTopic[];
}

/** POST /invitations/:id/delivery: the sender records when the paper letter was delivered (送达回执). */
export interface RecordDeliveryRequest {
  /** YYYY-MM-DD, not before the day it was sent, not after today. */
  deliveredOn: string;
  /** Who signed for it, the registered-mail number… */
  note?: string;
}

export interface EscalationRequest {
  step: EscalationStep;
  /** Calendar date of the document, YYYY-MM-DD. */
  issuedAt: string;
  /** Who issued it, e.g. "成都市总工会". */
  issuer: string;
  documentNo?: string;
  note?: string;
}

export interface Escalation {
  id: string;
  step: EscalationStep;
  /** 1-based position in the chain. */
  seq: number;
  issuedAt: string;
  issuer: string;
  documentNo: string | null;
  note: string | null;
  recordedAt: string;
}

export interface InvitationParty {
  id: string;
  name: string;
  type: OrganizationType;
  regionCode: string;
}

export interface Invitation {
  id: string;
  status: InvitationStatus;
  scope: InvitationScope;
  side: InvitationSide;
  fromOrganizationId: string;
  fromOrganizationName: string;
  toOrganizationId: string;
  toOrganizationName: string;
  from: InvitationParty;
  to: InvitationParty;
  /** 代行要约: the union the sender acts for. */
  onBehalfOfOrganizationId: string | null;
  onBehalfOfOrganizationName: string | null;
  /** Region of the union side (the union acted for, in 代行要约). */
  regionCode: string;
  topics: InvitationTopic[];
  consultationId: string | null;
  proposedAt: string | null;
  proposedPlace: string | null;
  body: string;
  /** null only on invitations recorded before these were asked for. */
  representativesPerSide: number | null;
  chiefRepresentative: string | null;
  createdAt: string;
  sentAt: string | null;
  /** Days the receiver has to answer, counted from receipt (fixed when it was sent); null on a draft. */
  replyDays: number | null;
  /**
   * The instant the reply period ends: 24:00 Asia/Shanghai of `replyLastDay` (held as its last millisecond). Null
   * until the invitation is received, since the period runs from receipt (《民法典》 arts. 201, 203).
   */
  replyDueAt: string | null;
  /** The last day of the reply period (YYYY-MM-DD): what the letter prints and every screen shows. */
  replyLastDay: string | null;
  /** Calendar days (Asia/Shanghai) until the last day while a reply is awaited; negative once overdue; else null. */
  daysLeft: number | null;
  /** First time an account of the receiving organization opened it. */
  receivedAt: string | null;
  /** The day of receipt the period counts from: the earlier of first opening and a recorded paper delivery. */
  receivedOn: string | null;
  /** A paper letter's delivery day (送达), as recorded by the sender, and its note (e.g. 签收人、邮件号). */
  deliveredOn: string | null;
  deliveryNote: string | null;
  reply: InvitationReply | null;
  withdrawnAt: string | null;
  escalations: Escalation[];
  /** The step that may be recorded next, or null when none may (not escalable, or the chain is complete). */
  nextEscalationStep: EscalationStep | null;
  /**
   * The SMS notice sent to the receiving organization's contact phone when the invitation went out, the number
   * masked; null when none was queued (SMS off, an invitation to a union, or no contact phone recorded).
   */
  smsNotice: InvitationSmsNotice | null;
}

/** pending: queued or being retried; sent: the provider accepted it; failed: refused (not retried) or given up. */
export type InvitationSmsState = 'pending' | 'sent' | 'failed' | 'skipped';

export interface InvitationSmsNotice {
  state: InvitationSmsState;
  /** The number it went (or is going) to, masked: 138****1234. */
  phone: string | null;
  sentAt: string | null;
  /** Why it did not go out, in Chinese (failed, skipped, or pending after a failed attempt). */
  reason: string | null;
}

export type InvitationDirection = 'sent' | 'received';

export interface ListInvitationsQuery extends PageQuery {
  /** Organizers: sent = by unions, received = by enterprises; enterprise accounts: by / to their enterprise. */
  direction?: InvitationDirection;
  status?: InvitationStatus;
  /** Awaiting a reply and due within this many days from now. */
  dueWithinDays?: number;
  toOrganizationId?: string;
}

/** GET /invitations/counts: the same scope as GET /invitations with the same direction. */
export interface InvitationCountsQuery {
  direction?: InvitationDirection;
}

/** What the 工作台 shows on its 要约应约 button. */
export interface InvitationCounts {
  /** Sent, the reply clock still running (the list's 待答复). */
  awaitingReply: number;
  /** Past the reply deadline without a reply (the list's 逾期). */
  overdue: number;
}

/** Mini-program page that shows one invitation (subscribe messages open it with `?id=`). */
export const INVITATION_PAGE = 'pkg-invitations/detail/index';

/** Kinds of WeChat subscribe message the invitation clock sends. */
export const INVITATION_REMINDER_KINDS = [
  'invitation_received',
  'invitation_due_soon',
  'invitation_overdue',
  'invitation_replied',
] as const;
export type InvitationReminderKind = (typeof INVITATION_REMINDER_KINDS)[number];

/** Days before the due date when the receiver is reminded. */
export const DUE_SOON_DAYS = 5;
