import { createRequire } from 'node:module';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

const require = createRequire(import.meta.url);

/** Accounts, invitation codes, the national region tree, organizations and the audit trail. */
export class Foundation1764000000001 implements MigrationInterface {
  name = 'Foundation1764000000001';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'users',
      [
        c.id(),
        c.str('openid', 64, true),
        c.str('role', 16),
        c.str('displayName', 40, true),
        c.str('industry', 20, true),
        c.str('platform', 40, true),
        c.str('regionCode', 6, true),
        c.ref('organizationId', true),
        c.int('tokenVersion', false, 0),
        c.createdAt(),
        c.updatedAt(),
        c.time('deletedAt', true),
      ],
      [
        { name: 'UQ_users_openid', columnNames: ['openid'], isUnique: true },
        { name: 'IDX_users_role_region', columnNames: ['role', 'regionCode'] },
        { name: 'IDX_users_organization', columnNames: ['organizationId'] },
      ],
    );
    await createTable(qr, 'invite_codes', [
      { ...c.str('code', 16), isPrimary: true },
      c.str('role', 16),
      c.ref('organizationId'),
      c.str('regionCode', 6),
      c.ref('createdBy', true),
      c.time('expiresAt'),
      c.ref('redeemedBy', true),
      c.time('redeemedAt', true),
      c.createdAt(),
    ]);
    await createTable(
      qr,
      'regions',
      [{ ...c.str('code', 6), isPrimary: true }, c.str('name', 40), c.str('level', 10), c.str('parentCode', 6, true)],
      [{ name: 'IDX_regions_parent', columnNames: ['parentCode'] }],
    );
    await createTable(
      qr,
      'organizations',
      [
        c.id(),
        c.str('type', 16),
        c.str('name', 100),
        c.str('regionCode', 6),
        c.str('uscc', 18, true),
        c.str('industry', 40, true),
        c.bool('isPlatform'),
        c.int('employees', true),
        c.bool('isKeyEnterprise'),
        c.bool('hasUnion'),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        { name: 'UQ_organizations_uscc', columnNames: ['uscc'], isUnique: true },
        { name: 'IDX_organizations_region', columnNames: ['regionCode'] },
        { name: 'IDX_organizations_type_region', columnNames: ['type', 'regionCode'] },
      ],
    );
    await createTable(
      qr,
      'audit_log',
      [
        c.id(),
        c.str('entity', 20),
        c.ref('entityId'),
        c.str('action', 40),
        c.ref('actorId', true),
        c.str('actorRole', 16, true),
        c.str('regionCode', 6, true),
        c.time('at'),
        c.json('before', true),
        c.json('after', true),
      ],
      [{ name: 'IDX_audit_entity', columnNames: ['entity', 'entityId', 'at'] }],
    );
    await seedRegions(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'organizations', 'regions', 'invite_codes', 'users']) await qr.dropTable(t);
  }
}

/** The national tree of provinces, cities and counties, from the data behind Vant's area picker. */
async function seedRegions(qr: QueryRunner): Promise<void> {
  const { areaList } = require('@vant/area-data') as {
    areaList: Record<'province_list' | 'city_list' | 'county_list', Record<string, string>>;
  };
  const rows: [string, string, string, string | null][] = [];
  for (const [code, name] of Object.entries(areaList.province_list)) rows.push([code, name, 'province', null]);
  for (const [code, name] of Object.entries(areaList.city_list)) rows.push([code, name, 'city', `${code.slice(0, 2)}0000`]);
  for (const [code, name] of Object.entries(areaList.county_list)) rows.push([code, name, 'county', `${code.slice(0, 4)}00`]);
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await qr.query(
      `INSERT INTO regions (code, name, level, parentCode) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`,
      batch.flat(),
    );
  }
}
