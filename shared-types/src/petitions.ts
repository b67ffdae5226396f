// The workers' petition (职工联署要约): workers of a scope (an industry, a city, one employer) ask the union to invite
// the employer to negotiate. When the co-signers reach a share of the roll (one fifth by default, a local rule) the
// union must send the invitation, on a clock counted like the other legal periods. Counts are published only in
// steps, never names, never a time per signature.
import type { Industry } from './identity.js';
import type { CreateInvitationRequest, InvitationTopic } from './invitations.js';

/**
 * collecting → obliged (the share is reached; an invitation is owed) → answered (sent from the petition).
 * `overdue` is `obliged` past its clock; it is read, never stored. An invitation may be sent before the share is
 * reached too: the petition is then answered as well.
 */
export const PETITION_STATUSES = ['collecting', 'obliged', 'overdue', 'answered'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export const PETITION_STATUS_LABELS: Record<PetitionStatus, string> = {
  collecting: '联署中',
  obliged: '待发出要约',
  overdue: '逾期未发出要约',
  answered: '已发出要约',
};

export interface PetitionSignatures {
  /** Co-signers rounded down to a multiple of `step`; null below `step` (不足 step 人，暂不公布). */
  shown: number | null;
  step: number;
}

/** The roll the share is taken of. */
export interface PetitionRoll {
  /** Workers of the scope on the roll. */
  size: number;
  /** True when the roll is the verified roll; false: workers whose own profile puts them in scope (未核验). */
  verified: boolean;
}

export interface Petition {
  id: string;
  status: PetitionStatus;
  industry: Industry;
  /** The city whose workers sign. */
  regionCode: string;
  regionName: string;
  employer: { id: string; name: string };
  topics: InvitationTopic[];
  signatures: PetitionSignatures;
  roll: PetitionRoll;
  /** The share that obliges an invitation, in percent, and the co-signers it takes of today's roll. */
  threshold: { percent: number; needed: number };
  /** The day (Asia/Shanghai) the petition was started. */
  startedOn: string;
  /**
   * The day (Asia/Shanghai) the share was reached: the obligation's clock counts from it. A day, not an instant: the
   * moment would be the time of one worker's signature.
   */
  reachedOn: string | null;
  /** Days the union has to send the invitation, fixed when the share was reached. */
  inviteDays: number | null;
  /** The last day of that period (YYYY-MM-DD) and the instant it ends (24:00 Asia/Shanghai). */
  dueLastDay: string | null;
  dueAt: string | null;
  /** Calendar days left until the last day while the invitation is owed; negative once overdue; else null. */
  daysLeft: number | null;
  invitationId: string | null;
  answeredAt: string | null;
  /** Answered within the clock (or before the share was reached); null while unanswered. */
  answeredInTime: boolean | null;
  /** Workers only: whether they have signed. */
  mySignature?: boolean;
}

/** POST /petitions: start a petition for one's own industry and city (or sign the one already open). */
export interface StartPetitionRequest {
  /** The employer (enterprise or industry association) registered in the worker's city. */
  organizationId: string;
  /** Catalog topic codes (see TOPIC_CATALOG), up to 10. */
  topics?: string[];
}

/** POST /petitions/:id/invitation: the invitation sent from a petition (never a draft; it goes to the employer). */
export type PetitionInvitationRequest = Omit<CreateInvitationRequest, 'toOrganizationId' | 'draft'>;

export interface ListPetitionsQuery {
  status?: PetitionStatus;
}

export interface PetitionFiguresQuery {
  regionCode?: string;
  /** YYYY-MM-DD: petitions whose share was reached in the period. */
  from?: string;
  to?: string;
}

/** Petitions of a region that reached the share in a period, and what became of them. */
export interface PetitionFigures {
  regionCode: string;
  from: string;
  to: string;
  reached: number;
  answeredInTime: number;
  answeredLate: number;
  /** Past their clock with no invitation sent. */
  overdue: number;
  /** Still within their clock. */
  pending: number;
  /** Petitions collecting signatures now. */
  collecting: number;
  /** Whether every reached petition was counted over the verified roll. */
  verified: boolean;
}

/** An employer a worker may petition: registered in the worker's city. */
export interface PetitionEmployer {
  id: string;
  name: string;
  isPlatform: boolean;
}

/** The page of the mini-program a petition opens at (subscribe messages link to it). */
export const PETITION_PAGE = 'pages/petition/index';
