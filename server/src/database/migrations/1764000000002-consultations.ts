import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** Topic consultations, their topics, and ballots stored under a keyed pseudonym of the worker. */
export class Consultations1764000000002 implements MigrationInterface {
  name = 'Consultations1764000000002';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'consultations',
      [
        c.id(),
        c.str('title', 60),
        c.text('description', true),
        c.str('regionCode', 6),
        c.str('industries', 120),
        c.time('opensAt'),
        c.time('closesAt'),
        c.bool('closedEarly'),
        c.str('mode', 10),
        c.int('maxChoices'),
        c.bool('allowSuggestions'),
        c.str('resultsVisibility', 12),
        c.int('revision', false, 0),
        c.ref('organizationId', true),
        c.ref('createdBy', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [{ name: 'IDX_consultations_region_closes', columnNames: ['regionCode', 'closesAt'] }],
    );
    await createTable(
      qr,
      'consultation_topics',
      [c.id(), c.ref('consultationId'), c.int('position'), c.str('code', 40, true), c.str('title', 40), c.str('description', 200, true)],
      [{ name: 'IDX_consultation_topics_consultation', columnNames: ['consultationId', 'position'] }],
    );
    await createTable(
      qr,
      'ballots',
      [
        c.id(),
        c.ref('consultationId'),
        c.str('voterKey', 64),
        c.text('choices'),
        c.text('suggestion', true),
        c.str('industry', 20),
        c.str('cityCode', 6),
        c.time('submittedAt'),
      ],
      [
        // One ballot per worker per consultation; also the index every results query reads.
        { name: 'UQ_ballots_consultation_voter', columnNames: ['consultationId', 'voterKey'], isUnique: true },
        // 我的参与: a worker's ballots across consultations.
        { name: 'IDX_ballots_voter', columnNames: ['voterKey'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['ballots', 'consultation_topics', 'consultations']) await qr.dropTable(t);
  }
}
