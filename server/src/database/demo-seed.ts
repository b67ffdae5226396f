// Demo data for `npm start`: a union at province and city level, a platform enterprise, an industry association,
// and one account of each role reachable through dev sign-in. Idempotent: running it again changes nothing.
import { DataSource } from 'typeorm';
import { newId } from '../common/ids.js';
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

export async function seedDemo(db: DataSource): Promise<void> {
  await db.transaction(async (em) => {
    const ids: Record<string, string> = {};
    for (const o of DEMO_ORGANIZATIONS) {
      const found = await em.findOneBy(OrganizationEntity, { name: o.name });
      if (found) {
        ids[o.key] = found.id;
        continue;
      }
      const row = em.create(OrganizationEntity, {
        id: newId(),
        uscc: null,
        industry: null,
        isPlatform: false,
        employees: null,
        isKeyEnterprise: false,
        hasUnion: false,
        unionisedAt: null,
        ...o,
      });
      await em.insert(OrganizationEntity, row);
      ids[o.key] = row.id;
    }
    for (const a of DEMO_ACCOUNTS) {
      if (await em.findOneBy(User, { openid: a.openid })) continue;
      await em.insert(User, {
        id: newId(),
        openid: a.openid,
        role: a.role,
        displayName: a.displayName,
        organizationId: a.org ? ids[a.org] : null,
        regionCode: a.regionCode,
        industry: 'industry' in a ? a.industry : null,
        platform: 'platform' in a ? a.platform : null,
        tokenVersion: 0,
      });
    }
  });
}
