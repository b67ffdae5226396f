import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

const COMMON = 'state, nextAttemptAt, claimedUntil, sentAt, attempts, lastError, createdAt';
/** The invitations' SMS notices, which stay in their table. */
const SMS = 'invitation_sms';

/**
 * One outbox for every WeChat subscribe message, keyed by (kind, subject, recipient): the invitation reminders and
 * the petition notices move into it, with their states, attempts and times. The petition notices' table goes; the
 * invitations' keeps only their SMS notices.
 */
export class SubscribeMessages1764000002160 implements MigrationInterface {
  name = 'SubscribeMessages1764000002160';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'subscribe_messages',
      [
        c.id(),
        c.str('kind', 30),
        c.ref('subjectId'),
        c.str('recipient', 64),
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
        { name: 'UQ_subscribe_messages_once', columnNames: ['kind', 'subjectId', 'recipient'], isUnique: true },
        { name: 'IDX_subscribe_messages_due', columnNames: ['state', 'nextAttemptAt'] },
        { name: 'IDX_subscribe_messages_subject', columnNames: ['subjectId'] },
      ],
    );
    await qr.query(
      `INSERT INTO subscribe_messages (id, kind, subjectId, recipient, dueAt, ${COMMON})
       SELECT id, kind, invitationId, recipientUserId, dueAt, ${COMMON} FROM invitation_reminders WHERE kind <> '${SMS}'`,
    );
    await qr.query(`DELETE FROM invitation_reminders WHERE kind <> '${SMS}'`);
    await qr.query(
      `INSERT INTO subscribe_messages (id, kind, subjectId, recipient, dueAt, ${COMMON})
       SELECT id, kind, petitionId, recipientUserId, createdAt, ${COMMON} FROM petition_notices`,
    );
    await qr.dropTable('petition_notices');
  }

  async down(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    const tail = [
      c.str('state', 10),
      c.time('nextAttemptAt'),
      c.time('claimedUntil', true),
      c.time('sentAt', true),
      c.int('attempts', false, 0),
      c.str('lastError', 300, true),
      c.createdAt(),
    ];
    await createTable(
      qr,
      'petition_notices',
      [c.id(), c.str('kind', 30), c.ref('petitionId'), c.ref('recipientUserId'), ...tail],
      [
        { name: 'UQ_petition_notices_recipient', columnNames: ['kind', 'petitionId', 'recipientUserId'], isUnique: true },
        { name: 'IDX_petition_notices_due', columnNames: ['state', 'nextAttemptAt'] },
      ],
    );
    await qr.query(
      `INSERT INTO invitation_reminders (id, kind, invitationId, recipientUserId, dueAt, ${COMMON})
       SELECT id, kind, subjectId, recipient, dueAt, ${COMMON} FROM subscribe_messages WHERE kind IN ('invitation_received', 'invitation_due_soon', 'invitation_overdue', 'invitation_replied')`,
    );
    await qr.query(
      `INSERT INTO petition_notices (id, kind, petitionId, recipientUserId, ${COMMON})
       SELECT id, kind, subjectId, recipient, ${COMMON} FROM subscribe_messages WHERE kind = 'petition_reached'`,
    );
    await qr.dropTable('subscribe_messages');
  }
}
