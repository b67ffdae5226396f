import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** The verified roll: code sheets and their codes, rosters and their numbers (keyed hashes only), verifications. */
export class Roll1764000000040 implements MigrationInterface {
  name = 'Roll1764000000040';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    const scope = [c.str('industry', 20), c.str('regionCode', 6), c.ref('platformOrgId', true)];
    await createTable(
      qr,
      'roll_code_batches',
      [
        c.id(),
        c.str('label', 60),
        ...scope,
        c.int('count'),
        c.time('expiresAt'),
        c.ref('organizationId', true),
        c.ref('createdBy'),
        c.createdAt(),
      ],
      [{ name: 'IDX_roll_code_batches_region', columnNames: ['regionCode', 'createdAt'] }],
    );
    await createTable(
      qr,
      'roll_codes',
      [
        c.id(),
        c.ref('batchId'),
        c.int('number'),
        c.str('codeKey', 64),
        c.time('usedAt', true),
        c.time('revokedAt', true),
        c.ref('revokedBy', true),
      ],
      [
        // A worker's entry is found by its hash alone.
        { name: 'UQ_roll_codes_key', columnNames: ['codeKey'], isUnique: true },
        { name: 'UQ_roll_codes_batch_number', columnNames: ['batchId', 'number'], isUnique: true },
      ],
    );
    await createTable(
      qr,
      'roll_rosters',
      [c.id(), c.str('label', 60), ...scope, c.int('entries'), c.ref('organizationId', true), c.ref('createdBy'), c.createdAt()],
      [{ name: 'IDX_roll_rosters_region', columnNames: ['regionCode', 'createdAt'] }],
    );
    await createTable(
      qr,
      'roll_roster_entries',
      [c.id(), c.ref('rosterId'), c.str('phoneKey', 64)],
      [
        { name: 'UQ_roll_roster_entries_roster_phone', columnNames: ['rosterId', 'phoneKey'], isUnique: true },
        // A confirmed number is looked up across every roster.
        { name: 'IDX_roll_roster_entries_phone', columnNames: ['phoneKey'] },
      ],
    );
    await createTable(
      qr,
      'roll_verifications',
      [
        c.id(),
        c.ref('userId'),
        c.str('scopeKey', 80),
        ...scope,
        c.str('method', 10),
        c.ref('codeId', true),
        c.ref('rosterEntryId', true),
        c.ref('verifiedBy'),
        c.ref('organizationId', true),
        c.time('verifiedAt'),
      ],
      [
        // One verification per worker and scope; one code, one roster entry verify one account (NULLs not counted).
        { name: 'UQ_roll_verifications_user_scope', columnNames: ['userId', 'scopeKey'], isUnique: true },
        { name: 'UQ_roll_verifications_code', columnNames: ['codeId'], isUnique: true },
        { name: 'UQ_roll_verifications_roster_entry', columnNames: ['rosterEntryId'], isUnique: true },
        // The roll of a scope: one industry, a range of region codes.
        { name: 'IDX_roll_verifications_scope', columnNames: ['industry', 'regionCode'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['roll_verifications', 'roll_roster_entries', 'roll_rosters', 'roll_codes', 'roll_code_batches']) await qr.dropTable(t);
  }
}
