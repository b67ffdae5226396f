// What a consultation tells: counts, shares, Borda points, breakdowns without small groups, participation, the
// roll and the export files — and never who chose what. Results are published in steps (results-publication.ts,
// attacked in results-publication.e2e-spec.ts); here with the lowest step, 3, and read once the consultation closed.
import type { Consultation, PublishedResults, ResultGroup } from '@xst/shared-types';
import ExcelJS from 'exceljs';
import { createHmac } from 'node:crypto';
import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { isA4, overlaps, print } from './support/render.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const DAY = 86400_000;
const BALLOT_SECRET = 'test-ballot-secret-that-is-long-enough-012345';

describe('consultation results', () => {
  let s: TestServer;
  let organizer: Actor;
  let provinceAdmin: Actor;
  let otherCityOrganizer: Actor;
  const workers: Actor[] = [];
  const bodies: string[] = [];

  /** Every response body seen, to prove none of them names a voter. */
  const seen = <T extends { body: unknown; text?: string }>(res: T): T => {
    bodies.push(typeof res.body === 'object' && res.body && !Buffer.isBuffer(res.body) ? JSON.stringify(res.body) : String(res.text ?? ''));
    return res;
  };

  beforeAll(async () => {
    s = await startServer({ RESULTS_STEP: '3' });
    organizer = await s.login('res-org', 'organizer', { regionCode: '510000' });
    provinceAdmin = await s.login('res-admin', 'admin', { regionCode: '510000' });
    otherCityOrganizer = await s.login('res-org-zg', 'organizer', { regionCode: '510300' });
    // 成都 riders ×6, 成都 couriers ×3, 自贡 riders ×2, 绵阳 riders ×5
    const plan: [string, string, number][] = [
      ['510104', 'rider', 6],
      ['510105', 'courier', 3],
      ['510302', 'rider', 2],
      ['510703', 'rider', 5],
    ];
    for (const [region, industry, n] of plan) {
      for (let i = 0; i < n; i++) workers.push(await s.worker(`res-${region}-${industry}-${i}`, region, industry));
    }
  });
  afterAll(async () => {
    s.clock.setOffset(0);
    await s.stop();
  });
  afterEach(() => s.clock.setOffset(0));

  /** Closes a consultation now and reads its final results. */
  const finalResults = async (c: Consultation) => {
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const res = seen(await s.api(organizer).get(`/consultations/${c.id}/results`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ published: true, publication: { step: 3, final: true, untilNext: null } });
    return res.body as PublishedResults;
  };

  it('counts votes and shares per topic in multiple mode', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510000', industries: ['rider', 'courier'], maxChoices: 2 });
    const [a, b, d] = topicIds(c);
    const picks = [[a, b], [a], [a, d], [b]];
    for (let i = 0; i < picks.length; i++) expect(seen(await vote(s, workers[i], c, picks[i])).status).toBe(200);
    const r = await finalResults(c);
    expect(r.ballots).toBe(4);
    expect(r.topics.map((t) => [t.votes, t.share])).toEqual([
      [3, 0.75],
      [2, 0.5],
      [1, 0.25],
      [0, 0],
    ]);
    expect(r.topics[0]).not.toHaveProperty('points');
    expect(r.order).toBeUndefined();
  });

  it('gives Borda points in ranking mode and orders the topics by them', async () => {
    const c = await makeConsultation(s, organizer, {
      regionCode: '510000',
      industries: ['rider', 'courier'],
      mode: 'ranking',
      maxChoices: 4,
    });
    const [a, b, d, e] = topicIds(c);
    // 4 topics: first place 4 points, second 3, third 2, fourth 1; unranked 0.
    await vote(s, workers[0], c, [b, a, d, e]);
    await vote(s, workers[1], c, [b, d]);
    await vote(s, workers[2], c, [a]);
    const r = await finalResults(c);
    expect(r.topics.map((t) => [t.votes, t.points])).toEqual([
      [2, 7],
      [2, 8],
      [2, 5],
      [1, 1],
    ]);
    expect(r.order).toEqual([b, a, d, e]);
  });

  it('shows a breakdown group only from five ballots on, merging smaller ones into 其他 so none can be subtracted out', async () => {
    const c = await makeConsultation(s, organizer, {
      regionCode: '510000',
      industries: ['rider', 'courier'],
      maxChoices: 1,
      mode: 'single',
    });
    const [a, b] = topicIds(c);
    for (const [i, w] of workers.entries()) expect((await vote(s, w, c, [i % 2 ? b : a])).status).toBe(200);
    const r = await finalResults(c);
    expect(r.ballots).toBe(16);
    const brief = (groups: ResultGroup[]) => groups.map((g) => [g.label, g.ballots]);
    // riders 13, couriers 3 → couriers merge into 其他; 其他 (3) would be readable as total − riders, so the riders
    // join it too: everything is 其他.
    expect(brief(r.breakdowns.industry)).toEqual([['其他', 16]]);
    // 成都 9, 绵阳 5, 自贡 2 → 自贡 merges; 其他 (2) then takes 绵阳 in: 成都 9 and 其他 7.
    expect(brief(r.breakdowns.city)).toEqual([
      ['成都市', 9],
      ['其他', 7],
    ]);
    const chengdu = r.breakdowns.city[0];
    expect(chengdu.topics.reduce((n, t) => n + t.votes, 0)).toBe(9);
  });

  it('shows results to workers per the consultation’s rule, and to organizers of the region by the same rule', async () => {
    const afterVote = await makeConsultation(s, organizer, { regionCode: '510100', resultsVisibility: 'after_vote' });
    const afterClose = await makeConsultation(s, organizer, { regionCode: '510100', resultsVisibility: 'after_close' });
    const [w] = workers;
    const before = seen(await s.api(w).get(`/consultations/${afterVote.id}/results`));
    expect([before.status, before.body.code]).toEqual([403, 'results_after_vote']);
    expect((await s.api(w).get(`/consultations/${afterVote.id}`)).body.canSeeResults).toBe(false);
    await vote(s, w, afterVote, [topicIds(afterVote)[0]]);
    expect(seen(await s.api(w).get(`/consultations/${afterVote.id}/results`)).status).toBe(200);
    expect((await s.api(w).get(`/consultations/${afterVote.id}`)).body.canSeeResults).toBe(true);

    await vote(s, w, afterClose, [topicIds(afterClose)[0]]);
    const closedOnly = await s.api(w).get(`/consultations/${afterClose.id}/results`);
    expect([closedOnly.status, closedOnly.body.code]).toEqual([403, 'results_after_close']);
    // after_close holds for staff too: until close organizers and admins of the region are refused, by name
    for (const staff of [organizer, provinceAdmin]) {
      const hidden = await s.api(staff).get(`/consultations/${afterClose.id}/results`);
      expect([hidden.status, hidden.body.code]).toEqual([403, 'results_after_close']);
      expect((await s.api(staff).get(`/consultations/${afterClose.id}`)).body).toMatchObject({ canSeeResults: false, ballots: null });
    }
    expect((await s.api(organizer).get(`/consultations/${afterVote.id}/results`)).status).toBe(200);
    expect((await s.api(otherCityOrganizer).get(`/consultations/${afterClose.id}/results`)).status).toBe(404);
    // a rider of 自贡 is outside this 成都 consultation
    expect((await s.api(workers[9]).get(`/consultations/${afterClose.id}/results`)).status).toBe(404);
    s.clock.setOffset(30 * DAY);
    expect(seen(await s.api(w).get(`/consultations/${afterClose.id}/results`)).status).toBe(200);
    expect(seen(await s.api(organizer).get(`/consultations/${afterClose.id}/results`)).status).toBe(200);
    expect((await s.api(provinceAdmin).get(`/consultations/${afterClose.id}`)).body.canSeeResults).toBe(true);
  });

  it('gives organizers the suggestions as text only', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510000', industries: ['rider', 'courier'] });
    await vote(s, workers[0], c, [topicIds(c)[0]], '  高温天气希望加补贴  ');
    await vote(s, workers[1], c, [topicIds(c)[1]], '派单规则要公开');
    await vote(s, workers[2], c, [topicIds(c)[1]]);
    const r = await finalResults(c);
    expect(r.suggestions).toEqual(['派单规则要公开', '高温天气希望加补贴'].sort());
  });

  it('reports participation against the workers registered in scope', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510100', industries: ['rider'] });
    // in scope: the six 成都 riders (the couriers, 自贡 and 绵阳 riders are not)
    await vote(s, workers[0], c, [topicIds(c)[0]]);
    await vote(s, workers[1], c, [topicIds(c)[0]]);
    await vote(s, workers[1], c, [topicIds(c)[1]]);
    await vote(s, workers[2], c, [topicIds(c)[1]]);
    // nothing published yet: no count either
    const live = seen(await s.api(organizer).get(`/consultations/${c.id}/participation`));
    expect(live.body).toMatchObject({ consultationId: c.id, ballots: null, registered: 6, denominatorCount: 6, rate: null });
    await finalResults(c);
    const p = seen(await s.api(organizer).get(`/consultations/${c.id}/participation`));
    expect(p.body).toEqual({
      consultationId: c.id,
      ballots: 3,
      registered: 6,
      eligibility: 'self_declared',
      denominator: 'registered',
      denominatorCount: 6,
      denominatorLabel: '本应用登记 6 人（未核验）',
      verified: null,
      rate: 0.5,
    });
  });

  it('opens the roll to organizers once closed: who took part by industry and city, without choices', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510000', industries: ['rider', 'courier'] });
    for (const w of workers) await vote(s, w, c, [topicIds(c)[0]]);
    const early = await s.api(organizer).get(`/consultations/${c.id}/roll`);
    expect([early.status, early.body.code]).toEqual([409, 'consultation_not_closed']);
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const roll = seen(await s.api(organizer).get(`/consultations/${c.id}/roll`));
    expect(roll.status).toBe(200);
    expect(roll.body.ballots).toBe(16);
    expect(roll.body.byCity).toEqual([
      { key: '510100', label: '成都市', ballots: 9 },
      { key: 'other', label: '其他', ballots: 7 },
    ]);
    expect(roll.body.byIndustry).toEqual([{ key: 'other', label: '其他', ballots: 16 }]);
    expect(JSON.stringify(roll.body)).not.toContain(topicIds(c)[0]);
  });

  it('exports the results as an Excel workbook and a CSV file', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510000', industries: ['rider', 'courier'], allowSuggestions: true });
    const [a, b] = topicIds(c);
    for (const [i, w] of workers.slice(0, 6).entries()) await vote(s, w, c, i < 4 ? [a] : [a, b], i === 0 ? '=HYPERLINK("x")' : undefined);
    await finalResults(c);
    const res = await s
      .api(organizer)
      .get(`/consultations/${c.id}/results.xlsx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    const file = res.body as Buffer;
    await wb.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['结果', '按行业', '按城市', '意见建议']);
    const sheet = wb.getWorksheet('结果')!;
    const rows = sheet
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows.map((r) => r.slice(0, 2))).toContainEqual(['参与人数', 6]);
    expect(rows).toContainEqual(['抽成比例', 'commission_rate', 6, 1]);
    const algorithm = rows.find((r) => r[0] === '算法调整')!;
    expect(algorithm.slice(0, 3)).toEqual(['算法调整', 'algorithm', 2]);
    expect(algorithm[3]).toBeCloseTo(2 / 6, 3);
    expect(wb.getWorksheet('按行业')!.getRow(2).values).toEqual([undefined, '外卖骑手', 6, 6, 2, 0, 0]);

    const csv = await s.api(organizer).get(`/consultations/${c.id}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')).toContain('"抽成比例","commission_rate","6","100.0%"');
    expect((await s.api(workers[0]).get(`/consultations/${c.id}/results.csv`)).status).toBe(403);
    expect((await s.api(otherCityOrganizer).get(`/consultations/${c.id}/results.xlsx`)).status).toBe(404);
  });

  it('exports for A4: Shanghai times, percentages as numbers, the summary on one page, and a csv with participation and breakdowns', async () => {
    // Opened at 14:58:08 on 5 March (Asia/Shanghai), i.e. 06:58:08.408Z.
    s.clock.setOffset(Date.parse('2025-03-05T07:30:00Z') - Date.now());
    const c = await makeConsultation(s, organizer, {
      title: '2025 年全省新就业形态劳动者集体协商议题征集（外卖骑手、快递员）',
      regionCode: '510000',
      industries: ['rider', 'courier'],
      opensAt: '2025-03-05T06:58:08.408Z',
      closesAt: '2025-03-12T10:00:00.000Z',
      maxChoices: 3,
      topics: [
        { code: 'commission_rate' },
        { code: 'algorithm' },
        { code: 'order_dispatch' },
        { code: 'working_time' },
        { code: 'labour_protection' },
        { code: 'rewards_penalties' },
        { code: 'supplementary_insurance' },
        { title: '恶劣天气时的订单延时和补贴标准', description: '暴雨、高温天气的配送时限和补贴' },
        { title: '电动车充电、换电站点的建设和费用分担' },
      ],
    });
    const [a, b, d] = topicIds(c);
    for (const [i, w] of workers.entries())
      await vote(s, w, c, i % 2 ? [a, b] : [a, d], i === 3 ? '希望平台公开派单规则，申诉渠道要畅通' : undefined);
    // closed at its planned time: the file shows the final results
    s.clock.setOffset(Date.parse('2025-03-12T10:00:01Z') - Date.now());
    const res = await s
      .api(organizer)
      .get(`/consultations/${c.id}/results.xlsx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (x: Buffer) => chunks.push(x));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const file = res.body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer);
    for (const ws of wb.worksheets) expect({ sheet: ws.name, paper: ws.pageSetup.paperSize }).toEqual({ sheet: ws.name, paper: 9 });
    const summary = wb.getWorksheet('结果')!;
    expect(summary.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
    const cells = new Map<string, ExcelJS.Cell>();
    summary.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2)));
    expect(cells.get('时间')!.value).toBe('2025年3月5日 14:58 至 2025年3月12日 18:00');
    expect(cells.get('参与率')!.value).toBeCloseTo(16 / 16);
    expect(cells.get('参与率')!.numFmt).toBe('0.0%');
    let shareCell: ExcelJS.Cell | undefined;
    summary.eachRow((row) => {
      if (row.getCell(1).value === '抽成比例') shareCell = row.getCell(4);
    });
    expect(shareCell!.value).toBe(1);
    expect(shareCell!.numFmt).toBe('0.0%');

    const printed = print(file, 'results.xlsx');
    try {
      for (const p of printed.pages) expect(isA4(p)).toBe(true);
      const first = printed.text(1);
      // The whole summary — title, time, participation and every topic — on the first page.
      expect(first).toContain('2025年3月5日 14:58 至 2025年3月12日 18:00');
      expect(first).toContain('电动车充电、换电站点的建设和费用分担');
      expect(first).toContain('100.0%');
      expect(first).not.toContain('分组');
      expect(printed.words.some((w) => /T\d\d:\d\d|Z$/.test(w.text))).toBe(false);
      expect(printed.text(2)).toContain('分组');
      expect(overlaps(printed.words)).toEqual([]);
    } finally {
      printed.done();
    }

    const csv = await s.api(organizer).get(`/consultations/${c.id}/results.csv`);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain('"时间","2025年3月5日 14:58 至 2025年3月12日 18:00"');
    expect(lines).toContain('"参与人数","16"');
    expect(lines).toContain('"范围内登记人数","16"');
    expect(lines).toContain('"参与率分母","本应用登记 16 人（未核验）"');
    expect(lines).toContain('"参与资格","自报身份（未核验）"');
    expect(lines).toContain('"参与率","100.0%"');
    expect(lines).toContain('"按行业"');
    expect(lines).toContain('"按城市"');
    // The same groups as the results page, with their ballots and each topic's votes in the topics' order.
    const results = (await s.api(organizer).get(`/consultations/${c.id}/results`)).body as PublishedResults;
    const line = (g: ResultGroup) => [g.label, g.ballots, ...g.topics.map((t) => t.votes)].map((v) => `"${v}"`).join(',');
    const chengdu = results.breakdowns.city.find((g) => g.label === '成都市')!;
    expect(chengdu.ballots).toBe(9);
    expect(lines).toContain(line(chengdu));
    // 13 riders and 3 couriers: the couriers are too few, and the riders alone would give them away, so all is 其他.
    expect(results.breakdowns.industry.map((g) => [g.label, g.ballots])).toEqual([['其他', 16]]);
    expect(lines).toContain(line(results.breakdowns.industry[0]));
    expect(lines).toContain(`"分组","参与人数",${results.topics.map((t) => `"${t.title}"`).join(',')}`);
  });

  it('never answers with a voter’s id or pseudonym, and keeps no user id in the ballots table', async () => {
    const ids = workers.map((w) => w.user.id);
    const keys = ids.map((id) => createHmac('sha256', BALLOT_SECRET).update(id).digest('hex'));
    const lists = [seen(await s.api(organizer).get('/consultations')), seen(await s.api(workers[0]).get('/consultations?voted=true'))];
    for (const l of lists) for (const item of l.body as Consultation[]) seen(await s.api(organizer).get(`/consultations/${item.id}`));
    const all = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(20);
    for (const secret of [...ids, ...keys]) expect(all).not.toContain(secret);

    const rows = await s.db.query('SELECT * FROM ballots');
    expect(rows.length).toBeGreaterThan(30);
    const dump = JSON.stringify(rows);
    for (const id of ids) expect(dump).not.toContain(id);
    const openids = (await s.db.query("SELECT openid FROM users WHERE role = 'worker'")).map((r: { openid: string }) => r.openid);
    for (const o of openids) expect(dump).not.toContain(o);
    // one pseudonym per worker, the same across consultations, so one worker is one ballot in each
    expect(new Set(rows.map((r: { voterKey: string }) => r.voterKey)).size).toBeLessThanOrEqual(workers.length);
    expect(Object.keys(rows[0]).sort()).toEqual([
      'choices',
      'cityCode',
      'consultationId',
      'id',
      'industry',
      'submittedAt',
      'suggestion',
      'voterKey',
    ]);
  });
});
