import type { ConsultationMode } from '@xst/shared-types';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildCounts } from '../../consultations/ballot-counts.js';
import { columnKit, createTable, isMysql } from '../migration-kit.js';

/**
 * Results from counts kept as ballots commit (consultations/ballot-counts.ts): one row per consultation, dimension,
 * group, topic and rank position, filled here from the ballots already cast.
 */
export class BallotCounts1764000001600 implements MigrationInterface {
  name = 'BallotCounts1764000001600';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    const key = (o: ReturnType<typeof c.str>) => ({ ...o, isPrimary: true });
    await createTable(qr, 'ballot_counts', [
      key(c.ref('consultationId')),
      key(c.str('dimension', 10)),
      key(c.str('groupKey', 20)),
      key(c.str('topicId', 36)),
      key(c.int('position')),
      c.int('n'),
    ]);
    const consultations: { id: string; mode: ConsultationMode }[] = await qr.query('SELECT id, mode FROM consultations');
    for (const k of consultations) await rebuildCounts(qr.manager, isMysql(qr), k.id, k.mode);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('ballot_counts');
  }
}
