import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from '../migration-kit.js';

/** Each consultation's eligibility (self-declared, as before, or the verified roll), its platform and headcount. */
export class ConsultationEligibility1764000001310 implements MigrationInterface {
  name = 'ConsultationEligibility1764000001310';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await qr.addColumns('consultations', [
      new TableColumn(c.str('eligibility', 16, false, 'self_declared')),
      new TableColumn(c.ref('platformOrgId', true)),
      new TableColumn(c.int('headcount', true)),
      new TableColumn(c.str('headcountSource', 60, true)),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const column of ['headcountSource', 'headcount', 'platformOrgId', 'eligibility']) await qr.dropColumn('consultations', column);
  }
}
