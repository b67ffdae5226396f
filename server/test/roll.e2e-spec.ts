// The verified roll: one-time codes (single use, expiring, revocable), who is on the roll of a scope, and the counts
// staff see — never who, never a ballot.
import type { CodeBatch, MyRoll, RollSummary } from '@xst/shared-types';
import { usccCheckChar } from '../src/regions/uscc.js';
import { RollService } from '../src/roll/roll.service.js';
import { codeBatchRequest, makeCodeBatch, printedCode, verifyWithCode } from './support/roll.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const DAY = 86400_000;

describe('the verified roll: one-time codes', () => {
  let s: TestServer;
  let organizer: Actor;
  let zigongOrganizer: Actor;
  let admin: Actor;
  let n = 0;
  const freshWorker = (region = '510104', industry = 'rider') => s.worker(`roll-w-${++n}`, region, industry);
  const roll = () => s.app.get(RollService);

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('roll-org-chengdu', 'organizer', { regionCode: '510100' });
    zigongOrganizer = await s.login('roll-org-zigong', 'organizer', { regionCode: '510300' });
    admin = await s.login('roll-admin', 'admin', { regionCode: '510000' });
  });
  afterAll(async () => {
    s.clock.setOffset(0);
    await s.stop();
  });
  afterEach(() => s.clock.setOffset(0));

  it('generates a sheet of codes for a scope and stores no code, only keyed hashes', async () => {
    const batch = await makeCodeBatch(s, organizer, { count: 12 });
    expect(batch).toMatchObject({ count: 12, used: 0, revoked: 0, usable: 12, expired: false, regionName: '四川省 成都市 锦江区' });
    const rows: { codeKey: string; number: number }[] = await s.db.query(
      'SELECT codeKey, number FROM roll_codes WHERE batchId = ? ORDER BY number',
      [batch.id],
    );
    expect(rows.map((r) => r.number)).toEqual([...Array(12).keys()].map((i) => i + 1));
    const codes = rows.map((r) => printedCode(s, batch.id, r.number));
    expect(new Set(codes).size).toBe(12);
    for (const code of codes) {
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
      const raw = code.replace('-', '');
      for (const r of rows) expect(r.codeKey).not.toContain(raw);
    }
    const audit = await s.db.query("SELECT action FROM audit_log WHERE entity = 'roll_codes' AND entityId = ?", [batch.id]);
    expect(audit).toEqual([{ action: 'created' }]);
  });

  it('verifies a worker with a code, recording who verified, how and when', async () => {
    const worker = await freshWorker();
    const batch = await makeCodeBatch(s, organizer);
    const res = await s.api(worker).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 3).toLowerCase().replace('-', ' ') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ industry: 'rider', regionCode: '510104', method: 'code', platformOrgId: null });
    const [v] = await s.db.query('SELECT verifiedBy, method, verifiedAt, codeId FROM roll_verifications WHERE userId = ?', [
      worker.user.id,
    ]);
    expect(v.verifiedBy).toBe(organizer.user.id);
    expect(v.method).toBe('code');
    expect(v.codeId).toBeTruthy();
    const mine = (await s.api(worker).get('/roll/me')).body as MyRoll;
    expect(mine.verifications.map((x) => [x.industry, x.regionCode, x.method])).toEqual([['rider', '510104', 'code']]);
    const after = (await s.api(organizer).get('/roll/code-batches')).body.find((b: CodeBatch) => b.id === batch.id);
    expect(after).toMatchObject({ used: 1, usable: 4 });
  });

  it('accepts a code used twice only once, and the second worker is told it was used', async () => {
    const [a, b] = [await freshWorker(), await freshWorker()];
    const batch = await makeCodeBatch(s, organizer, { count: 1 });
    const code = printedCode(s, batch.id, 1);
    expect((await s.api(a).post('/roll/codes/redeem', { code })).status).toBe(200);
    const again = await s.api(b).post('/roll/codes/redeem', { code });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('roll_code_used');
    const byA = await s.api(a).post('/roll/codes/redeem', { code });
    expect(byA.status).toBe(409);
    expect(await roll().isVerified(b.user.id, { industry: 'rider', regionCode: '510104' })).toBe(false);
  });

  it('accepts one of two redemptions of one code sent at the same moment', async () => {
    const workers = await Promise.all([freshWorker(), freshWorker(), freshWorker(), freshWorker()]);
    const batch = await makeCodeBatch(s, organizer, { count: 1 });
    const code = printedCode(s, batch.id, 1);
    const answers = await Promise.all(workers.map((w) => s.api(w).post('/roll/codes/redeem', { code })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const [{ n: rows }] = await s.db.query(
      'SELECT COUNT(*) AS n FROM roll_verifications v JOIN roll_codes c ON c.id = v.codeId WHERE c.batchId = ?',
      [batch.id],
    );
    expect(Number(rows)).toBe(1);
  });

  it('does not spend a second code on a worker already verified for the scope, even two at once', async () => {
    const worker = await freshWorker();
    const batch = await makeCodeBatch(s, organizer, { count: 3 });
    const answers = await Promise.all([1, 2].map((i) => s.api(worker).post('/roll/codes/redeem', { code: printedCode(s, batch.id, i) })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('roll_already_verified');
    const third = await s.api(worker).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 3) });
    expect(third.body.code).toBe('roll_already_verified');
    const after = (await s.api(organizer).get('/roll/code-batches')).body.find((b: CodeBatch) => b.id === batch.id);
    expect(after).toMatchObject({ used: 1, usable: 2 });
  });

  it('refuses an expired code, and takes it the moment before it expires', async () => {
    const [early, late] = [await freshWorker(), await freshWorker()];
    const batch = await makeCodeBatch(s, organizer, { count: 2, expiresAt: new Date(Date.now() + DAY).toISOString() });
    s.clock.setOffset(DAY - 60_000);
    expect((await s.api(early).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 1) })).status).toBe(200);
    s.clock.setOffset(DAY + 1000);
    const res = await s.api(late).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 2) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('roll_code_expired');
    expect(await roll().isVerified(late.user.id, { industry: 'rider', regionCode: '510104' })).toBe(false);
  });

  it('refuses revoked codes: one number of a sheet, then the whole sheet; a used code stays used', async () => {
    const workers = [await freshWorker(), await freshWorker(), await freshWorker()];
    const batch = await makeCodeBatch(s, organizer, { count: 4 });
    expect((await s.api(workers[0]).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 1) })).status).toBe(200);
    const one = await s.api(organizer).post(`/roll/code-batches/${batch.id}/revoke`, { numbers: [2] });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ used: 1, revoked: 1, usable: 2 });
    const refused = await s.api(workers[1]).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 2) });
    expect(refused.body.code).toBe('roll_code_revoked');
    expect((await s.api(workers[1]).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 3) })).status).toBe(200);
    const all = await s.api(organizer).post(`/roll/code-batches/${batch.id}/revoke`, {});
    expect(all.body).toMatchObject({ used: 2, revoked: 2, usable: 0 });
    expect((await s.api(workers[2]).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 4) })).body.code).toBe('roll_code_revoked');
    // Revoking does not take back who was verified with a code used before.
    expect(await roll().isVerified(workers[0].user.id, { industry: 'rider', regionCode: '510104' })).toBe(true);
    const audit = await s.db.query("SELECT action FROM audit_log WHERE entity = 'roll_codes' AND entityId = ? ORDER BY at", [batch.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['created', 'revoked', 'revoked']);
  });

  it.each([
    ['a code of the wrong length', 'ABCDE-FGH'],
    ['a code with letters never printed', 'ABCDE-FGHI0'],
    ['a well-formed code no sheet has', 'ABCDE-FGHJK'],
  ])('refuses %s, naming the field', async (_, code) => {
    const worker = await freshWorker();
    const res = await s.api(worker).post('/roll/codes/redeem', { code });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('roll_code_invalid');
    expect(res.body.fields[0].field).toBe('code');
  });

  it('lists a worker’s verifications in their export, and deleting the account takes them off the roll', async () => {
    const w = await freshWorker('510104', 'courier');
    const batch = await makeCodeBatch(s, organizer, { industry: 'courier', count: 1 });
    expect((await s.api(w).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 1) })).status).toBe(200);
    const exported = (await s.api(w).get('/me/export')).body;
    expect(exported.verifications.map((v: { industry: string; method: string }) => [v.industry, v.method])).toEqual([['courier', 'code']]);
    const scope = { industry: 'courier' as const, regionCode: '510104' };
    const before = await roll().countVerified(scope);
    expect((await s.api(w).delete('/me')).status).toBe(204);
    expect(await roll().countVerified(scope)).toBe(before - 1);
    expect(await s.db.query('SELECT id FROM roll_verifications WHERE userId = ?', [w.user.id])).toEqual([]);
    // The code stays spent: a new account of the same person verifies again through the organizer.
    const again = await s.login(`roll-w-${n}`, 'worker');
    expect((await s.api(again).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 1) })).body.code).toBe('roll_code_used');
  });

  describe('generating sheets', () => {
    it.each([
      ['no label', { label: '' }, 'label'],
      ['an industry not offered', { industry: 'pilot' }, 'industry'],
      ['a region code of 5 digits', { regionCode: '51010' }, 'regionCode'],
      ['a region that does not exist', { regionCode: '519999' }, 'regionCode'],
      ['a region outside the organizer’s', { regionCode: '510302' }, 'regionCode'],
      ['no codes', { count: 0 }, 'count'],
      ['too many codes', { count: 501 }, 'count'],
      ['a fractional count', { count: 2.5 }, 'count'],
      ['an expiry already past', { expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
      ['an expiry beyond 180 days', { expiresAt: new Date(Date.now() + 181 * DAY).toISOString() }, 'expiresAt'],
      ['a platform that is no organization', { platformOrgId: '00000000-0000-4000-8000-000000000000' }, 'platformOrgId'],
      ['an unknown field', { secret: 'x' }, 'secret'],
    ])('refuses %s, naming the field, writing nothing', async (_, over, field) => {
      const before = await s.rowCounts();
      const res = await s.api(organizer).post('/roll/code-batches', { ...codeBatchRequest(s), ...over });
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(await s.rowCounts()).toEqual(before);
    });

    it('generates up to 500 codes at once and takes a whole province for an admin', async () => {
      const batch = await makeCodeBatch(s, admin, { count: 500, regionCode: '510000' });
      expect(batch.usable).toBe(500);
    });

    it('shows and lets revoke only sheets of the organizer’s own region', async () => {
      const batch = await makeCodeBatch(s, organizer);
      const list = (await s.api(zigongOrganizer).get('/roll/code-batches')).body as CodeBatch[];
      expect(list.map((b) => b.id)).not.toContain(batch.id);
      const res = await s.api(zigongOrganizer).post(`/roll/code-batches/${batch.id}/revoke`, {});
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(batch.id);
      expect((await s.api(admin).get('/roll/code-batches')).body.map((b: CodeBatch) => b.id)).toContain(batch.id);
    });

    it('refuses revoking a number the sheet does not have', async () => {
      const batch = await makeCodeBatch(s, organizer, { count: 2 });
      const res = await s.api(organizer).post(`/roll/code-batches/${batch.id}/revoke`, { numbers: [3] });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('numbers');
    });
  });

  describe('who is on the roll of a scope', () => {
    it('counts a county’s verification for its city and province, never a city’s for one of its counties', async () => {
      const w = await freshWorker();
      await verifyWithCode(s, organizer, w, { regionCode: '510104', industry: 'courier' });
      const r = roll();
      expect(await r.isVerified(w.user.id, { industry: 'courier', regionCode: '510104' })).toBe(true);
      expect(await r.isVerified(w.user.id, { industry: 'courier', regionCode: '510100' })).toBe(true);
      expect(await r.isVerified(w.user.id, { industry: 'courier', regionCode: '510000' })).toBe(true);
      expect(await r.isVerified(w.user.id, { industry: 'courier', regionCode: '510105' })).toBe(false);
      expect(await r.isVerified(w.user.id, { industry: 'rider', regionCode: '510104' })).toBe(false);

      const cityWide = await freshWorker();
      await verifyWithCode(s, organizer, cityWide, { regionCode: '510100', industry: 'courier' });
      expect(await r.isVerified(cityWide.user.id, { industry: 'courier', regionCode: '510100' })).toBe(true);
      expect(await r.isVerified(cityWide.user.id, { industry: 'courier', regionCode: '510104' })).toBe(false);

      expect(await r.countVerified({ industry: 'courier', regionCode: '510100' })).toBe(2);
      expect(await r.countVerified({ industry: 'courier', regionCode: '510104' })).toBe(1);
      expect(await r.verifiedUserIds({ industry: 'courier', regionCode: '510100' })).toEqual([w.user.id, cityWide.user.id].sort());
    });

    it('holds a platform’s scope to verifications made for that platform', async () => {
      const created = await s.api(organizer).post('/organizations', {
        type: 'enterprise',
        name: '成都同城家政服务平台有限公司',
        regionCode: '510104',
        uscc: `91510104MA6CX7K3R${usccCheckChar('91510104MA6CX7K3R')}`,
        isPlatform: true,
      });
      expect(created.status).toBe(201);
      const platformId: string = created.body.id;
      expect(platformId).toBeTruthy();
      const [viaPlatform, anyPlatform] = [await freshWorker('510104', 'domestic'), await freshWorker('510104', 'domestic')];
      await verifyWithCode(s, organizer, viaPlatform, { industry: 'domestic', platformOrgId: platformId });
      await verifyWithCode(s, organizer, anyPlatform, { industry: 'domestic' });
      const r = roll();
      expect(await r.countVerified({ industry: 'domestic', regionCode: '510100', platformOrgId: platformId })).toBe(1);
      expect(await r.countVerified({ industry: 'domestic', regionCode: '510100' })).toBe(2);
      expect(await r.isVerified(anyPlatform.user.id, { industry: 'domestic', regionCode: '510100', platformOrgId: platformId })).toBe(
        false,
      );
      expect(await r.isVerified(viaPlatform.user.id, { industry: 'domestic', regionCode: '510100', platformOrgId: platformId })).toBe(true);
    });

    it('is not changed by the worker’s profile', async () => {
      const w = await freshWorker('510104', 'trucking');
      expect(await roll().isVerified(w.user.id, { industry: 'trucking', regionCode: '510104' })).toBe(false);
      await verifyWithCode(s, organizer, w, { industry: 'trucking' });
      await s.api(w).patch('/me', { regionCode: '510302', industry: 'rider' });
      expect(await roll().isVerified(w.user.id, { industry: 'trucking', regionCode: '510104' })).toBe(true);
      expect(await roll().isVerified(w.user.id, { industry: 'rider', regionCode: '510302' })).toBe(false);
    });

    it('shows staff counts by scope and method, never who', async () => {
      const summary = (await s.api(organizer).get('/roll/summary')).body as RollSummary;
      expect(summary.regionCode).toBe('510100');
      expect(summary.total).toBeGreaterThan(0);
      const courier = summary.groups.find((g) => g.industry === 'courier' && g.regionCode === '510104')!;
      expect(courier).toMatchObject({ byCode: 1, byRoster: 0, total: 1, regionName: '四川省 成都市 锦江区' });
      const text = JSON.stringify(summary);
      const ids: { userId: string }[] = await s.db.query('SELECT userId FROM roll_verifications');
      for (const { userId } of ids) expect(text).not.toContain(userId);
      const zigong = (await s.api(zigongOrganizer).get('/roll/summary')).body as RollSummary;
      expect(zigong.total).toBe(0);
      expect((await s.api(zigongOrganizer).get('/roll/summary?regionCode=510104')).status).toBe(400);
      expect((await s.api(admin).get('/roll/summary?regionCode=510104')).body.groups.length).toBeGreaterThan(0);
    });
  });
});
