// Negotiation sessions (协商会议) logged from a phone, their minutes published to the workers concerned, and the
// workers' feedback on them (satisfaction and awareness rates).
import type { PageQuery } from './paging.js';

export const SESSION_TYPES = ['negotiation', 'consultation_meeting'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  negotiation: '集体协商会议',
  consultation_meeting: '恳谈会／协调会',
};

export const TOPIC_OUTCOMES = ['agreed', 'open', 'disagreed'] as const;
export type TopicOutcome = (typeof TOPIC_OUTCOMES)[number];

export const TOPIC_OUTCOME_LABELS: Record<TopicOutcome, string> = {
  agreed: '已达成一致',
  open: '待继续协商',
  disagreed: '存在分歧',
};

/** A formal negotiation needs equal sides of at least this many representatives, each led by a chief (arts. 19–24). */
export const MIN_REPRESENTATIVES_PER_SIDE = 3;
/** New-employment-form minutes must reach the covered workers within this many days (2024 national guideline). */
export const PUBLISH_WITHIN_DAYS = 10;
export const MINUTES_MAX_LENGTH = 20000;

export interface SessionSide {
  /** 首席代表 */
  chief: string;
  count: number;
}

export interface SessionTopic {
  title: string;
  outcome: TopicOutcome;
  note?: string;
}

export interface SuspendedUntil {
  /** ISO instant of the next meeting. */
  nextAt: string;
  nextPlace: string;
  nextTopics: string[];
}

export interface CreateSessionRequest {
  /** A UUID the phone generates for the record: posting again with it returns the same session. */
  clientId: string;
  type: SessionType;
  /** ISO instant the session was held. */
  heldAt: string;
  /** Required unless online; null clears it. */
  place?: string | null;
  online: boolean;
  workerSide: SessionSide;
  employerSide: SessionSide;
  /** null clears it. */
  recorder?: string | null;
  topics: SessionTopic[];
  minutes: string;
  /** The session was adjourned to another meeting; null clears it. */
  suspended?: SuspendedUntil | null;
}

/** A field left out stays as it is. */
export type UpdateSessionRequest = Partial<Omit<CreateSessionRequest, 'clientId'>>;

export interface ListSessionsQuery extends PageQuery {
  /** 'true': only sessions whose minutes are not published yet. */
  unpublishedOnly?: 'true' | 'false';
}

export interface NegotiationSession {
  id: string;
  clientId: string;
  invitationId: string;
  /** 1-based, in order of heldAt among the invitation's sessions. */
  round: number;
  type: SessionType;
  heldAt: string;
  place: string | null;
  online: boolean;
  workerSide: SessionSide;
  employerSide: SessionSide;
  recorder: string | null;
  topics: SessionTopic[];
  minutes: string;
  suspended: SuspendedUntil | null;
  createdAt: string;
  updatedAt: string;
  /** When the minutes were published to workers, if they were. */
  publishedAt: string | null;
  /** New-employment-form sessions: the day (YYYY-MM-DD, Asia/Shanghai) by which minutes must be published; else null. */
  publishDueOn: string | null;
  /** Due date passed without publication. */
  publishOverdue: boolean;
}

/** GET /sessions/counts: what the 工作台 shows on its 协商会议 button, in the scope of GET /sessions. */
export interface SessionCounts {
  /** Sessions whose minutes are not published to the workers yet (待公开). */
  unpublished: number;
}

export interface PublishRequest {
  /** What workers read: the minutes themselves when omitted, or a summary of them. */
  summary?: string;
}

export type PublicationKind = 'session' | 'outcome';

export interface PublishOutcomeRequest {
  title: string;
  body: string;
}

export interface Publication {
  id: string;
  invitationId: string;
  sessionId: string | null;
  kind: PublicationKind;
  title: string;
  body: string;
  publishedAt: string;
  /** The calling worker's own feedback, if they gave it. */
  myFeedback: FeedbackRequest | null;
}

export interface FeedbackRequest {
  /** 1–5 */
  rating: number;
  /** "Do you know what the contract says?" */
  knowsContract: boolean;
}

export interface FeedbackSummary {
  responses: number;
  averageRating: number | null;
  /** Share of ratings of 4 or 5 (满意率). */
  satisfactionRate: number | null;
  /** Share answering yes (知晓率). */
  awarenessRate: number | null;
}

/** One step of an industry's negotiation as a worker follows it under 协商. */
export interface NegotiationProgress {
  invitationId: string;
  title: string;
  /** Enterprise or association on the other side. */
  counterpart: string;
  consultationId: string;
  steps: { key: 'sent' | 'answered' | 'sessions' | 'contract'; label: string; done: boolean; at: string | null }[];
  sessions: number;
  publications: Publication[];
}
