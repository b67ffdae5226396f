import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** Negotiation sessions, their publication to workers, and the workers' feedback. */
export class Sessions1764000000006 implements MigrationInterface {
  name = 'Sessions1764000000006';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'negotiation_sessions',
      [
        c.id(),
        c.str('clientId', 36),
        c.ref('invitationId'),
        c.str('regionCode', 6),
        c.str('type', 24),
        c.time('heldAt'),
        c.str('place', 100, true),
        c.bool('online'),
        c.str('workerChief', 40),
        c.int('workerCount'),
        c.str('employerChief', 40),
        c.int('employerCount'),
        c.str('recorder', 40, true),
        c.json('topics'),
        c.text('minutes'),
        c.json('suspended', true),
        c.ref('createdBy'),
        c.createdAt(),
        c.updatedAt(),
        c.time('publishedAt', true),
      ],
      [
        { name: 'UQ_sessions_client', columnNames: ['clientId'], isUnique: true },
        { name: 'IDX_sessions_invitation', columnNames: ['invitationId', 'heldAt'] },
        { name: 'IDX_sessions_region', columnNames: ['regionCode', 'heldAt'] },
      ],
    );
    await createTable(
      qr,
      'publications',
      [
        c.id(),
        c.ref('invitationId'),
        c.ref('sessionId', true),
        c.ref('consultationId'),
        c.str('kind', 10),
        c.str('title', 80),
        c.text('body'),
        c.ref('publishedBy'),
        c.time('publishedAt'),
      ],
      [
        { name: 'UQ_publications_session', columnNames: ['sessionId'], isUnique: true },
        { name: 'IDX_publications_invitation', columnNames: ['invitationId', 'publishedAt'] },
        { name: 'IDX_publications_consultation', columnNames: ['consultationId'] },
      ],
    );
    await createTable(
      qr,
      'publication_feedback',
      [c.id(), c.ref('publicationId'), c.str('voterKey', 64), c.int('rating'), c.bool('knowsContract'), c.time('submittedAt')],
      [{ name: 'UQ_feedback_voter', columnNames: ['publicationId', 'voterKey'], isUnique: true }],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['publication_feedback', 'publications', 'negotiation_sessions']) await qr.dropTable(t);
  }
}
