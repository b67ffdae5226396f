import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/** The access token of WeChat's server API, shared by every instance through the database. */
export class WechatAccessToken1764000001201 implements MigrationInterface {
  name = 'WechatAccessToken1764000001201';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(qr, 'wechat_access_tokens', [
      { name: 'appId', type: 'varchar', length: '64', isPrimary: true },
      c.str('token', 512, true),
      c.time('expiresAt', true),
      c.time('refreshedAt', true),
      c.time('refreshingUntil', true),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('wechat_access_tokens');
  }
}
