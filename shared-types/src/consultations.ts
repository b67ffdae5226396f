// Topic consultations (意见征集): organizers ask workers of an industry and region which topics matter most.
import type { Industry } from './identity.js';
import type { Eligibility } from './roll.js';

export const CONSULTATION_MODES = ['single', 'multiple', 'ranking'] as const;
/** single: pick one topic; multiple: pick up to maxChoices; ranking: order topics, most important first. */
export type ConsultationMode = (typeof CONSULTATION_MODES)[number];

export const CONSULTATION_MODE_LABELS: Record<ConsultationMode, string> = {
  single: '单选',
  multiple: '多选',
  ranking: '排序',
};

export const RESULTS_VISIBILITIES = ['after_vote', 'after_close'] as const;
/** When a worker may see the results: once they have voted, or only once the consultation has closed. */
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number];

export const CONSULTATION_STATUSES = ['upcoming', 'open', 'closed'] as const;
/** Derived from opensAt/closesAt and the server clock; never stored. */
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  upcoming: '未开始',
  open: '进行中',
  closed: '已结束',
};

export const CONSULTATION_LIMITS = {
  minTopics: 2,
  maxTopics: 20,
  titleMax: 60,
  descriptionMax: 1000,
  topicTitleMax: 40,
  topicDescriptionMax: 200,
  suggestionMax: 500,
  /** A breakdown group (industry, city) is shown only with at least this many ballots; smaller ones merge into 其他. */
  minGroupSize: 5,
  /** The results carry the suggestions' text only up to this many; beyond it they are read from the suggestions list. */
  suggestionsInResults: 200,
  /** The default and the lowest allowed ResultsPublication.step (setting RESULTS_STEP). */
  defaultResultsStep: 5,
  minResultsStep: 3,
} as const;

/** A topic offered by a consultation: from the catalog (code set) or the organizer's own (code null). */
export interface TopicInput {
  /** A code of TOPIC_CATALOG; its title and description are used unless given. */
  code?: string;
  title?: string;
  description?: string;
}

export interface CreateConsultationRequest {
  title: string;
  /** null clears it. */
  description?: string | null;
  /** GB/T 2260 code: workers of this region and everything below it take part. */
  regionCode: string;
  industries: Industry[];
  /** ISO instants. */
  opensAt: string;
  closesAt: string;
  mode: ConsultationMode;
  /** single: 1; multiple: 1..topics (default min(3, topics)); ranking: how many may be ranked, 1..topics (default all). */
  maxChoices?: number;
  /** 2–20 topics. */
  topics: TopicInput[];
  allowSuggestions?: boolean;
  /** Default 'after_vote'. */
  resultsVisibility?: ResultsVisibility;
  /** Who may take part: default 'self_declared' (the profile, every figure marked 未核验); 'verified': the roll only. */
  eligibility?: Eligibility;
  /** Verified consultations only: only workers verified for this platform (an organization that is a platform). */
  platformOrgId?: string | null;
  /**
   * Self-declared consultations only: the number of workers in scope as known from outside the app (e.g. riders in
   * 成都 as the platform reports it), the denominator of 参与率 instead of the workers registered in the app.
   */
  headcount?: number | null;
  /** Where the headcount comes from (up to 60 characters), shown beside every figure that uses it. */
  headcountSource?: string | null;
}

/**
 * Only while the consultation has not opened yet; a field left out stays as it is; topics, when given, replace the
 * whole list (new topic ids).
 */
export type UpdateConsultationRequest = Partial<CreateConsultationRequest>;

export interface ExtendConsultationRequest {
  /** The new closing instant: later than the current one and than now. */
  closesAt: string;
}

export interface ConsultationTopic {
  id: string;
  /** Catalog code, or null for a topic the organizer wrote. */
  code: string | null;
  title: string;
  description: string | null;
}

/** The calling worker's own ballot, so the phone can show it and let them change it until close. */
export interface MyBallot {
  /** Topic ids; in ranking mode, most important first. */
  choices: string[];
  suggestion: string | null;
  submittedAt: string;
}

export interface Consultation {
  id: string;
  title: string;
  description: string | null;
  regionCode: string;
  regionName: string;
  industries: Industry[];
  opensAt: string;
  closesAt: string;
  /** True when an organizer closed it before the planned time. */
  closedEarly: boolean;
  status: ConsultationStatus;
  mode: ConsultationMode;
  maxChoices: number;
  topics: ConsultationTopic[];
  allowSuggestions: boolean;
  resultsVisibility: ResultsVisibility;
  /** Whether the caller may open GET /consultations/:id/results now. */
  canSeeResults: boolean;
  /** Workers only: their ballot, or null if they have not voted. Absent for other roles. */
  myBallot?: MyBallot | null;
  /**
   * Organizers and admins only: the ballots the published results cover (see ResultsPublication), never a live
   * count; null while nothing is published.
   */
  ballots?: number | null;
  eligibility: Eligibility;
  platformOrgId: string | null;
  platformName: string | null;
  headcount: number | null;
  headcountSource: string | null;
  /** Workers only, in verified consultations: whether the caller is on the roll of its scope (may vote). */
  onRoll?: boolean;
  createdAt: string;
}

export interface ListConsultationsQuery {
  status?: ConsultationStatus;
  /** Workers: 'true' lists only the consultations they voted in (我的参与), wherever they live now. */
  voted?: 'true' | 'false';
}

export interface BallotRequest {
  /** Topic ids of the consultation; no duplicates; 1..maxChoices; in ranking mode, most important first. */
  choices: string[];
  /** At most 500 characters; only when the consultation allows suggestions. */
  suggestion?: string;
}

/** Acknowledges a ballot once it is committed. Sending again before close replaces it. */
export interface BallotReceipt {
  consultationId: string;
  choices: string[];
  suggestion: string | null;
  acceptedAt: string;
}

export interface TopicResult {
  topicId: string;
  code: string | null;
  title: string;
  /** Ballots that chose the topic (ranking mode: that ranked it at all). */
  votes: number;
  /** votes / ballots, 0..1 (0 when there are no ballots). In multiple mode the shares add up to more than 1. */
  share: number;
  /** Ranking mode only: Borda points, a topic at position i (0-based) of a ballot earning (topics − i). */
  points?: number;
}

/** One group of a breakdown: an industry or a city, or 其他 (key 'other') where small groups merge. */
export interface ResultGroup {
  key: string;
  label: string;
  ballots: number;
  topics: { topicId: string; votes: number; share: number; points?: number }[];
}

/**
 * Results are published as snapshots, never read live: a snapshot advances only after at least `step` ballots were
 * cast or changed since the one before, and once more at close, so that any two views differ by no ballot or by
 * `step` ballots or more; the one shown always lies one step behind the newest, which keeps the final results too
 * at least `step` ballots away from anything shown before. Below `step` ballots in all nothing is shown.
 */
export interface ResultsPublication {
  /** k: ballots between two published snapshots, and the fewest ballots ever shown (setting RESULTS_STEP, ≥ 3). */
  step: number;
  /** True once the consultation closed: the final snapshot, covering every ballot. */
  final: boolean;
  /** Ballots still to be cast or changed before the results next advance; null once final. */
  untilNext: number | null;
}

/** Why nothing is shown: fewer than `step` ballots in all (不足 k 人，暂不公布), or the first snapshot not yet due. */
export type UnpublishedReason = 'too_few' | 'first_pending';

/** The tally of one published snapshot: a stored copy, exactly as it was when published. */
export interface PublishedTally {
  /** Ballots the snapshot covers. */
  ballots: number;
  /** In the consultation's topic order. */
  topics: TopicResult[];
  /** Ranking mode only: topic ids by Borda points, highest first. */
  order?: string[];
  /**
   * The text of the suggestions only, never who wrote them, nor when, nor in what order they arrived: sorted by
   * their normalised text. Empty when there are more than CONSULTATION_LIMITS.suggestionsInResults of them: a
   * campaign's thousands are read page by page from the consultation's suggestions list
   * (GET /consultations/:id/suggestions) instead; the export files still hold them all.
   */
  suggestions: string[];
  /** How many ballots carry a suggestion, whether or not their text is in `suggestions`. */
  suggestionCount: number;
  /** Groups with fewer than CONSULTATION_LIMITS.minGroupSize ballots are merged into 其他. */
  breakdowns: { industry: ResultGroup[]; city: ResultGroup[] };
}

interface ResultsHead {
  consultationId: string;
  status: ConsultationStatus;
  mode: ConsultationMode;
  publication: ResultsPublication;
}

/** What GET /consultations/:id/results answers: the published snapshot, or why there is none yet. */
export type ConsultationResults =
  | (ResultsHead & { published: true } & PublishedTally)
  | (ResultsHead & { published: false; reason: UnpublishedReason });

/** The results when published (narrowed). */
export type PublishedResults = Extract<ConsultationResults, { published: true }>;

export const PARTICIPATION_DENOMINATORS = ['verified_roll', 'headcount', 'registered'] as const;
/**
 * What 参与率 divides by: the verified roll in scope (verified consultations), the headcount the organizer entered
 * (self-declared ones that have it), or the workers registered in the app whose profile is in scope (未核验).
 */
export type ParticipationDenominator = (typeof PARTICIPATION_DENOMINATORS)[number];

export const DENOMINATOR_LABELS: Record<ParticipationDenominator, string> = {
  verified_roll: '已核验名册人数',
  headcount: '范围内人数',
  registered: '登记人数（未核验）',
};

export interface Participation {
  consultationId: string;
  /** Ballots of the published results (ResultsPublication); null while nothing is published. */
  ballots: number | null;
  /** Workers whose profile is within the consultation's region and industries (self-declared, 未核验). */
  registered: number;
  eligibility: Eligibility;
  denominator: ParticipationDenominator;
  /** The number 参与率 divides by. */
  denominatorCount: number;
  /** The denominator in words, to show beside the rate: e.g. 已核验名册 120 人 / 平台报告 3000 人 / 本应用登记 6 人（未核验）. */
  denominatorLabel: string;
  /** Verified consultations: workers on the roll of its scope; otherwise null. */
  verified: number | null;
  /** ballots / denominatorCount, 0..1; null when the denominator is 0 or nothing is published. */
  rate: number | null;
}

/** Who took part (counts only, never linked to choices), available to organizers once the consultation closed. */
export interface RollGroup {
  key: string;
  label: string;
  ballots: number;
}

export interface Roll extends Participation {
  byIndustry: RollGroup[];
  byCity: RollGroup[];
}

/**
 * The scene of a consultation's 小程序码: its id without hyphens (WeChat takes at most 32 characters; a UUID has 36).
 * The vote page opened from the code receives it as `scene`, URI-encoded.
 */
export const consultationScene = (id: string): string => id.replace(/-/g, '').toLowerCase();

/** The consultation id a scene names, or null when it names none. */
export function consultationIdOfScene(scene: string): string | null {
  let s = scene;
  try {
    s = decodeURIComponent(scene);
  } catch {
    return null;
  }
  if (!/^[0-9a-f]{32}$/i.test(s)) return null;
  const h = s.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The page a shared card and a 小程序码 open (a page of app.json, no leading slash). */
export const VOTE_PAGE = 'pages/vote/index';
