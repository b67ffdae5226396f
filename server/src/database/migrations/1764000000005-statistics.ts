import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableIndex } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/**
 * The activity ledger behind section 四 of the statistics table. Each enterprise an activity names gets a row of
 * activity_enterprises carrying the activity's type, region and date, so that "distinct enterprises" is one
 * COUNT(DISTINCT) over an index. Section 五 counts key enterprises of the registry by region.
 */
export class Statistics1764000000005 implements MigrationInterface {
  name = 'Statistics1764000000005';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'activities',
      [
        c.id(),
        c.str('type', 32),
        c.str('regionCode', 6),
        c.date('occurredAt'),
        c.int('count'),
        c.text('note', true),
        c.ref('createdBy', true),
        c.createdAt(),
      ],
      [
        { name: 'IDX_activities_stats', columnNames: ['occurredAt', 'regionCode', 'type', 'count'] },
        { name: 'IDX_activities_region', columnNames: ['regionCode', 'occurredAt'] },
      ],
    );
    await createTable(
      qr,
      'activity_enterprises',
      [
        { ...c.ref('activityId'), isPrimary: true },
        { ...c.ref('organizationId'), isPrimary: true },
        c.bool('newEmployment'),
        c.str('type', 32),
        c.str('regionCode', 6),
        c.date('occurredAt'),
      ],
      [
        { name: 'IDX_activity_enterprises_stats', columnNames: ['type', 'occurredAt', 'regionCode', 'organizationId', 'newEmployment'] },
        { name: 'IDX_activity_enterprises_organization', columnNames: ['organizationId', 'type', 'occurredAt'] },
      ],
    );
    await qr.createIndex(
      'organizations',
      new TableIndex({ name: 'IDX_organizations_key', columnNames: ['isKeyEnterprise', 'type', 'regionCode'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('organizations', 'IDX_organizations_key');
    for (const t of ['activity_enterprises', 'activities']) await qr.dropTable(t);
  }
}
