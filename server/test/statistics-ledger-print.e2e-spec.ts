// The ledger (附件2) as a person prints and reads it: rows as tall as their contents, A4 landscape with the header
// repeated, legible type, the campaign's categories and the invitation state as it stands; and its csv twin.
// Rendered through LibreOffice and read back from the PDF, so that what is checked is what gets printed.
import { ENTERPRISE_INDUSTRY_LABELS, type Organization } from '@xst/shared-types';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { makeContract, makeEnterprise, setShanghaiTime } from './support/contracts.js';
import { advanceDays, makeInvitation } from './support/invitations.js';
import { cjkSizes, overlaps, print } from './support/render.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

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

const LONG_NAME = '四川省成都市锦江区天府大道同城即时配送骑手劳务服务有限责任公司';

describe('the ledger as printed', () => {
  let s: TestServer;
  let organizer: Actor;
  let ws: ExcelJS.Worksheet;
  let xlsx: Buffer;
  let headers: unknown[];
  let platform: Organization;
  let newlyUnionised: Organization;
  let oldUnion: Organization;
  let partner: Organization;
  let silent: Organization;
  let lateReplier: Organization;
  const col = (h: string) => {
    const i = headers.indexOf(h);
    if (i < 0) throw new Error(`no column ${h}`);
    return i + 1;
  };
  const rowOf = (sheet: ExcelJS.Worksheet, name: string) => {
    for (let r = 5; r <= sheet.rowCount; r++) if (sheet.getCell(r, 3).value === name) return r;
    throw new Error(name);
  };

  beforeAll(async () => {
    s = await startServer();
    setShanghaiTime(s, '2024-05-01');
    organizer = await s.login('p-organizer', 'organizer', { regionCode: '510100' });
    platform = await makeEnterprise(s, organizer, { name: LONG_NAME, isPlatform: true, isKeyEnterprise: true, industry: 'I' });
    newlyUnionised = await makeEnterprise(s, organizer, { name: '成都新建会科技有限公司', industry: 'G', unionisedAt: '2024-03-20' });
    oldUnion = await makeEnterprise(s, organizer, { name: '成都老工会制造有限公司', industry: 'C', unionisedAt: '2019-05-01' });
    partner = await makeEnterprise(s, organizer, { name: '成都蓉城骑士劳务服务有限公司', industry: 'L', hasUnion: false });
    silent = await makeEnterprise(s, organizer, { name: '成都不答复物流有限公司', industry: 'G' });
    lateReplier = await makeEnterprise(s, organizer, { name: '成都迟答复家政服务有限公司', industry: 'O' });
    // Enough rows for a second printed page.
    for (let i = 0; i < 40; i++) await makeEnterprise(s, organizer, { name: `成都台账企业${String(i).padStart(2, '0')}号`, industry: 'G' });
    for (const kind of ['comprehensive', 'wage', 'safety_health', 'women_workers'] as const) {
      await makeContract(s, organizer, [platform.id], {
        kind,
        signedAt: '2024-03-10',
        effectiveFrom: '2024-03-10',
        expiresAt: '2027-03-09',
      });
    }
    await makeContract(s, organizer, [partner.id], { signedAt: '2021-08-01', effectiveFrom: '2021-08-01', expiresAt: '2024-07-31' });

    // One invitation left unanswered past its time (no sweep runs), one answered late.
    const lateRep = await s.login('p-late-rep', 'enterprise', { organizationId: lateReplier.id });
    const unanswered = await makeInvitation(s, organizer, silent.id);
    const late = await makeInvitation(s, organizer, lateReplier.id);
    // Received: the paper letter signed for the same day, and the other opened in the app.
    const today = new Date(s.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await s.api(organizer).post(`/invitations/${unanswered.id}/delivery`, { deliveredOn: today })).status).toBe(200);
    expect((await s.api(lateRep).get(`/invitations/${late.id}`)).body.replyDueAt).not.toBeNull();
    advanceDays(s, 30);
    expect((await s.api(lateRep).post(`/invitations/${late.id}/reply`, { decision: 'accept' })).body.reply.late).toBe(true);
    expect((await s.api(organizer).get(`/invitations/${unanswered.id}`)).body.status).toBe('overdue');
    const [stored] = await s.db.query('SELECT status FROM invitations WHERE id = ?', [unanswered.id]);
    expect(stored.status).toBe('sent');

    const res = await s.api(organizer).get('/statistics/ledger.xlsx?from=2024-03-05&to=2024-06-05').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    xlsx = res.body;
    ws = await readSheet(xlsx);
    headers = (ws.getRow(4).values as unknown[]).slice(1);
  });
  afterAll(async () => {
    await s.stop();
  });

  it('takes its title year from the period, not from today', async () => {
    expect(ws.getCell('A1').value).toBe('2024年全省集体协商集中要约活动工作台账明细表');
    const earlier = await s.api(organizer).get('/statistics/ledger.xlsx?from=2023-03-05&to=2023-06-05').buffer(true).parse(binary);
    expect(earlier.status).toBe(200);
    expect(earlier.headers['content-disposition']).toContain(encodeURIComponent('2023年'));
    expect((await readSheet(earlier.body)).getCell('A1').value).toBe('2023年全省集体协商集中要约活动工作台账明细表');
    const bad = await s.api(organizer).get('/statistics/ledger.xlsx?from=2024-06-05&to=2024-03-05');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('to');
  });

  it("holds the enterprise's industry in 行业 and flags the enterprises unionised in the report's year", () => {
    expect(ws.getCell(rowOf(ws, LONG_NAME), col('行业')).value).toBe(ENTERPRISE_INDUSTRY_LABELS.I);
    expect(ws.getCell(rowOf(ws, LONG_NAME), col('行业')).value).toBe('信息传输、软件和信息技术服务业');
    expect(ws.getCell(rowOf(ws, partner.name), col('行业')).value).toBe('租赁和商务服务业');
    expect(ws.getCell(rowOf(ws, newlyUnionised.name), col('新建会企业')).value).toBe('是');
    expect(ws.getCell(rowOf(ws, oldUnion.name), col('新建会企业')).value).toBe('否');
    expect(ws.getCell(rowOf(ws, oldUnion.name), col('已建工会')).value).toBe('是');
    expect(ws.getCell(rowOf(ws, partner.name), col('新建会企业')).value).toBe('否');
    expect(ws.getCell(rowOf(ws, partner.name), col('已建工会')).value).toBe('否');
  });

  it('reads an unanswered invitation as overdue before any sweep, and a late reply as 逾期答复', () => {
    expect(ws.getCell(rowOf(ws, silent.name), col('要约状态')).value).toBe('逾期未答复');
    expect(ws.getCell(rowOf(ws, lateReplier.name), col('要约状态')).value).toBe('已应约（逾期答复）');
  });

  it('sizes each row to its wrapped contents and sets up A4 landscape with the header repeated on every page', () => {
    const p = rowOf(ws, LONG_NAME);
    expect(ws.getCell(p, col('综合集体合同')).value).toBe('2024-03-10 签订\n2027-03-09 到期');
    // two lines of contract dates and a name that wraps onto three or more lines
    expect(ws.getRow(p).height).toBeGreaterThanOrEqual(3 * 11);
    expect(ws.getRow(rowOf(ws, partner.name)).height).toBeGreaterThanOrEqual(2 * 11);
    expect(ws.getRow(4).height).toBeGreaterThanOrEqual(3 * 11);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe('4:4');
    // Every column fits A4 landscape (297 mm less the side margins) with the body type still at 7.2 points or more.
    const pixels = headers.reduce<number>((sum, _, i) => sum + Math.trunc(ws.getColumn(i + 1).width! * 7 + 5), 0);
    const printable = (11.69 - ws.pageSetup.margins!.left - ws.pageSetup.margins!.right) * 96;
    const bodySize = ws.getCell(rowOf(ws, LONG_NAME), 3).font!.size!;
    expect(Math.min(1, printable / pixels) * bodySize).toBeGreaterThanOrEqual(7.2);
  });

  it('prints legibly: A4 landscape pages, the header on each, no text drawn over other text', () => {
    const printed = print(xlsx, 'ledger.xlsx');
    try {
      const { pages, words } = printed;
      expect(pages.length).toBeGreaterThanOrEqual(2);
      for (const p of pages) expect([Math.round(p.width), Math.round(p.height)]).toEqual([842, 595]);
      for (let page = 1; page <= pages.length; page++) {
        expect({ page, header: printed.text(page).includes('统一社会信用代码') }).toEqual({ page, header: true });
      }
      // Type printed at 7.2 pt or more.
      const sizes = cjkSizes(words);
      expect(sizes.length).toBeGreaterThan(100);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(7.2);
      expect(words.filter((w) => w.text.startsWith('成都台账企业'))).toHaveLength(40);
      // Both lines of every contract cell are printed, and no word is drawn over another.
      expect(words.filter((w) => w.text === '2024-03-10')).toHaveLength(4);
      expect(words.filter((w) => w.text === '2027-03-09')).toHaveLength(4);
      expect(overlaps(words)).toEqual([]);
    } finally {
      printed.done();
    }
  });

  it('exports the same rows as ledger.csv', async () => {
    const csv = await s.api(organizer).get('/statistics/ledger.csv?from=2024-03-05&to=2024-06-05');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('工作台账明细表'));
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    const lines = csv.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('2024年全省集体协商集中要约活动工作台账明细表');
    expect(lines[3].split(',')).toEqual(headers);
    expect(lines).toHaveLength(ws.rowCount);
    const platformLine = lines.find((l) => l.includes(LONG_NAME))!;
    expect(platformLine).toContain('2024-03-10 签订，2027-03-09 到期');
    expect(platformLine).toContain(platform.uscc!);
    expect(lines.find((l) => l.includes(lateReplier.name))).toContain('已应约（逾期答复）');
  });
});
