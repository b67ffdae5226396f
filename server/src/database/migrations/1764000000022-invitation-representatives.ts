import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from '../migration-kit.js';

/** Invitations name the representatives per side and the chief the letter announces (《集体合同规定》 arts. 19–20). */
export class InvitationRepresentatives1764000000022 implements MigrationInterface {
  name = 'InvitationRepresentatives1764000000022';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await qr.addColumns('invitations', [
      new TableColumn(c.int('representativesPerSide', true)),
      new TableColumn(c.str('chiefRepresentative', 40, true)),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('invitations', 'chiefRepresentative');
    await qr.dropColumn('invitations', 'representativesPerSide');
  }
}
