import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { columnKit } from '../migration-kit.js';

/**
 * The subscribe-message quotas keep no time of their last change. A message about a consultation is queued under the
 * worker's ballot pseudonym and spends that worker's acceptance when it is sent: a quota's change time beside the
 * message's time of sending would tie the pseudonym, and so the ballot, to the account.
 */
export class QuotaWithoutTime1764000002170 implements MigrationInterface {
  name = 'QuotaWithoutTime1764000002170';

  async up(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('subscription_quotas', 'updatedAt');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.addColumn('subscription_quotas', new TableColumn(columnKit(qr).updatedAt()));
  }
}
