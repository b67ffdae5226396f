// WeChat one-time subscribe messages: each acceptance in WeChat's dialog allows one message of that template. The
// mini-program asks at the tap where the news matters to the user and reports what was accepted; the server keeps
// the count per user and template and sends only against it.
import type { Role } from './identity.js';

/** Templates, one per piece of news (keys of WECHAT_TEMPLATE_IDS). */
export const SUBSCRIPTION_KINDS = ['negotiation_progress', 'invitation_deadline', 'invitation_reply', 'petition_reached'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

/** What the user is asked, in the words of the tap that asks. */
export const SUBSCRIPTION_LABELS: Record<SubscriptionKind, string> = {
  negotiation_progress: '协商有进展时通知我',
  invitation_deadline: '截止前提醒我',
  invitation_reply: '对方答复时通知我',
  petition_reached: '职工联署达到比例时通知我',
};

/** Who may be asked for which template. */
export const SUBSCRIPTION_KINDS_BY_ROLE: Record<Role, SubscriptionKind[]> = {
  worker: ['negotiation_progress'],
  enterprise: ['invitation_deadline'],
  organizer: ['invitation_reply', 'petition_reached'],
  admin: ['invitation_reply'],
};

/** WeChat answers requestSubscribeMessage with one of these per template id. */
export const SUBSCRIBE_ANSWERS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeAnswer = (typeof SUBSCRIBE_ANSWERS)[number];

/** Acceptances the server counts at most per user and template. */
export const SUBSCRIPTION_QUOTA_MAX = 50;

export interface SubscriptionQuota {
  kind: SubscriptionKind;
  /** The id to pass to wx.requestSubscribeMessage. */
  templateId: string;
  label: string;
  /** Messages the server may still send of this template. */
  remaining: number;
}

/** GET /subscriptions and the answer of POST /subscriptions: the caller's templates. */
export interface SubscriptionStatus {
  quotas: SubscriptionQuota[];
}

/** POST /subscriptions: WeChat's answer to requestSubscribeMessage, as the mini-program received it. */
export interface ReportSubscriptionsRequest {
  /** Template id → the user's answer. */
  results: Record<string, SubscribeAnswer>;
}
