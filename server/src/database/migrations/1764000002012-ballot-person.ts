import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from '../migration-kit.js';

/**
 * Ballots keyed on the person (their stable WeChat identity) instead of the account row. The column starts empty:
 * moving existing ballots from the account's key to the person's needs the server's ballot key, which only the
 * running server holds, so it re-keys them at start (PrivacyService.rekeyAccountsToPersons).
 */
export class BallotPerson1764000002012 implements MigrationInterface {
  name = 'BallotPerson1764000002012';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await qr.addColumn('users', new TableColumn(c.str('person', 100, true)));
    await qr.createIndex('users', new TableIndex({ name: 'IDX_users_person', columnNames: ['person'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('users', 'IDX_users_person');
    await qr.dropColumn('users', 'person');
  }
}
