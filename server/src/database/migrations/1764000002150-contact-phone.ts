import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from '../migration-kit.js';

/**
 * 联系手机 of an organization and the account that entered it (whose data it is: exported and erased with it), and
 * the masked number an SMS notice of an invitation went to, kept on its outbox row for the organizer to read.
 */
export class ContactPhone1764000002150 implements MigrationInterface {
  name = 'ContactPhone1764000002150';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await qr.addColumn('organizations', new TableColumn(c.str('contactPhone', 20, true)));
    await qr.addColumn('organizations', new TableColumn(c.ref('contactPhoneSetBy', true)));
    await qr.createIndex(
      'organizations',
      new TableIndex({ name: 'IDX_organizations_contactPhoneSetBy', columnNames: ['contactPhoneSetBy'] }),
    );
    await qr.addColumn('invitation_reminders', new TableColumn(c.str('sentTo', 20, true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('invitation_reminders', 'sentTo');
    await qr.dropIndex('organizations', 'IDX_organizations_contactPhoneSetBy');
    await qr.dropColumn('organizations', 'contactPhoneSetBy');
    await qr.dropColumn('organizations', 'contactPhone');
  }
}
