import { FORM_SECTIONS, formTitle, type CreateContractRequest, type Organization } from '@xst/shared-types';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { makeActivity, makeContract, makeEnterprise, setShanghaiTime } from './support/contracts.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const PERIOD = 'from=2024-03-05&to=2024-06-05';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function readSheet(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

/** The row number whose first cell reads `text`. */
function rowOf(ws: ExcelJS.Worksheet, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(`A${r}`).value === text) return r;
  throw new Error(`no row starting with ${text}`);
}

describe('the statistics table and ledger', () => {
  let s: TestServer;
  let organizer: Actor;
  let admin: Actor;
  let nanchong: Actor;
  let platform: Organization;
  let keyA: Organization;
  let _keyB: Organization;
  let small: Organization;
  let union: Organization;

  beforeAll(async () => {
    s = await startServer();
    setShanghaiTime(s, '2024-06-20');
    organizer = await s.login('s-organizer', 'organizer', { regionCode: '510100' });
    admin = await s.login('s-admin', 'admin', { regionCode: '510000' });
    nanchong = await s.login('s-nanchong', 'organizer', { regionCode: '511300' });
    platform = await makeEnterprise(s, organizer, {
      regionCode: '510104',
      isPlatform: true,
      isKeyEnterprise: true,
      name: '成都速达同城配送有限公司',
    });
    keyA = await makeEnterprise(s, organizer, { regionCode: '510107', isKeyEnterprise: true, name: '成都锦城制造有限公司' });
    _keyB = await makeEnterprise(s, organizer, { regionCode: '510107', isKeyEnterprise: true, name: '成都天府物流有限公司' });
    small = await makeEnterprise(s, organizer, { regionCode: '510104', name: '锦江小微企业' });
    union = (await s.api(admin).post('/organizations', { type: 'union', name: '成都市快递外卖行业工会联合会', regionCode: '510100' })).body;

    // Section 二: a "1+3" package of the platform, filed early enough to be in effect by the period's end.
    const pkg = await s.api(organizer).post('/contracts/package', {
      scope: 'new_employment',
      title: '速达配送2024年集体合同',
      regionCode: '510104',
      partyOrganizationIds: [union.id, platform.id],
      signedAt: '2024-03-05',
      effectiveFrom: '2024-03-05',
      expiresAt: '2027-03-04',
      enterprisesCovered: 12,
      workersCovered: 3200,
      filedAt: '2024-03-10',
      items: [{ kind: 'women_workers', workersCovered: 400 }],
    });
    expect(pkg.status).toBe(201);
    // Section 一: keyA signs, but does not file; one contract a day after the period is not counted.
    await makeContract(s, organizer, [keyA.id], {
      regionCode: '510107',
      signedAt: '2024-06-05',
      effectiveFrom: '2024-06-05',
      expiresAt: '2025-06-04',
      workersCovered: 800,
    });
    await makeContract(s, organizer, [keyA.id], {
      kind: 'wage',
      regionCode: '510107',
      signedAt: '2024-06-06',
      effectiveFrom: '2024-06-06',
      expiresAt: '2025-06-05',
      workersCovered: 800,
    });
    // Section 三: a regional contract at city level, expiring within 90 days of today (not renewed).
    await makeContract(s, organizer, [union.id], {
      scope: 'industry_regional',
      title: '成都市快递行业工资专项集体合同',
      kind: 'wage',
      regionCode: '510100',
      signedAt: '2023-09-01',
      effectiveFrom: '2023-09-01',
      expiresAt: '2024-08-31',
      enterprisesCovered: 35,
      workersCovered: 5200,
    });
    await makeContract(s, organizer, [union.id], {
      scope: 'industry_regional',
      title: '成都市快递行业工资专项集体合同（2024）',
      kind: 'wage',
      regionCode: '510100',
      signedAt: '2024-04-01',
      effectiveFrom: '2024-04-01',
      expiresAt: '2026-03-31',
      enterprisesCovered: 40,
      workersCovered: 6000,
    });

    // Section 四.
    await makeActivity(s, organizer, { type: 'guidance_team_formed', regionCode: '510100', occurredAt: '2024-03-05', count: 2 });
    await makeActivity(s, organizer, { type: 'guidance_team_formed', regionCode: '510104', occurredAt: '2024-06-05', count: 1 });
    await makeActivity(s, organizer, { type: 'guidance_team_formed', regionCode: '510104', occurredAt: '2024-06-06', count: 5 }); // after the period
    await makeActivity(s, organizer, {
      type: 'enterprise_guided',
      regionCode: '510104',
      occurredAt: '2024-04-01',
      enterpriseIds: [platform.id, small.id],
    });
    await makeActivity(s, organizer, {
      type: 'enterprise_guided',
      regionCode: '510107',
      occurredAt: '2024-04-02',
      enterpriseIds: [small.id, keyA.id],
    });
    await makeActivity(s, organizer, {
      type: 'representatives_trained',
      regionCode: '510100',
      occurredAt: '2024-05-01',
      count: 120,
      note: '双方协商代表培训班',
    });
    await makeActivity(s, organizer, {
      type: 'quality_evaluated',
      regionCode: '510100',
      occurredAt: '2024-05-20',
      enterpriseIds: [keyA.id],
      newEmploymentEnterpriseIds: [platform.id],
    });
    await makeActivity(s, organizer, {
      type: 'quality_evaluated',
      regionCode: '510107',
      occurredAt: '2024-05-21',
      enterpriseIds: [keyA.id],
    });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('computes section 二 from the new-employment contracts signed in the period, each contract of a package on its own', async () => {
    const res = await s.api(organizer).get(`/statistics/new-employment?regionCode=510100&${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body.regionName).toBe('成都市');
    expect(res.body.figures).toEqual({
      comprehensive: { contracts: 1, enterprisesCovered: 12, workersCovered: 3200 },
      wage: { contracts: 1, enterprisesCovered: 12, workersCovered: 3200 },
      safety_health: { contracts: 1, enterprisesCovered: 12, workersCovered: 3200 },
      women_workers: { contracts: 1, enterprisesCovered: 12, workersCovered: 400 },
    });
  });

  it('computes all five sections, counting each enterprise once in the enterprise cells, against the two targets', async () => {
    const res = await s.api(organizer).get(`/statistics/form?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body.enterprise.comprehensive).toEqual({ contracts: 1, enterprisesCovered: 1, workersCovered: 800 });
    expect(res.body.enterprise.wage.contracts).toBe(0);
    expect(res.body.industry_regional.wage).toEqual({ contracts: 1, enterprisesCovered: 40, workersCovered: 6000 });
    expect(res.body.activities).toEqual({
      guidance_team_formed: 3,
      enterprise_guided: 3,
      typical_case: 0,
      enterprise_researched: 0,
      onsite_event: 0,
      campaign_ceremony: 0,
      proposal_or_leaflet: 0,
      wechat_post_or_video: 0,
      training_session: 0,
      representatives_trained: 120,
      quality_evaluated: 2,
      quality_evaluated_new_employment: 1,
    });
    expect(res.body.keyTasks).toMatchObject({
      keyEnterprises: 3,
      // the platform's filed package, and keyA's contract signed on the period's last day (not filed: signed all the same)
      withOwnContract: 2,
      withOwnContractInEffect: 1,
      qualityEvaluated: 2,
      ownContractTarget: 0.85,
      qualityEvaluationTarget: 0.65,
    });
    expect(res.body.keyTasks.ownContractRate).toBeCloseTo(2 / 3);
    expect(res.body.keyTasks.qualityEvaluatedRate).toBeCloseTo(2 / 3);
  });

  it('splits a city by county for the dashboard, rows and total agreeing', async () => {
    const res = await s.api(admin).get(`/statistics/form?regionCode=510100&${PERIOD}&groupBy=county`);
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.rows.map((r: { regionCode: string }) => [r.regionCode, r]));
    expect(byCode['510104'].new_employment.comprehensive.contracts).toBe(1);
    expect(byCode['510107'].enterprise.comprehensive.contracts).toBe(1);
    expect(byCode['510100'].regionName).toBe('成都市本级');
    expect(byCode['510100'].industry_regional.wage.contracts).toBe(1);
    expect(byCode['510107'].keyTasks.keyEnterprises).toBe(2);
    expect(byCode['510108'].enterprise.comprehensive.contracts).toBe(0);
    expect((await s.api(admin).get(`/statistics/form?regionCode=510100&${PERIOD}&groupBy=city`)).status).toBe(400);
  });

  it('gives nobody figures for a region outside their own', async () => {
    for (const path of ['/statistics/new-employment', '/statistics/form', '/statistics/form.xlsx', '/statistics/new-employment.csv']) {
      expect((await s.api(organizer).get(`${path}?regionCode=510000&${PERIOD}`)).status).toBe(403);
      expect((await s.api(nanchong).get(`${path}?regionCode=510100&${PERIOD}`)).status).toBe(403);
      expect((await s.api(admin).get(`${path}?regionCode=440000&${PERIOD}`)).status).toBe(403);
    }
    expect((await s.api(nanchong).get(`/statistics/ledger.xlsx?regionCode=510100`)).status).toBe(403);
    const rep = await s.login('s-platform-rep', 'enterprise', { organizationId: platform.id });
    expect((await s.api(rep).get(`/statistics/form?${PERIOD}`)).status).toBe(403);
    const worker = await s.worker('s-worker');
    expect((await s.api(worker).get(`/statistics/new-employment?${PERIOD}`)).status).toBe(403);
    const nc = await s.api(nanchong).get(`/statistics/new-employment?${PERIOD}`);
    expect(nc.body.figures.comprehensive.contracts).toBe(0);
    expect((await s.api(admin).get('/statistics/form?from=2024-06-05&to=2024-03-05')).body.fields[0].field).toBe('to');
  });

  it('refuses activities that do not fit their cell, naming the field, and writes nothing', async () => {
    const before = await s.rowCounts();
    const cases: [object, string][] = [
      [{ type: 'enterprise_guided', regionCode: '510104', occurredAt: '2024-04-01', count: 3 }, 'enterpriseIds'],
      [{ type: 'typical_case', regionCode: '510104', occurredAt: '2024-04-01', count: 1, enterpriseIds: [small.id] }, 'enterpriseIds'],
      [{ type: 'typical_case', regionCode: '510104', occurredAt: '2024-04-01' }, 'count'],
      [{ type: 'typical_case', regionCode: '510104', occurredAt: '2024-06-21', count: 1 }, 'occurredAt'],
      [{ type: 'typical_case', regionCode: '511302', occurredAt: '2024-04-01', count: 1 }, 'regionCode'],
      [{ type: 'enterprise_guided', regionCode: '510104', occurredAt: '2024-04-01', enterpriseIds: [union.id] }, 'enterpriseIds'],
      [
        {
          type: 'enterprise_guided',
          regionCode: '510104',
          occurredAt: '2024-04-01',
          enterpriseIds: [small.id],
          newEmploymentEnterpriseIds: [platform.id],
        },
        'newEmploymentEnterpriseIds',
      ],
      [{ type: 'party', regionCode: '510104', occurredAt: '2024-04-01', count: 1 }, 'type'],
    ];
    for (const [body, field] of cases) {
      const res = await s.api(organizer).post('/activities', body);
      expect({ body, status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ body, status: 400, field });
    }
    expect(await s.rowCounts()).toEqual(before);
  });

  it('exports the whole table as xlsx in the layout of 附件1, every number in a numeric cell', async () => {
    const res = await s.api(organizer).get(`/statistics/form.xlsx?${PERIOD}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const ws = await readSheet(res.body);
    expect(ws.getCell('A1').value).toBe(formTitle(2024));
    expect(ws.getCell('A1').value).toBe('2024年全省集体协商“集中要约季”活动情况统计表');
    expect(String(ws.getCell('A2').value)).toBe('填报市（州）、省产业（局）、企业集团（公司）：成都市总工会（演示）');
    expect(String(ws.getCell('A3').value)).toBe('填报日期：2024年6月20日');
    const merges: string[] = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toContain('A1:L1');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 1, paperSize: 9 });
    for (let c = 1; c <= 12; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(15);

    const form = (await s.api(organizer).get(`/statistics/form?${PERIOD}`)).body;
    for (const section of FORM_SECTIONS) {
      const top = rowOf(ws, section.title);
      expect(merges).toContain(`A${top}:L${top}`);
      let r = top + 1;
      const spans = (cells: { span: number }[], row: number) => {
        let c = 0;
        const out: string[] = [];
        for (const cell of cells) {
          if (cell.span > 1) out.push(`${String.fromCharCode(65 + c)}${row}:${String.fromCharCode(65 + c + cell.span - 1)}${row}`);
          c += cell.span;
        }
        return out;
      };
      const starts = (cells: { span: number }[]) => cells.map((_, i) => cells.slice(0, i).reduce((n, x) => n + x.span, 0));
      if (section.groups) {
        for (const [i, c] of starts(section.groups).entries()) expect(ws.getCell(r, c + 1).value).toBe(section.groups![i].label);
        for (const m of spans(section.groups, r)) expect(merges).toContain(m);
        r++;
      }
      for (const [i, c] of starts(section.cells).entries()) expect(ws.getCell(r, c + 1).value).toBe(section.cells[i].label);
      for (const m of spans(section.cells, r)) expect(merges).toContain(m);
      r++;
      starts(section.cells).forEach((c, i) => {
        const src = section.cells[i].source;
        const want =
          src.section === 'activities'
            ? form.activities[src.cell]
            : src.section === 'keyTasks'
              ? form.keyTasks[src.figure]
              : form[src.section][src.kind][src.figure];
        expect({ cell: section.cells[i].label, value: ws.getCell(r, c + 1).value }).toEqual({ cell: section.cells[i].label, value: want });
        expect(typeof ws.getCell(r, c + 1).value).toBe('number');
      });
    }
    expect(ws.getCell(rowOf(ws, '二、新就业形态劳动者集体协商') + 3, 12).value).toBe(400);
    expect(ws.getCell(rowOf(ws, '四、推进集体协商“集中要约季”活动有关工作开展情况') + 3, 2).value).toBe(3);
  });

  it('exports section 二 alone as xlsx and both tables as csv', async () => {
    const x = await s.api(admin).get(`/statistics/new-employment.xlsx?regionCode=510100&${PERIOD}`).buffer(true).parse(binary);
    const ws = await readSheet(x.body);
    const top = rowOf(ws, '二、新就业形态劳动者集体协商');
    expect(ws.getCell(top + 1, 4).value).toBe('签订工资专项集体合同总数（份）');
    expect([1, 2, 3, 4, 5, 6].map((c) => ws.getCell(top + 3, c).value)).toEqual([1, 12, 3200, 1, 12, 3200]);
    expect(String(ws.getCell('A2').value)).toContain('成都市');
    expect(() => rowOf(ws, '一、企业集体协商')).toThrow();

    const csv = await s.api(admin).get(`/statistics/new-employment.csv?regionCode=510100&${PERIOD}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines).toContain('二、新就业形态劳动者集体协商,,,,,,,,,,,');
    expect(lines).toContain('1,12,3200,1,12,3200,1,12,3200,1,12,400');
    const whole = await s.api(organizer).get(`/statistics/form.csv?${PERIOD}`);
    expect(whole.text).toContain('（一）指导服务,,,（二）工作推进,,,（三）宣传发动,,（四）履职培训,,（五）质效评估,');
    expect(whole.text).toContain('3,3,0,0,0,0,0,0,0,120,2,1');
  });

  it('exports the ledger with one row per enterprise and the campaign flags', async () => {
    const res = await s.api(organizer).get('/statistics/ledger.xlsx').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const ws = await readSheet(res.body);
    const headers = (ws.getRow(4).values as unknown[]).slice(1);
    expect(headers).toEqual(
      expect.arrayContaining([
        '统一社会信用代码',
        '新就业形态企业',
        '已建工会',
        '重点企业',
        '综合集体合同',
        '已开展质效评估',
        '未开展集体协商',
        '90日内即将到期',
        '到期未续签',
      ]),
    );
    const col = (h: string) => headers.indexOf(h) + 1;
    const row = (name: string) => {
      for (let r = 5; r <= ws.rowCount; r++) if (ws.getCell(r, 3).value === name) return r;
      throw new Error(name);
    };
    const p = row(platform.name);
    expect(ws.getCell(p, col('统一社会信用代码')).value).toBe(platform.uscc);
    expect(ws.getCell(p, col('综合集体合同')).value).toBe('2024-03-05 签订\n2027-03-04 到期');
    expect(ws.getCell(p, col('新就业形态企业')).value).toBe('是');
    expect(ws.getCell(p, col('已开展质效评估')).value).toBe('是');
    expect(ws.getCell(p, col('未开展集体协商')).value).toBe('否');
    expect(ws.getCell(row(small.name), col('未开展集体协商')).value).toBe('是');
    expect(ws.getCell(row(keyA.name), col('工资专项集体合同')).value).toBe('2024-06-06 签订\n2025-06-05 到期');
    const industry = row('成都市快递行业工资专项集体合同');
    expect(ws.getCell(industry, col('90日内即将到期')).value).toBe('是');
    expect(ws.getCell(industry, col('行业')).value).toBe('行业、区域');
  });
});

describe('section 五 counts key enterprises with a signed contract of their own valid at the period end', () => {
  let s: TestServer;
  let org: Actor;

  beforeAll(async () => {
    s = await startServer();
    setShanghaiTime(s, '2024-06-20');
    org = await s.login('k-organizer', 'organizer', { regionCode: '510700' });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('reads 8 key enterprises, 7 with their own signed contract in force on 2024-06-05, as 7 and 87.5%', async () => {
    const key = [];
    for (let i = 1; i <= 8; i++)
      key.push(await makeEnterprise(s, org, { regionCode: '510703', isKeyEnterprise: true, name: `绵阳重点企业${i}` }));
    const admin = await s.login('k-admin', 'admin', { regionCode: '510000' });
    const union = (await s.api(admin).post('/organizations', { type: 'union', name: '绵阳市涪城区总工会', regionCode: '510703' })).body;
    const c = (party: Organization, o: Partial<CreateContractRequest>) =>
      makeContract(s, org, [union.id, party.id], { regionCode: '510703', ...o });
    // Filed and in effect on the period's end.
    await c(key[0], { signedAt: '2024-03-10', effectiveFrom: '2024-03-10', expiresAt: '2027-03-09', filedAt: '2024-03-15' });
    await c(key[1], { signedAt: '2024-02-01', effectiveFrom: '2024-02-01', expiresAt: '2025-01-31', filedAt: '2024-02-05' });
    // Signed and never filed: signed all the same.
    await c(key[2], { signedAt: '2024-04-01', effectiveFrom: '2024-04-01', expiresAt: '2026-03-31' });
    await c(key[3], { signedAt: '2022-07-01', effectiveFrom: '2022-07-01', expiresAt: '2025-06-30' });
    // Filed, the 15-day review still running on 2024-06-05.
    await c(key[4], { signedAt: '2024-05-20', effectiveFrom: '2024-05-20', expiresAt: '2025-05-19', filedAt: '2024-05-30' });
    // A new-employment contract signed on the period's last day.
    await c(key[5], { scope: 'new_employment', signedAt: '2024-06-05', effectiveFrom: '2024-06-05', expiresAt: '2025-06-04' });
    // Filed, objected to, filed again before the period's end.
    const back = await c(key[6], { signedAt: '2024-03-01', effectiveFrom: '2024-03-01', expiresAt: '2025-02-28', filedAt: '2024-03-05' });
    expect(
      (await s.api(org).post(`/contracts/${back.id}/objection`, { receivedAt: '2024-03-15', points: '工资条款须重新协商' })).status,
    ).toBe(200);
    expect((await s.api(org).patch(`/contracts/${back.id}`, { filedAt: '2024-04-01' })).status).toBe(200);
    // The eighth: an expired contract, one sent back by an objection, one signed after the period, and a regional one.
    await c(key[7], { signedAt: '2021-06-01', effectiveFrom: '2021-06-01', expiresAt: '2024-05-31' });
    const objected = await c(key[7], {
      kind: 'wage',
      signedAt: '2024-03-01',
      effectiveFrom: '2024-03-01',
      expiresAt: '2025-02-28',
      filedAt: '2024-03-05',
    });
    expect(
      (await s.api(org).post(`/contracts/${objected.id}/objection`, { receivedAt: '2024-03-15', points: '工资标准低于最低工资' })).status,
    ).toBe(200);
    await c(key[7], { kind: 'safety_health', signedAt: '2024-06-06', effectiveFrom: '2024-06-06', expiresAt: '2025-06-05' });
    await c(key[7], {
      scope: 'industry_regional',
      title: '涪城区餐饮行业集体合同',
      signedAt: '2024-03-01',
      effectiveFrom: '2024-03-01',
      expiresAt: '2025-02-28',
    });

    const res = await s.api(org).get('/statistics/form?from=2024-03-05&to=2024-06-05');
    expect(res.status).toBe(200);
    expect(res.body.keyTasks).toMatchObject({ keyEnterprises: 8, withOwnContract: 7, withOwnContractInEffect: 3, ownContractRate: 0.875 });

    const csv = await s.api(org).get('/statistics/form.csv?from=2024-03-05&to=2024-06-05');
    expect(csv.text).toContain('重点企业单独签订集体合同比例 87.5%（目标 ≥ 85%）');
    expect(csv.text).toContain('其中已生效（报送审查满 15 日无异议）3 家');
  });
});
