import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** Groups of suggestions an organizer joined, by the keys of two of their texts. */
export class SuggestionMerges1764000002001 implements MigrationInterface {
  name = 'SuggestionMerges1764000002001';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(qr, 'suggestion_merges', [
      { ...c.ref('consultationId'), isPrimary: true },
      { ...c.str('textKey', 32), isPrimary: true },
      { ...c.str('intoKey', 32), isPrimary: true },
      c.ref('createdBy'),
      c.createdAt(),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('suggestion_merges');
  }
}
