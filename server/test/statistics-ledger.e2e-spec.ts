import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { makeContract, makeEnterprise, randomUscc, setShanghaiTime } from './support/contracts.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** More enterprises than the ledger reads in one page (1,000), so its rows come from several pages. */
const SEEDED = 1050;
const seededName = (i: number) => `南充台账企业${String(i).padStart(4, '0')}号`;
const seededRegion = (i: number) => (i % 3 === 0 ? '511302' : '511303');

describe('the ledger of a city with more enterprises than one page', () => {
  let s: TestServer;
  let nanchong: Actor;
  let ws: ExcelJS.Worksheet;
  let headers: unknown[];
  const col = (h: string) => headers.indexOf(h) + 1;
  const row = (name: string) => {
    for (let r = 5; r <= ws.rowCount; r++) if (ws.getCell(r, 3).value === name) return r;
    throw new Error(name);
  };

  beforeAll(async () => {
    s = await startServer();
    setShanghaiTime(s, '2024-06-20');
    nanchong = await s.login('l-nanchong', 'organizer', { regionCode: '511300' });
    // The registry straight through the database: the ledger only reads it.
    const values = Array.from({ length: SEEDED }, (_, i) => [
      randomUUID(),
      'enterprise',
      seededName(i),
      seededRegion(i),
      randomUscc(seededRegion(i)),
      'rider',
      0,
      100 + i,
      i % 10 === 0 ? 1 : 0,
      1,
    ]);
    for (let i = 0; i < values.length; i += 100) {
      const batch = values.slice(i, i + 100);
      await s.db.query(
        `INSERT INTO organizations (id, type, name, regionCode, uscc, industry, isPlatform, employees, isKeyEnterprise, hasUnion) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        batch.flat(),
      );
    }
    const expiring = await makeEnterprise(s, nanchong, { regionCode: '511302', name: '南充即将到期企业' });
    const expired = await makeEnterprise(s, nanchong, { regionCode: '511302', name: '南充到期未续签企业' });
    const admin = await s.login('l-admin', 'admin', { regionCode: '510000' });
    const union = (await s.api(admin).post('/organizations', { type: 'union', name: '南充市物流行业工会联合会', regionCode: '511300' }))
      .body;
    await makeContract(s, nanchong, [expiring.id], {
      regionCode: '511302',
      signedAt: '2022-08-01',
      effectiveFrom: '2022-08-01',
      expiresAt: '2024-07-31',
    });
    await makeContract(s, nanchong, [expired.id], {
      kind: 'wage',
      regionCode: '511302',
      signedAt: '2021-06-01',
      effectiveFrom: '2021-06-01',
      expiresAt: '2024-05-31',
    });
    // Two regional contracts: the later-signed one is listed after the first.
    await makeContract(s, nanchong, [union.id], {
      scope: 'industry_regional',
      title: '南充市物流行业工资专项集体合同',
      kind: 'wage',
      regionCode: '511300',
      signedAt: '2024-02-01',
      effectiveFrom: '2024-02-01',
      expiresAt: '2027-01-31',
      enterprisesCovered: 20,
      workersCovered: 900,
    });
    await makeContract(s, nanchong, [union.id], {
      scope: 'industry_regional',
      title: '南充市快递行业集体合同',
      regionCode: '511300',
      signedAt: '2023-01-01',
      effectiveFrom: '2023-01-01',
      expiresAt: '2024-06-01',
      enterprisesCovered: 15,
      workersCovered: 700,
    });

    const res = await s.api(nanchong).get('/statistics/ledger.xlsx').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    ws = wb.worksheets[0];
    headers = (ws.getRow(4).values as unknown[]).slice(1);
  });
  afterAll(async () => {
    await s.stop();
  });

  it('keeps the title rows, the merged header cells and the frozen header of the ledger', () => {
    expect(ws.name).toBe('工作台账明细表');
    expect(ws.getCell('A1').value).toBe('2024年全省集体协商集中要约活动工作台账明细表');
    expect(String(ws.getCell('A2').value)).toContain('南充');
    expect(ws.getCell('A3').value).toBe('填报日期：2024年6月20日');
    const last = String.fromCharCode(64 + headers.length);
    const merges: string[] = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining([`A1:${last}1`, `A2:${last}2`, `A3:${last}3`]));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, xSplit: 3 });
    expect(ws.getColumn(col('企业（行业）名称')).width).toBe(10.5);
  });

  it('lists every enterprise of the city once, by county and name, across pages, then the regional contracts, numbered throughout', () => {
    // 1,050 seeded + 2 enterprises with contracts + 2 regional contracts, under the 4 heading rows.
    expect(ws.rowCount).toBe(4 + SEEDED + 2 + 2);
    const names = Array.from({ length: ws.rowCount - 4 }, (_, i) => ws.getCell(i + 5, 3).value);
    expect(new Set(names).size).toBe(names.length);
    const seeded = Array.from({ length: SEEDED }, (_, i) => i);
    const byCounty = (code: string) => seeded.filter((i) => seededRegion(i) === code).map(seededName);
    const expected = [
      '南充到期未续签企业',
      '南充即将到期企业',
      ...byCounty('511302'),
      ...byCounty('511303'),
      '南充市快递行业集体合同',
      '南充市物流行业工资专项集体合同',
    ];
    expect(names.slice(0, 2).sort()).toEqual(expected.slice(0, 2).sort()); // the two of 511302 not seeded: order by name per collation
    expect(names.slice(2)).toEqual(expected.slice(2));
    for (let r = 5; r <= ws.rowCount; r++) expect(ws.getCell(r, 1).value).toBe(r - 4);
  });

  it('flags each enterprise: key enterprise, employees, no negotiation, expiring and expired contracts', () => {
    const key = row(seededName(1020)); // the 1,020th lies on the second page
    expect(ws.getCell(key, col('重点企业')).value).toBe('是');
    expect(ws.getCell(key, col('职工人数')).value).toBe(1120);
    expect(ws.getCell(key, col('地区')).value).toBe('南充市 顺庆区');
    expect(ws.getCell(key, col('未开展集体协商')).value).toBe('是');
    expect(ws.getCell(row(seededName(7)), col('重点企业')).value).toBe('否');
    const expiring = row('南充即将到期企业');
    expect(ws.getCell(expiring, col('综合集体合同')).value).toBe('2022-08-01 签订\n2024-07-31 到期');
    expect(ws.getCell(expiring, col('90日内即将到期')).value).toBe('是');
    expect(ws.getCell(expiring, col('到期未续签')).value).toBe('否');
    expect(ws.getCell(expiring, col('未开展集体协商')).value).toBe('否');
    const expired = row('南充到期未续签企业');
    expect(ws.getCell(expired, col('到期未续签')).value).toBe('是');
    expect(ws.getCell(expired, col('90日内即将到期')).value).toBe('否');
    const regional = row('南充市快递行业集体合同');
    expect(ws.getCell(regional, col('行业')).value).toBe('行业、区域');
    expect(ws.getCell(regional, col('到期未续签')).value).toBe('是');
    expect(ws.getCell(regional, col('职工人数')).value).toBeNull();
  });

  it('answers a refused or invalid request with a JSON error before any file is sent', async () => {
    const other = await s.api(nanchong).get('/statistics/ledger.xlsx?regionCode=510100');
    expect(other.status).toBe(403);
    expect(other.headers['content-type']).toContain('application/json');
    const bad = await s.api(nanchong).get('/statistics/ledger.xlsx?regionCode=5113');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('regionCode');
  });
});
