import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from '../migration-kit.js';

/**
 * Organizations: the day the union was founded (the ledger's 新建会企业), and the enterprise's industry as a 门类 of
 * GB/T 4754-2017 instead of the workers' occupation it used to hold. Occupations map to the 门类 their enterprises
 * are usually registered in: riders, drivers, couriers and truckers to G (交通运输、仓储和邮政业), domestic workers
 * to O (居民服务、修理和其他服务业); anything else is cleared, to be filled in by the organizer.
 */
export class OrganizationUnionDate1764000000021 implements MigrationInterface {
  name = 'OrganizationUnionDate1764000000021';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await qr.addColumn('organizations', new TableColumn(c.date('unionisedAt', true)));
    await qr.query(`UPDATE organizations SET industry = 'G' WHERE industry IN ('rider', 'ride_hailing', 'courier', 'trucking')`);
    await qr.query(`UPDATE organizations SET industry = 'O' WHERE industry = 'domestic'`);
    await qr.query(
      `UPDATE organizations SET industry = NULL WHERE industry IS NOT NULL AND industry NOT IN (${'ABCDEFGHIJKLMNOPQRST'
        .split('')
        .map((l) => `'${l}'`)
        .join(', ')})`,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('organizations', 'unionisedAt');
  }
}
