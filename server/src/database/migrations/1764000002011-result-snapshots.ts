import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableIndex } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/**
 * Results published as snapshots (consultations/results-publication.ts), and the index that counts the ballots cast
 * or changed since the newest snapshot: one range of (consultationId, submittedAt).
 */
export class ResultSnapshots1764000002011 implements MigrationInterface {
  name = 'ResultSnapshots1764000002011';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(qr, 'result_snapshots', [
      { ...c.ref('consultationId'), isPrimary: true },
      c.int('version'),
      c.json('shown', true),
      c.json('pending', true),
      c.time('coveredUntil'),
      c.bool('final'),
    ]);
    await qr.createIndex(
      'ballots',
      new TableIndex({ name: 'IDX_ballots_consultation_submitted', columnNames: ['consultationId', 'submittedAt'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('ballots', 'IDX_ballots_consultation_submitted');
    await qr.dropTable('result_snapshots');
  }
}
