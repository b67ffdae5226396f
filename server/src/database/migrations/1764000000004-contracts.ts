import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/**
 * Collective contracts, their parties and attachments. The statistics group contracts by scope and kind over a
 * region range and a signing period: IDX_contracts_stats covers (scope, signedAt, regionCode, kind, enterprisesCovered, workersCovered) so those
 * aggregates read the index alone (it carries the covered counts); the expiry lists use (expiresAt, regionCode); renewals are one-per-contract.
 */
export class Contracts1764000000004 implements MigrationInterface {
  name = 'Contracts1764000000004';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'contracts',
      [
        c.id(),
        c.ref('invitationId', true),
        c.ref('packageId', true),
        c.str('scope', 20),
        c.str('kind', 20),
        c.str('title', 200),
        c.str('regionCode', 6),
        c.date('signedAt'),
        c.date('effectiveFrom'),
        c.date('expiresAt'),
        c.int('enterprisesCovered'),
        c.int('workersCovered'),
        c.date('congressApprovedAt', true),
        c.date('filedAt', true),
        c.date('objectionReceivedAt', true),
        c.text('objectionPoints', true),
        c.date('effectiveOn', true),
        c.ref('renewsContractId', true),
        c.ref('createdBy', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        { name: 'IDX_contracts_stats', columnNames: ['scope', 'signedAt', 'regionCode', 'kind', 'enterprisesCovered', 'workersCovered'] },
        { name: 'IDX_contracts_region', columnNames: ['regionCode', 'signedAt'] },
        { name: 'IDX_contracts_expires', columnNames: ['expiresAt', 'regionCode'] },
        { name: 'IDX_contracts_effective', columnNames: ['effectiveOn', 'expiresAt'] },
        { name: 'IDX_contracts_invitation', columnNames: ['invitationId'] },
        { name: 'IDX_contracts_package', columnNames: ['packageId'] },
        { name: 'UQ_contracts_renews', columnNames: ['renewsContractId'], isUnique: true },
      ],
    );
    await createTable(
      qr,
      'contract_parties',
      [
        { ...c.ref('contractId'), isPrimary: true },
        { ...c.ref('organizationId'), isPrimary: true },
      ],
      [{ name: 'IDX_contract_parties_organization', columnNames: ['organizationId', 'contractId'] }],
    );
    await createTable(
      qr,
      'contract_attachments',
      [
        c.id(),
        c.ref('contractId'),
        c.str('fileName', 200),
        c.str('mimeType', 60),
        c.int('size'),
        c.str('storageKey', 200),
        c.ref('uploadedBy', true),
        c.createdAt(),
      ],
      [{ name: 'IDX_contract_attachments_contract', columnNames: ['contractId', 'createdAt'] }],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['contract_attachments', 'contract_parties', 'contracts']) await qr.dropTable(t);
  }
}
