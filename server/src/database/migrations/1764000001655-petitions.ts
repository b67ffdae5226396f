import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** Workers' petitions (职工联署要约), their pseudonymous co-signatures and the outbox of notices to organizers. */
export class Petitions1764000001655 implements MigrationInterface {
  name = 'Petitions1764000001655';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'petitions',
      [
        c.id(),
        c.str('industry', 20),
        c.str('regionCode', 6),
        c.ref('organizationId'),
        c.ref('platformOrgId', true),
        c.json('topics'),
        c.int('signatures', false, 0),
        c.str('openScope', 80, true),
        c.time('reachedAt', true),
        c.int('rollAtReach', true),
        c.int('signaturesAtReach', true),
        c.bool('verifiedRoll'),
        c.int('inviteDays', true),
        c.time('dueAt', true),
        c.ref('invitationId', true),
        c.time('answeredAt', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        // one open petition per scope (NULL once answered: both databases let NULLs repeat in a UNIQUE index)
        { name: 'UQ_petitions_open_scope', columnNames: ['openScope'], isUnique: true },
        { name: 'IDX_petitions_region', columnNames: ['regionCode'] },
        // the ledger's flag: the employer's petitions past their clock
        { name: 'IDX_petitions_organization_due', columnNames: ['organizationId', 'dueAt'] },
        { name: 'IDX_petitions_reached', columnNames: ['reachedAt'] },
      ],
    );
    await createTable(
      qr,
      'petition_signatures',
      [c.id(), c.ref('petitionId'), c.str('signerKey', 64)],
      [{ name: 'UQ_petition_signatures_signer', columnNames: ['petitionId', 'signerKey'], isUnique: true }],
    );
    await createTable(
      qr,
      'petition_notices',
      [
        c.id(),
        c.str('kind', 30),
        c.ref('petitionId'),
        c.ref('recipientUserId'),
        c.str('state', 10),
        c.time('nextAttemptAt'),
        c.time('claimedUntil', true),
        c.time('sentAt', true),
        c.int('attempts', false, 0),
        c.str('lastError', 300, true),
        c.createdAt(),
      ],
      [
        { name: 'UQ_petition_notices_recipient', columnNames: ['kind', 'petitionId', 'recipientUserId'], isUnique: true },
        { name: 'IDX_petition_notices_due', columnNames: ['state', 'nextAttemptAt'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['petition_notices', 'petition_signatures', 'petitions']) await qr.dropTable(t);
  }
}
