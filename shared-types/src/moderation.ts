// Texts one person writes for others to read pass WeChat's security check first. What WeChat asks to review, or
// what could not be checked, is kept but held until an organizer of the region approves it (or hides it for good).

export const MODERATED_KINDS = [
  'suggestion',
  'invitation_body',
  'decline_reason',
  'organization_name',
  'minutes',
  'publication',
  'draft_comment',
  'session_topics',
  'session_place',
] as const;
export type ModeratedKind = (typeof MODERATED_KINDS)[number];

export const MODERATED_KIND_LABELS: Record<ModeratedKind, string> = {
  suggestion: '职工建议',
  invitation_body: '要约正文',
  decline_reason: '拒绝理由',
  organization_name: '单位名称',
  minutes: '会议纪要',
  publication: '向职工公开的纪要或协商结果',
  draft_comment: '职工对合同草案的意见',
  session_topics: '协商议题及结果',
  session_place: '协商会议地点',
};

/** held: waiting for an organizer; approved: shown; hidden: never shown. */
export type ModerationStatus = 'held' | 'approved' | 'hidden';
/** Why it is held: WeChat asked for review, or WeChat could not be asked. */
export type ModerationReason = 'review' | 'unchecked';

export const MODERATION_REASON_LABELS: Record<ModerationReason, string> = {
  review: '微信建议人工审核',
  unchecked: '未能完成微信内容检查',
};

/** What everybody else reads in place of a held text. */
export const HELD_TEXT = '（内容审核中，通过后显示）';

export interface ModerationItem {
  id: string;
  kind: ModeratedKind;
  label: string;
  text: string;
  regionCode: string;
  reason: ModerationReason;
  status: ModerationStatus;
  createdAt: string;
  decidedAt: string | null;
}

export interface ModerationList {
  items: ModerationItem[];
}

export type ModerationDecision = 'approve' | 'hide';

/** GET /moderation: the held texts (default) or the decided ones. */
export interface ModerationQuery {
  status?: 'held' | 'decided';
}

export interface ModerationDecisionRequest {
  decision: ModerationDecision;
}
