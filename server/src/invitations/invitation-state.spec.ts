import { INVITATION_STATUSES, type InvitationStatus } from '@xst/shared-types';
import { DomainError } from '../common/errors.js';
import { canTransition, effectiveStatus, INVITATION_EVENTS, transition, type InvitationEvent } from './invitation-state.js';

const LEGAL: [InvitationStatus, InvitationEvent, InvitationStatus][] = [
  ['draft', 'send', 'sent'],
  ['draft', 'withdraw', 'withdrawn'],
  ['sent', 'accept', 'accepted'],
  ['sent', 'decline', 'declined'],
  ['sent', 'mark_overdue', 'overdue'],
  ['sent', 'withdraw', 'withdrawn'],
  ['overdue', 'accept', 'accepted'],
  ['overdue', 'decline', 'declined'],
  ['overdue', 'escalate', 'escalated'],
  ['overdue', 'withdraw', 'withdrawn'],
  ['declined', 'escalate', 'escalated'],
  ['escalated', 'escalate', 'escalated'],
  ['escalated', 'accept', 'accepted'],
  ['escalated', 'decline', 'declined'],
];

describe('invitation state machine', () => {
  it('allows exactly the listed transitions', () => {
    for (const [from, event, to] of LEGAL) expect(transition(from, event)).toBe(to);
  });

  it('refuses every other transition with a 409 naming the current state in Chinese', () => {
    let refused = 0;
    for (const from of INVITATION_STATUSES) {
      for (const event of INVITATION_EVENTS) {
        if (LEGAL.some(([f, e]) => f === from && e === event)) continue;
        expect(canTransition(from, event)).toBe(false);
        try {
          transition(from, event);
          throw new Error(`${from} + ${event} was allowed`);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).status).toBe(409);
          expect((e as DomainError).code).toBe('invitation_illegal_transition');
          expect((e as DomainError).message).toMatch(/当前状态为「.+」/);
        }
        refused++;
      }
    }
    expect(refused).toBe(INVITATION_STATUSES.length * INVITATION_EVENTS.length - LEGAL.length);
  });

  it('reads a sent invitation as overdue the moment its due time has passed, and only then', () => {
    const due = new Date('2025-03-21T08:00:00Z');
    expect(effectiveStatus('sent', due, new Date('2025-03-21T08:00:00Z'))).toBe('sent');
    expect(effectiveStatus('sent', due, new Date('2025-03-21T08:00:00.001Z'))).toBe('overdue');
    expect(effectiveStatus('accepted', due, new Date('2025-04-01T00:00:00Z'))).toBe('accepted');
    expect(effectiveStatus('draft', null, new Date())).toBe('draft');
  });
});
