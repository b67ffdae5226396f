// Property test: random contracts across scopes, kinds, regions and dates (period boundaries included) are recorded
// through the API; the API's figures must equal an independent count over the same records.
import { CONTRACT_KINDS, CONTRACT_SCOPES, type ContractKind, type ContractScope, type SectionFigures } from '@xst/shared-types';
import { makeEnterprise, setShanghaiTime } from './support/contracts.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

/** mulberry32: a small seeded generator, so a failure can be replayed with STATS_SEED. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Recorded {
  scope: ContractScope;
  kind: ContractKind;
  regionCode: string;
  signedAt: string;
  enterprisesCovered: number;
  workersCovered: number;
}

const SICHUAN = ['510000', '510100', '510104', '510107', '510700', '510703', '511300', '511302', '511304', '513401'];
const GUANGDONG = ['440000', '440100', '440104', '440106'];
const BOUNDARIES = ['2024-03-04', '2024-03-05', '2024-06-05', '2024-06-06', '2024-01-01', '2024-12-31'];

/** The independent reading of "in the region or below": same province, then same city, then same county. */
function inRegion(code: string, region: string): boolean {
  if (region.endsWith('0000')) return code.slice(0, 2) === region.slice(0, 2);
  if (region.endsWith('00')) return code.slice(0, 4) === region.slice(0, 4);
  return code === region;
}

function expected(records: Recorded[], scope: ContractScope, region: string, from: string, to: string): SectionFigures {
  const out = {} as SectionFigures;
  for (const kind of CONTRACT_KINDS) {
    const hit = records.filter(
      (r) => r.scope === scope && r.kind === kind && inRegion(r.regionCode, region) && r.signedAt >= from && r.signedAt <= to,
    );
    out[kind] = {
      contracts: hit.length,
      enterprisesCovered: hit.reduce((n, r) => n + r.enterprisesCovered, 0),
      workersCovered: hit.reduce((n, r) => n + r.workersCovered, 0),
    };
  }
  return out;
}

describe('statistics equal an independent count of the recorded contracts', () => {
  let s: TestServer;
  const records: Recorded[] = [];
  const seed = Number(process.env.STATS_SEED ?? Date.now() % 100000);
  let sichuan: Actor;
  let guangdong: Actor;

  beforeAll(async () => {
    s = await startServer();
    setShanghaiTime(s, '2025-01-10');
    sichuan = await s.login('p-admin-sc', 'admin', { regionCode: '510000' });
    guangdong = await s.login('p-admin-gd', 'admin', { regionCode: '440000' });
    const parties = new Map<string, string>();
    for (const code of [...SICHUAN, ...GUANGDONG]) {
      const admin = code.startsWith('51') ? sichuan : guangdong;
      parties.set(code, (await makeEnterprise(s, admin, { regionCode: code, isPlatform: true })).id);
    }
    const rnd = prng(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    for (let i = 0; i < 140; i++) {
      const regionCode = rnd() < 0.75 ? pick(SICHUAN) : pick(GUANGDONG);
      const signedAt =
        rnd() < 0.35 ? pick(BOUNDARIES) : new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 366) * 86400000).toISOString().slice(0, 10);
      const years = 1 + Math.floor(rnd() * 3);
      const [y, m, d] = signedAt.split('-').map(Number);
      const expires = new Date(Date.UTC(y + years, m - 1, d) - 86400000).toISOString().slice(0, 10);
      const r: Recorded = {
        scope: pick(CONTRACT_SCOPES),
        kind: pick(CONTRACT_KINDS),
        regionCode,
        signedAt,
        enterprisesCovered: 1 + Math.floor(rnd() * 40),
        workersCovered: 1 + Math.floor(rnd() * 5000),
      };
      const res = await s.api(regionCode.startsWith('51') ? sichuan : guangdong).post('/contracts', {
        ...r,
        title: `随机合同${i}`,
        partyOrganizationIds: [parties.get(regionCode)],
        effectiveFrom: signedAt,
        expiresAt: expires,
      });
      if (res.status !== 201) throw new Error(`seed ${seed}: ${JSON.stringify(res.body)}`);
      records.push(r);
    }
  });
  afterAll(async () => {
    await s.stop();
  });

  const periods: [string, string][] = [
    ['2024-03-05', '2024-06-05'],
    ['2024-03-04', '2024-03-04'],
    ['2024-06-05', '2024-06-06'],
    ['2024-03-06', '2024-06-04'],
    ['2024-01-01', '2024-12-31'],
  ];

  it('gives section 二 for every region and period, boundaries included', async () => {
    for (const region of ['510000', '510100', '510104', '511300', '511302', '513401']) {
      for (const [from, to] of periods) {
        const res = await s.api(sichuan).get(`/statistics/new-employment?regionCode=${region}&from=${from}&to=${to}`);
        expect({ seed, region, from, to, figures: res.body.figures }).toEqual({
          seed,
          region,
          from,
          to,
          figures: expected(records, 'new_employment', region, from, to),
        });
      }
    }
  });

  it('gives sections 一 to 三 of the whole table, and never counts another province', async () => {
    for (const [admin, region] of [
      [sichuan, '510000'],
      [sichuan, '510700'],
      [guangdong, '440000'],
      [guangdong, '440100'],
    ] as const) {
      for (const [from, to] of periods) {
        const res = await s.api(admin).get(`/statistics/form?regionCode=${region}&from=${from}&to=${to}`);
        expect(res.status).toBe(200);
        for (const scope of CONTRACT_SCOPES) {
          expect({ seed, region, from, to, scope, figures: res.body[scope] }).toEqual({
            seed,
            region,
            from,
            to,
            scope,
            figures: expected(records, scope, region, from, to),
          });
        }
      }
    }
  });

  it('splits the province by city, each row and the total matching the records', async () => {
    const [from, to] = periods[0];
    const res = await s.api(sichuan).get(`/statistics/form?regionCode=510000&from=${from}&to=${to}&groupBy=city`);
    expect(res.status).toBe(200);
    const rows: { regionCode: string; regionName: string; new_employment: SectionFigures; enterprise: SectionFigures }[] = res.body.rows;
    expect(rows.filter((r) => !r.regionName.endsWith('本级'))).toHaveLength(21);
    for (const row of rows) {
      const own = row.regionName.endsWith('本级');
      const mine = records.filter((r) =>
        own ? r.regionCode === '510000' : r.regionCode !== '510000' && inRegion(r.regionCode, row.regionCode),
      );
      expect({ seed, row: row.regionCode, figures: row.new_employment }).toEqual({
        seed,
        row: row.regionCode,
        figures: expected(mine, 'new_employment', '510000', from, to),
      });
      expect(row.enterprise).toEqual(expected(mine, 'enterprise', '510000', from, to));
    }
    expect(res.body.new_employment).toEqual(expected(records, 'new_employment', '510000', from, to));
  });
});
