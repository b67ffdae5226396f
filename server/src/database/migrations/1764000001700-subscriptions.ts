import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** Acceptances of WeChat one-time subscribe messages, per user and template. */
export class Subscriptions1764000001700 implements MigrationInterface {
  name = 'Subscriptions1764000001700';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(qr, 'subscription_quotas', [
      { ...c.ref('userId'), isPrimary: true },
      { ...c.str('kind', 30), isPrimary: true },
      c.int('remaining', false, 0),
      c.updatedAt(),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('subscription_quotas');
  }
}
