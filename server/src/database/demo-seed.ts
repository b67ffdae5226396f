// Demo data for `npm start`: a union at province and city level, a platform enterprise, an industry association,
// and one account of each role reachable through dev sign-in. Idempotent and safe in parallel (see seedDemo).
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { User } from '../identity/user.entity.js';
import { OrganizationEntity } from '../regions/organization.entity.js';
import { usccCheckChar } from '../regions/uscc.js';

const withCheck = (first17: string) => first17 + usccCheckChar(first17);

export const DEMO_ORGANIZATIONS = [
  { key: 'province_union', type: 'union', name: '四川省总工会', regionCode: '510000' },
  { key: 'city_union', type: 'union', name: '成都市总工会', regionCode: '510100' },
  { key: 'industry_union', type: 'union', name: '成都市快递外卖行业工会联合会', regionCode: '510100' },
  {
    key: 'platform',
    type: 'enterprise',
    name: '成都速达同城配送有限公司',
    regionCode: '510104',
    uscc: withCheck('91510104MA6CX7K2Q'),
    industry: 'I',
    isPlatform: true,
    employees: 3200,
    isKeyEnterprise: true,
    hasUnion: true,
  },
  {
    key: 'partner',
    type: 'enterprise',
    name: '成都蓉城骑士劳务服务有限公司',
    regionCode: '510107',
    uscc: withCheck('91510107MA62R8D1L'),
    industry: 'L',
    isPlatform: false,
    employees: 860,
    isKeyEnterprise: false,
    hasUnion: false,
  },
  { key: 'association', type: 'association', name: '四川省网络预约出租汽车行业协会', regionCode: '510000' },
] as const;

export const DEMO_ACCOUNTS = [
  { openid: 'demo-worker', role: 'worker', org: null, regionCode: '510104', industry: 'rider', platform: '美团', displayName: '骑手小王' },
  { openid: 'demo-organizer', role: 'organizer', org: 'city_union', regionCode: '510100', displayName: '成都市总工会 李老师' },
  { openid: 'demo-enterprise', role: 'enterprise', org: 'platform', regionCode: '510104', displayName: '速达配送 张经理' },
  { openid: 'demo-admin', role: 'admin', org: 'province_union', regionCode: '510000', displayName: '省总工会 陈处长' },
] as const;

/**
 * The id a demo record has on every machine and at every start: a name-based UUID (RFC 4122 version 5) of its key.
 * Demo records are public by design (the README names them), so an id derived from a key gives nothing away; every
 * other record keeps its random id.
 */
export function demoId(key: string): string {
  const h = createHash('sha1').update(DEMO_NAMESPACE).update(`xieshangtong-demo:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The URL namespace of RFC 4122, as bytes. */
const DEMO_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/**
 * Seeds by stable key, idempotently and safely beside another instance doing the same: each record is inserted with
 * its key's id by an INSERT that ignores a row already there (INSERT IGNORE / INSERT OR IGNORE), and nothing that
 * exists is ever changed, so an organizer's corrections survive every restart. Each statement stands alone (no
 * transaction to deadlock or to hold SQLite's write lock while another instance waits). A database seeded before
 * demo records had stable ids keeps its records: they are found by 统一社会信用代码, by the demo account bound to
 * them, or by name, and nothing is added beside them.
 */
export async function seedDemo(db: DataSource): Promise<void> {
  const orgs = db.getRepository(OrganizationEntity);
  const users = db.getRepository(User);
  const ids: Record<string, string> = {};
  for (const o of DEMO_ORGANIZATIONS) {
    const id = demoId(`organization:${o.key}`);
    const existing = (await orgs.findOneBy({ id })) ?? (await earlierSeed(db, o));
    if (existing) {
      ids[o.key] = existing.id;
      continue;
    }
    const { key: _key, ...fields } = o;
    await orgs
      .createQueryBuilder()
      .insert()
      .values({
        uscc: null,
        industry: null,
        isPlatform: false,
        employees: null,
        isKeyEnterprise: false,
        hasUnion: false,
        unionisedAt: null,
        ...fields,
        id,
      })
      .orIgnore()
      .execute();
    // Ours, or (its 统一社会信用代码 taken meanwhile by a registered enterprise) that one.
    const stored = (await orgs.findOneBy({ id })) ?? (await earlierSeed(db, o));
    if (!stored) throw new Error(`demo seed: organization ${o.key} is neither stored nor found`);
    ids[o.key] = stored.id;
  }
  for (const a of DEMO_ACCOUNTS) {
    await users
      .createQueryBuilder()
      .insert()
      .values({
        id: demoId(`account:${a.openid}`),
        openid: a.openid,
        person: `openid:${a.openid}`,
        role: a.role,
        displayName: a.displayName,
        organizationId: a.org ? ids[a.org] : null,
        regionCode: a.regionCode,
        industry: 'industry' in a ? a.industry : null,
        platform: 'platform' in a ? a.platform : null,
        tokenVersion: 0,
      })
      .orIgnore()
      .execute();
  }
}

/** A demo organization stored by an earlier seed under a random id: by its code, its demo account, or its name. */
async function earlierSeed(db: DataSource, o: (typeof DEMO_ORGANIZATIONS)[number]): Promise<OrganizationEntity | null> {
  const orgs = db.getRepository(OrganizationEntity);
  if ('uscc' in o) return orgs.findOneBy({ uscc: o.uscc });
  const account = DEMO_ACCOUNTS.find((a) => a.org === o.key);
  const bound = account ? await db.getRepository(User).findOneBy({ openid: account.openid }) : null;
  const viaAccount = bound?.organizationId ? await orgs.findOneBy({ id: bound.organizationId, type: o.type }) : null;
  return viaAccount ?? orgs.findOneBy({ name: o.name, regionCode: o.regionCode, type: o.type });
}
