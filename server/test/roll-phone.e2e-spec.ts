// Rosters of phone numbers and the phone number a worker confirms in WeChat: matched through keyed hashes only, so no
// number is ever in the database, its dump, the log or an export; and the printable sheet of codes.
import type { CodeBatch, Roster, RosterUploadResult, RollSummary, VerifyPhoneResult } from '@xst/shared-types';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { qrPng } from '../src/roll/code-sheet.js';
import { RollService } from '../src/roll/roll.service.js';
import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { FakeWechat } from './support/fake-wechat.js';
import { spawnServer, type ServerProcess } from './support/process.js';
import { makeCodeBatch, printedCode } from './support/roll.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

/** Uploads a roster as the mini-program does: multipart, the file in field `file`, the scope as form fields. */
function upload(s: TestServer, actor: Actor, file: Buffer, name: string, fields: Record<string, string>) {
  let req = request(s.url).post('/api/roll/rosters').set('authorization', `Bearer ${actor.token}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', file, name);
}

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const rider = { label: '美团成都站点骑手名单', industry: 'rider', regionCode: '510104' };

describe('rosters and phone numbers', () => {
  let s: TestServer;
  let organizer: Actor;
  let zigongOrganizer: Actor;
  let n = 0;
  const freshWorker = (region = '510104', industry = 'rider') => s.worker(`rp-w-${++n}`, region, industry);

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('rp-org-chengdu', 'organizer', { regionCode: '510100' });
    zigongOrganizer = await s.login('rp-org-zigong', 'organizer', { regionCode: '510300' });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('reads a csv roster with a header, spaces, +86 and duplicates, and reports what it skipped', async () => {
    const res = await upload(
      s,
      organizer,
      csv('姓名,手机号', '张三,138 0000 0001', '李四,+86 138-0000-0002', '王五,13800000001', '赵六,12345', ''),
      'r.csv',
      rider,
    );
    expect(res.status).toBe(201);
    const body = res.body as RosterUploadResult;
    expect(body.roster).toMatchObject({ entries: 2, verified: 0, industry: 'rider', regionName: '四川省 成都市 锦江区' });
    expect(body.duplicates).toBe(1);
    expect(body.skippedCount).toBe(1);
    expect(body.skipped).toEqual([{ line: 5, reason: '没有有效的手机号' }]);
    const stored: { phoneKey: string }[] = await s.db.query('SELECT phoneKey FROM roll_roster_entries WHERE rosterId = ?', [
      body.roster.id,
    ]);
    expect(stored).toHaveLength(2);
    for (const r of stored) expect(r.phoneKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads an xlsx roster, numbers stored as numeric cells included', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名单');
    sheet.addRow(['序号', '手机']);
    sheet.addRow([1, 13900000011]);
    sheet.addRow([2, '139 0000 0012']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(s, organizer, file, 'r.xlsx', { ...rider, label: '工会会员名单' });
    expect(res.status).toBe(201);
    expect(res.body.roster.entries).toBe(2);
  });

  it.each([
    ['no file', null, rider, 'file'],
    ['a file with no number', csv('姓名', '张三'), rider, 'file'],
    ['a binary file that is no workbook', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), rider, 'file'],
    ['a region outside the organizer’s', csv('13800000099'), { ...rider, regionCode: '510302' }, 'regionCode'],
    ['an industry not offered', csv('13800000099'), { ...rider, industry: 'pilot' }, 'industry'],
    ['no label', csv('13800000099'), { ...rider, label: '' }, 'label'],
  ])('refuses a roster with %s, naming the field, keeping nothing', async (_, file, fields, field) => {
    const before = await s.rowCounts();
    const res = file
      ? await upload(s, organizer, file, 'r.csv', fields)
      : await request(s.url)
          .post('/api/roll/rosters')
          .set('authorization', `Bearer ${organizer.token}`)
          .field('label', 'x')
          .field('industry', 'rider')
          .field('regionCode', '510104');
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('verifies a worker whose confirmed number is on a roster, recording the roster’s uploader', async () => {
    await upload(s, organizer, csv('13700000001'), 'r.csv', { ...rider, label: '站点名单 A' });
    const w = await freshWorker();
    const res = await s.api(w).post('/roll/phone', { code: 'phone:13700000001' });
    expect(res.status).toBe(200);
    const body = res.body as VerifyPhoneResult;
    expect(body.verifications.map((v) => [v.industry, v.regionCode, v.method])).toEqual([['rider', '510104', 'roster']]);
    const [v] = await s.db.query('SELECT verifiedBy, method FROM roll_verifications WHERE userId = ?', [w.user.id]);
    expect(v).toEqual({ verifiedBy: organizer.user.id, method: 'roster' });
    expect(await s.app.get(RollService).isVerified(w.user.id, { industry: 'rider', regionCode: '510100' })).toBe(true);
    const rosters = (await s.api(organizer).get('/roll/rosters')).body as Roster[];
    expect(rosters.find((r) => r.label === '站点名单 A')).toMatchObject({ entries: 1, verified: 1 });
  });

  it('refuses a number on no roster, and writes nothing', async () => {
    const w = await freshWorker();
    const before = await s.rowCounts();
    const res = await s.api(w).post('/roll/phone', { code: 'phone:13600000000' });
    expect([res.status, res.body.code]).toEqual([409, 'roll_phone_not_listed']);
    expect(await s.rowCounts()).toEqual({ ...before, wechat_access_tokens: expect.any(Number) });
  });

  it('lets one roster entry verify one account: a second WeChat account with the same number is refused', async () => {
    await upload(s, organizer, csv('13700000002'), 'r.csv', { ...rider, label: '站点名单 B' });
    const [a, b] = [await freshWorker(), await freshWorker()];
    expect((await s.api(a).post('/roll/phone', { code: 'phone:13700000002' })).status).toBe(200);
    // Each tap of the button gives a new code; the fake's codes name the number, so a used one is forgotten here.
    s.wechat.phoneCodesUsed.clear();
    const again = await s.api(b).post('/roll/phone', { code: 'phone:13700000002' });
    expect([again.status, again.body.code]).toEqual([409, 'roll_phone_taken']);
    // the first account confirming again keeps its verification
    s.wechat.phoneCodesUsed.clear();
    expect((await s.api(a).post('/roll/phone', { code: 'phone:13700000002' })).status).toBe(200);
  });

  it('refuses a phone code WeChat refuses: wrong, used twice, and a busy WeChat', async () => {
    await upload(s, organizer, csv('13700000003'), 'r.csv', { ...rider, label: '站点名单 C' });
    const w = await freshWorker();
    const wrong = await s.api(w).post('/roll/phone', { code: 'not-a-phone-code' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'wechat_invalid_code']);
    expect((await s.api(w).post('/roll/phone', { code: 'phone:13700000003' })).status).toBe(200);
    const used = await s.api(w).post('/roll/phone', { code: 'phone:13700000003' });
    expect([used.status, used.body.code]).toEqual([400, 'wechat_invalid_code']);
    expect((await s.api(w).post('/roll/phone', { code: 'phone-busy' })).status).toBe(429);
    expect((await s.api(w).post('/roll/phone', { code: 'phone-down' })).status).toBe(503);
    expect((await s.api(w).post('/roll/phone', {})).status).toBe(400);
  });

  it('verifies a worker on every roster listing the number, each scope once', async () => {
    await upload(s, organizer, csv('13700000004'), 'r.csv', { label: '快递名单', industry: 'courier', regionCode: '510104' });
    await upload(s, organizer, csv('13700000004'), 'r.csv', { label: '骑手名单 D', industry: 'rider', regionCode: '510105' });
    const w = await freshWorker();
    const res = await s.api(w).post('/roll/phone', { code: 'phone:13700000004' });
    expect((res.body as VerifyPhoneResult).verifications.map((v) => `${v.industry}:${v.regionCode}`).sort()).toEqual([
      'courier:510104',
      'rider:510105',
    ]);
    const summary = (await s.api(organizer).get('/roll/summary')).body as RollSummary;
    expect(summary.groups.find((g) => g.industry === 'courier' && g.regionCode === '510104')).toMatchObject({ byRoster: 1 });
  });

  it('lets a roster-verified worker vote in a verified consultation, and a profile edit lets nobody else in', async () => {
    const c = await makeConsultation(s, organizer, { eligibility: 'verified', regionCode: '510100', industries: ['courier'] });
    const listed = await freshWorker('510104', 'courier');
    await upload(s, organizer, csv('13700000005'), 'r.csv', { label: '快递名单 E', industry: 'courier', regionCode: '510104' });
    expect((await s.api(listed).post('/roll/phone', { code: 'phone:13700000005' })).status).toBe(200);
    expect((await vote(s, listed, c, [topicIds(c)[0]])).status).toBe(200);
    const unlisted = await freshWorker('510302', 'rider');
    await s.api(unlisted).patch('/me', { regionCode: '510104', industry: 'courier' });
    expect((await vote(s, unlisted, c, [topicIds(c)[0]])).body.code).toBe('roll_not_verified');
  });

  it('shows rosters only to staff of their region', async () => {
    const list = (await s.api(zigongOrganizer).get('/roll/rosters')).body as Roster[];
    expect(list).toEqual([]);
  });

  describe('the printable sheet', () => {
    it('holds each usable code with its number and its QR code, and leaves out used and revoked ones', async () => {
      const batch = await makeCodeBatch(s, organizer, { count: 5, label: '春风行动 锦江驿站' });
      const w = await freshWorker();
      expect((await s.api(w).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 1) })).status).toBe(200);
      await s.api(organizer).post(`/roll/code-batches/${batch.id}/revoke`, { numbers: [2] });
      const res = await s
        .api(organizer)
        .get(`/roll/code-batches/${batch.id}/sheet.docx`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('核验码-春风行动 锦江驿站.docx'));
      const zip = await JSZip.loadAsync(res.body as Buffer);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('春风行动 锦江驿站');
      expect(xml).toContain('四川省 成都市 锦江区 · 外卖骑手');
      for (const i of [3, 4, 5]) {
        expect(xml).toContain(printedCode(s, batch.id, i));
        expect(xml).toContain(`第 ${i} 号`);
      }
      for (const i of [1, 2]) expect(xml).not.toContain(printedCode(s, batch.id, i));
      const images = await Promise.all(
        Object.keys(zip.files)
          .filter((f) => f.startsWith('word/media/'))
          .map((f) => zip.file(f)!.async('nodebuffer')),
      );
      const expected = await Promise.all([3, 4, 5].map((i) => qrPng(printedCode(s, batch.id, i))));
      expect(images.map((b) => b.toString('base64')).sort()).toEqual(expected.map((b) => b.toString('base64')).sort());
    });

    it('is refused to staff of another region', async () => {
      const batch: CodeBatch = await makeCodeBatch(s, organizer);
      expect((await s.api(zigongOrganizer).get(`/roll/code-batches/${batch.id}/sheet.docx`)).status).toBe(404);
    });
  });
});

describe('no phone number anywhere: database, its dump, the log, exports', () => {
  let db: TestDatabase;
  const wechat = new FakeWechat();
  let srv: ServerProcess;
  beforeAll(async () => {
    db = await createTestDatabase();
    await wechat.start();
  });
  afterAll(async () => {
    srv?.child.kill('SIGKILL');
    await wechat.stop();
    await db.drop();
  });

  const call = async (method: string, p: string, token?: string, body?: unknown) => {
    const res = await fetch(`${srv.url}/api${p}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const login = async (openid: string, role: string, regionCode?: string) =>
    JSON.parse((await call('POST', '/auth/dev-login', undefined, { openid, role, regionCode })).text).token as string;

  it('keeps only keyed hashes of the numbers of a roster and of the one a worker confirmed', async () => {
    srv = await spawnServer({
      ...db.env,
      LOG_LEVEL: 'debug',
      WECHAT_API_BASE: wechat.url,
      WECHAT_APPID: 'wx-test-app',
      WECHAT_SECRET: 'wx-test-secret',
      BALLOT_SECRET: 'phone-test-ballot-secret-0123456789-abcdef',
    });
    const phones = ['13512345678', '13587654321', '18611112222'];
    const organizer = await login('np-organizer', 'organizer', '510100');
    const form = new FormData();
    form.append('label', '骑手名单');
    form.append('industry', 'rider');
    form.append('regionCode', '510104');
    form.append('file', new Blob([`手机号\n${phones.join('\n')}\n`]), 'roster.csv');
    const up = await call('POST', '/roll/rosters', organizer, form);
    expect(up.status).toBe(201);
    const worker = await login('np-worker', 'worker');
    await call('PATCH', '/me', worker, { regionCode: '510104', industry: 'rider' });
    const verified = await call('POST', '/roll/phone', worker, { code: `phone:${phones[0]}` });
    expect(verified.status).toBe(200);
    const refused = await call('POST', '/roll/phone', worker, { code: 'phone:13900001111' });
    expect(refused.status).toBe(409);
    const exported = await call('GET', '/me/export', worker);
    const summary = await call('GET', '/roll/summary', organizer);
    await new Promise((r) => setTimeout(r, 300));

    // What the database holds, read as bytes: the SQLite file and its WAL, or a dump of the MariaDB database.
    let stored: string;
    if (db.kind === 'sqlite') {
      stored = readdirSync(db.dataDir)
        .filter((f) => f.startsWith('test.sqlite'))
        .map((f) => readFileSync(path.join(db.dataDir, f)).toString('latin1'))
        .join('\n');
    } else {
      const url = new URL(db.env.DATABASE_URL);
      stored = execFileSync('mariadb-dump', ['-h', url.hostname, '-P', url.port || '3306', '-u', url.username, url.pathname.slice(1)], {
        maxBuffer: 64 * 1024 * 1024,
      }).toString('utf8');
    }
    // The search below reads the real bytes: the tables and the hashes are there.
    expect(stored).toContain('roll_roster_entries');
    expect(stored).toMatch(/[0-9a-f]{64}/);
    const log = srv.output();
    for (const phone of [...phones, '13900001111']) {
      const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
      for (const [where, text] of Object.entries({
        database: stored,
        log,
        export: exported.text,
        summary: summary.text,
        upload: up.text,
      })) {
        expect(text.includes(phone) || text.includes(spaced) ? `${where} holds ${phone}` : 'clean').toBe('clean');
      }
    }
    expect(log).toContain('/api/roll/phone');
  });
});
