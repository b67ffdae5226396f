import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** Invitations (要约) with their reply, the escalation steps taken on them, and the reminder outbox. */
export class Invitations1764000000003 implements MigrationInterface {
  name = 'Invitations1764000000003';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'invitations',
      [
        c.id(),
        c.str('status', 16),
        c.str('scope', 20),
        c.str('side', 10),
        c.ref('fromOrganizationId'),
        c.ref('toOrganizationId'),
        c.ref('onBehalfOfOrganizationId', true),
        c.str('regionCode', 6),
        c.str('enterpriseRegionCode', 6),
        c.json('topics'),
        c.ref('consultationId', true),
        c.time('proposedAt', true),
        c.str('proposedPlace', 100, true),
        c.text('body'),
        c.ref('createdBy'),
        c.createdAt(),
        c.updatedAt(),
        c.time('sentAt', true),
        c.time('replyDueAt', true),
        c.time('receivedAt', true),
        c.ref('receivedBy', true),
        c.str('replyDecision', 10, true),
        c.text('replyReason', true),
        c.bool('replyLate'),
        c.time('repliedAt', true),
        c.ref('repliedBy', true),
        c.time('replyProposedAt', true),
        c.str('replyProposedPlace', 100, true),
        c.json('replyCounterTopics', true),
        c.time('overdueAt', true),
        c.time('withdrawnAt', true),
      ],
      [
        { name: 'IDX_invitations_to', columnNames: ['toOrganizationId'] },
        { name: 'IDX_invitations_from', columnNames: ['fromOrganizationId'] },
        { name: 'IDX_invitations_region', columnNames: ['regionCode'] },
        { name: 'IDX_invitations_enterprise_region', columnNames: ['enterpriseRegionCode'] },
        // the sweep (status = 'sent' AND replyDueAt < now) and the status / due-within filters
        { name: 'IDX_invitations_status_due', columnNames: ['status', 'replyDueAt'] },
        { name: 'IDX_invitations_due', columnNames: ['replyDueAt'] },
        { name: 'IDX_invitations_consultation', columnNames: ['consultationId'] },
      ],
    );
    await createTable(
      qr,
      'invitation_escalations',
      [
        c.id(),
        c.ref('invitationId'),
        c.str('step', 30),
        c.int('seq'),
        c.date('issuedAt'),
        c.str('issuer', 100),
        c.str('documentNo', 60, true),
        c.text('note', true),
        c.ref('createdBy'),
        c.createdAt(),
      ],
      // one record per step: two organizers recording the same step at once get one row and one 409
      [{ name: 'UQ_invitation_escalations_step', columnNames: ['invitationId', 'step'], isUnique: true }],
    );
    await createTable(
      qr,
      'invitation_reminders',
      [
        c.id(),
        c.str('kind', 30),
        c.ref('invitationId'),
        c.ref('recipientUserId'),
        c.time('dueAt'),
        c.str('state', 10),
        c.time('nextAttemptAt'),
        c.time('claimedUntil', true),
        c.time('sentAt', true),
        c.int('attempts', false, 0),
        c.str('lastError', 300, true),
        c.createdAt(),
      ],
      [
        { name: 'UQ_invitation_reminders_once', columnNames: ['kind', 'invitationId', 'recipientUserId'], isUnique: true },
        { name: 'IDX_invitation_reminders_pending', columnNames: ['state', 'nextAttemptAt'] },
        { name: 'IDX_invitation_reminders_invitation', columnNames: ['invitationId'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['invitation_reminders', 'invitation_escalations', 'invitations']) await qr.dropTable(t);
  }
}
