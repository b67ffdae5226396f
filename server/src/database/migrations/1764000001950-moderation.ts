import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** Texts held after WeChat's content check, until an organizer of the region approves or hides them. */
export class Moderation1764000001950 implements MigrationInterface {
  name = 'Moderation1764000001950';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'moderation_items',
      [
        c.id(),
        c.str('kind', 30),
        c.ref('entityId'),
        c.str('textHash', 64),
        c.text('text'),
        c.str('regionCode', 6),
        c.str('reason', 10),
        c.str('status', 10),
        c.createdAt(),
        c.ref('decidedBy', true),
        c.time('decidedAt', true),
      ],
      [
        { name: 'UQ_moderation_text', columnNames: ['kind', 'entityId', 'textHash'], isUnique: true },
        { name: 'IDX_moderation_queue', columnNames: ['status', 'regionCode'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('moderation_items');
  }
}
