/**
 * Every code the API answers an error with (ApiErrorBody.code). The server's exceptions take only these, and the
 * mini-program switches on them, never on the message (which is a sentence for people and may change).
 */
export const ERROR_CODES = [
  // The request itself (400, 405, 408, 413, 414, 415)
  'validation_failed',
  'bad_request',
  'invalid_json',
  'too_deep',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'method_not_allowed',
  'timeout',
  // Signing in (401, 409, 429, 503)
  'unauthorized',
  'token_expired',
  'token_revoked',
  'wechat_invalid_code',
  'wechat_rate_limited',
  'wechat_unavailable',
  'wechat_page_unreleased',
  'wechat_unionid_missing',
  'invite_code_used',
  'invite_code_expired',
  'staff_account',
  // Access (403, 404): never says whether the object exists elsewhere
  'forbidden',
  'not_found',
  // Consultations and ballots
  'profile_required',
  'consultation_not_open',
  'consultation_closed',
  'consultation_not_closed',
  'consultation_already_open',
  'consultation_changed',
  'results_after_vote',
  'results_after_close',
  'results_not_published',
  // The verified roll
  'roll_not_verified',
  'roll_code_invalid',
  'roll_code_used',
  'roll_code_expired',
  'roll_code_revoked',
  'roll_already_verified',
  'roll_phone_not_listed',
  'roll_phone_taken',
  'roster_file_invalid',
  // Invitations
  'invitation_changed',
  'invitation_illegal_transition',
  'invitation_already_replied',
  'escalation_not_union_sent',
  'escalation_out_of_order',
  'escalation_complete',
  'delivery_already_recorded',
  // Sessions and publications
  'invitation_not_accepted',
  'client_id_reused',
  'already_published',
  'no_consultation',
  // Petitions
  'petition_answered',
  'petition_not_eligible',
  // Drafts and the workers' congress
  'draft_frozen',
  'draft_not_published',
  'congress_not_open',
  'congress_closed',
  'congress_not_closed',
  'congress_not_adopted',
  'congress_in_progress',
  'contract_already_recorded',
  // Moderation of texts held after WeChat's content check
  'moderation_decided',
  'session_topics_held',
  // Suggestions
  'suggestions_changed',
  // Organizations and other records
  'uscc_taken',
  'duplicate',
  'conflict',
  // Load and the server (429, 500, 503)
  'too_many_requests',
  'attachment_store_unavailable',
  'poster_unavailable',
  'database_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN = new Set<string>(ERROR_CODES);

/** Whether a value from an answer is a code of this contract (an older client may meet a newer server's). */
export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && KNOWN.has(value);

/** One invalid field of a request, with a message the mini-program can show as it is. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every error answer of the API. */
export interface ApiErrorBody {
  statusCode: number;
  code: ErrorCode;
  /** A sentence in Chinese for the user. */
  message: string;
  fields?: FieldError[];
  /** Present on 5xx answers: quote it when reporting a problem, it finds the log line. */
  errorId?: string;
}
