// The one place that decides which status changes an invitation may take. Everything else asks here.
import { INVITATION_STATUS_LABELS, type InvitationStatus } from '@xst/shared-types';
import { conflict } from '../common/errors.js';

export type InvitationEvent = 'send' | 'accept' | 'decline' | 'mark_overdue' | 'escalate' | 'withdraw';

const EVENT_LABELS: Record<InvitationEvent, string> = {
  send: '发出',
  accept: '应约',
  decline: '拒绝',
  mark_overdue: '标记逾期',
  escalate: '启动督促程序',
  withdraw: '撤回',
};

/** From each status, the events allowed and the status each leads to. */
const TRANSITIONS: Record<InvitationStatus, Partial<Record<InvitationEvent, InvitationStatus>>> = {
  draft: { send: 'sent', withdraw: 'withdrawn' },
  sent: { accept: 'accepted', decline: 'declined', mark_overdue: 'overdue', withdraw: 'withdrawn' },
  // a late reply is kept (and marked late); the sender may still give up while nothing was answered
  overdue: { accept: 'accepted', decline: 'declined', escalate: 'escalated', withdraw: 'withdrawn' },
  declined: { escalate: 'escalated' },
  // the chain goes on step by step; a reply that finally comes is still recorded
  escalated: { escalate: 'escalated', accept: 'accepted', decline: 'declined' },
  accepted: {},
  withdrawn: {},
};

export function canTransition(current: InvitationStatus, event: InvitationEvent): boolean {
  return TRANSITIONS[current][event] !== undefined;
}

/** The status after `event`, or a 409 that names the current status in Chinese. */
export function transition(current: InvitationStatus, event: InvitationEvent): InvitationStatus {
  const next = TRANSITIONS[current][event];
  if (!next) {
    throw conflict(
      'invitation_illegal_transition',
      `这份要约当前状态为「${INVITATION_STATUS_LABELS[current]}」，不能${EVENT_LABELS[event]}`,
    );
  }
  return next;
}

/** What the invitation is now: a sent one past its due time without a reply is overdue, stored or not. */
export function effectiveStatus(stored: InvitationStatus, replyDueAt: Date | null, now: Date): InvitationStatus {
  if (stored === 'sent' && replyDueAt && now.getTime() > replyDueAt.getTime()) return 'overdue';
  return stored;
}

export const INVITATION_EVENTS = Object.keys(EVENT_LABELS) as InvitationEvent[];
