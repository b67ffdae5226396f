import { startServer, type TestServer } from './support/server.js';

describe('sign-in and accounts', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
  });

  it('signs a worker in through WeChat jscode2session and returns a token that opens /me', async () => {
    const res = await s.api().post('/auth/wechat', { code: 'ok:wx-openid-rider-1' });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('worker');
    const me = await s.api(res.body.token).get('/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(res.body.user.id);
    // the same WeChat user signing in again is the same account
    const again = await s.api().post('/auth/wechat', { code: 'ok:wx-openid-rider-1' });
    expect(again.body.user.id).toBe(res.body.user.id);
  });

  it('answers an invalid WeChat code (errcode 40029) with 401 and a clear message', async () => {
    const res = await s.api().post('/auth/wechat', { code: 'bad' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('wechat_invalid_code');
    expect(res.body.message).toMatch(/微信登录凭证无效/);
  });

  it('answers 503 when WeChat is slower than the timeout', async () => {
    // The fake answers "slow" with a valid session after 3 s: a 503 is the timeout's, not WeChat's answer.
    const res = await s.api().post('/auth/wechat', { code: 'slow' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('wechat_unavailable');
  });

  it('answers 503 when WeChat cannot be reached at all', async () => {
    const down = await startServer({ WECHAT_API_BASE: 'http://127.0.0.1:9' });
    try {
      const res = await down.api().post('/auth/wechat', { code: 'ok:someone' });
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/连不上微信/);
    } finally {
      await down.stop();
    }
  });

  it('refuses a login body without a code, naming the field, and writes nothing', async () => {
    const before = await s.rowCounts();
    const res = await s.api().post('/auth/wechat', {});
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('code');
    expect(await s.rowCounts()).toEqual(before);
  });

  it('lets a worker set industry, platform and city, and refuses an unknown city', async () => {
    const w = await s.login('w-profile', 'worker');
    const ok = await s.api(w).patch('/me', { industry: 'ride_hailing', platform: '滴滴', regionCode: '510107' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ industry: 'ride_hailing', platform: '滴滴', regionCode: '510107' });
    const bad = await s.api(w).patch('/me', { regionCode: '519999' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('regionCode');
    const badIndustry = await s.api(w).patch('/me', { industry: 'pilot' });
    expect(badIndustry.status).toBe(400);
    expect(badIndustry.body.fields[0].message).toMatch(/行业/);
    expect((await s.api(w).get('/me')).body.regionCode).toBe('510107');
  });

  it('revokes every token on sign-out', async () => {
    const w = await s.login('w-logout', 'worker');
    expect((await s.api(w).post('/auth/logout')).status).toBe(204);
    const res = await s.api(w).get('/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('token_revoked');
  });

  it('refuses a forged or expired token', async () => {
    expect((await s.api('not-a-token').get('/me')).status).toBe(401);
    const jwt = await import('jsonwebtoken');
    const w = await s.login('w-expired', 'worker');
    const expired = jwt.default.sign({ sub: w.user.id, tv: 0, exp: Math.floor(Date.now() / 1000) - 10 }, s.config.jwtSecret);
    const res = await s.api(expired).get('/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('token_expired');
    const forged = jwt.default.sign({ sub: w.user.id, tv: 0 }, 'another-secret-another-secret-another');
    expect((await s.api(forged).get('/me')).status).toBe(401);
  });

  it('turns a WeChat user into an enterprise representative through a one-time invitation code', async () => {
    const organizer = await s.login('org-codes', 'organizer', { regionCode: '510100' });
    const ent = await s.api(organizer).post('/organizations', {
      type: 'enterprise',
      name: '成都测试配送有限公司',
      regionCode: '510104',
      uscc: `91510104MA6CX7K2Q${(await import('../src/regions/uscc.js')).usccCheckChar('91510104MA6CX7K2Q')}`,
    });
    expect(ent.status).toBe(201);
    const code = await s.api(organizer).post('/invite-codes', { role: 'enterprise', organizationId: ent.body.id, regionCode: '510104' });
    expect(code.status).toBe(201);
    // an organizer may not mint organizer or admin codes
    const refused = await s
      .api(organizer)
      .post('/invite-codes', { role: 'admin', organizationId: organizer.user.organizationId, regionCode: '510100' });
    expect(refused.status).toBe(403);

    const signIn = await s.api().post('/auth/wechat', { code: 'ok:wx-enterprise-rep' });
    const redeemed = await s.api(signIn.body.token).post('/auth/redeem', { code: code.body.code });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.user).toMatchObject({ role: 'enterprise', organizationId: ent.body.id, regionCode: '510104' });
    const other = await s.api().post('/auth/wechat', { code: 'ok:wx-someone-else' });
    const twice = await s.api(other.body.token).post('/auth/redeem', { code: code.body.code });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('invite_code_used');
  });

  it('refuses an expired invitation code', async () => {
    const admin = await s.login('admin-codes', 'admin', { regionCode: '510000' });
    const code = await s
      .api(admin)
      .post('/invite-codes', { role: 'organizer', organizationId: admin.user.organizationId, regionCode: '510000', validDays: 1 });
    expect(code.status).toBe(201);
    const w = await s.login('w-late-redeem', 'worker');
    s.clock.setOffset(2 * 86400_000);
    try {
      const res = await s.api(w).post('/auth/redeem', { code: code.body.code });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('invite_code_expired');
    } finally {
      s.clock.setOffset(0);
    }
  });

  it('keeps an audit trail of account changes that only admins of the region can read', async () => {
    const w = await s.worker('w-audited', '510104');
    const admin = await s.login('admin-audit', 'admin', { regionCode: '510000' });
    const trail = await s.api(admin).get(`/audit?entity=account&id=${w.user.id}`);
    expect(trail.status).toBe(200);
    const update = trail.body.find((e: { action: string }) => e.action === 'profile_updated');
    expect(update.after.regionCode).toBe('510104');
    expect(update.actorId).toBe(w.user.id);
    const otherAdmin = await s.login('admin-beijing', 'admin', { regionCode: '110000' });
    expect((await s.api(otherAdmin).get(`/audit?entity=account&id=${w.user.id}`)).body).toEqual([]);
    expect((await s.api(w).get(`/audit?entity=account&id=${w.user.id}`)).status).toBe(403);
  });

  it('lets an organizer correct an enterprise of the region, audited, but not change its type or break its code', async () => {
    const organizer = await s.login('org-patch', 'organizer', { regionCode: '510100' });
    const { usccCheckChar } = await import('../src/regions/uscc.js');
    const created = await s.api(organizer).post('/organizations', {
      type: 'enterprise',
      name: '成都改名测试有限公司',
      regionCode: '510104',
      uscc: `91510104MA6PATCH1${usccCheckChar('91510104MA6PATCH1')}`,
    });
    expect(created.status).toBe(201);
    const ok = await s.api(organizer).patch(`/organizations/${created.body.id}`, { employees: 420, isKeyEnterprise: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ employees: 420, isKeyEnterprise: true, type: 'enterprise' });
    const before = await s.rowCounts();
    const typeChange = await s.api(organizer).patch(`/organizations/${created.body.id}`, { type: 'union' });
    expect(typeChange.status).toBe(400);
    expect(typeChange.body.fields[0].field).toBe('type');
    const badCode = await s.api(organizer).patch(`/organizations/${created.body.id}`, { uscc: '91510104MA6PATCH10' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.fields[0].field).toBe('uscc');
    // An enterprise's code cannot be blanked with null either; an industry may be cleared.
    const blanked = await s.api(organizer).patch(`/organizations/${created.body.id}`, { uscc: null });
    expect([blanked.status, blanked.body.fields?.[0]?.field]).toEqual([400, 'uscc']);
    expect((await s.api(organizer).get(`/organizations/${created.body.id}`)).body.uscc).toBe(created.body.uscc);
    expect(await s.rowCounts()).toEqual(before);
    const admin = await s.login('admin-org-patch', 'admin', { regionCode: '510000' });
    const trail = (await s.api(admin).get(`/audit?entity=organization&id=${created.body.id}`)).body;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['created', 'updated']);
  });

  it("records an enterprise's industry as a 门类 of GB/T 4754 and the day its union was founded, refusing what cannot be", async () => {
    const organizer = await s.login('org-union-date', 'organizer', { regionCode: '510100' });
    s.clock.setOffset(Date.parse('2024-06-20T12:00:00+08:00') - Date.now());
    try {
      const { randomUscc } = await import('./support/contracts.js');
      const body = (over: object) => ({
        type: 'enterprise',
        name: '成都建会日期测试有限公司',
        regionCode: '510104',
        uscc: randomUscc('510104'),
        ...over,
      });
      const before = await s.rowCounts();
      const refused: [object, string][] = [
        [{ industry: 'rider' }, 'industry'],
        [{ unionisedAt: '2024-02-30' }, 'unionisedAt'],
        [{ unionisedAt: '2024-06-21' }, 'unionisedAt'],
        [{ unionisedAt: '2024-03-20', hasUnion: false }, 'unionisedAt'],
        [{ unionisedAt: '20240320' }, 'unionisedAt'],
      ];
      for (const [over, field] of refused) {
        const res = await s.api(organizer).post('/organizations', body(over));
        expect({ over, status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ over, status: 400, field });
        expect(res.body.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(await s.rowCounts()).toEqual(before);
      // Today is allowed, and a founding date says the enterprise has a union.
      const created = await s.api(organizer).post('/organizations', body({ industry: 'G', unionisedAt: '2024-06-20' }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ industry: 'G', hasUnion: true, unionisedAt: '2024-06-20' });
      const id = created.body.id;
      expect((await s.api(organizer).get(`/organizations/${id}`)).body.unionisedAt).toBe('2024-06-20');
      expect((await s.api(organizer).patch(`/organizations/${id}`, { hasUnion: false })).body.fields[0].field).toBe('unionisedAt');
      const cleared = await s.api(organizer).patch(`/organizations/${id}`, { unionisedAt: null, hasUnion: false });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ hasUnion: false, unionisedAt: null });
      const later = await s.api(organizer).patch(`/organizations/${id}`, { unionisedAt: '2024-03-01' });
      expect(later.body).toMatchObject({ hasUnion: true, unionisedAt: '2024-03-01' });
    } finally {
      s.clock.setOffset(0);
    }
  });

  it('reports health with a database check', async () => {
    const res = await s.api().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: s.dbKind });
  });

  it('refuses a body that is not JSON (415) and one that is too large (413)', async () => {
    const res = await s.api().post('/auth/wechat').set('content-type', 'text/plain').send('code=1');
    expect(res.status).toBe(415);
    const big = await s.api().post('/auth/wechat', { code: 'x'.repeat(400 * 1024) });
    expect(big.status).toBe(413);
    const nest = (depth: number) => {
      let v: unknown = 'x';
      for (let i = 0; i < depth; i++) v = [v];
      return v;
    };
    const tooDeep = await s.api().post('/auth/wechat', { code: nest(20) });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.code).toBe('too_deep');
    const veryDeep = `{"code":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect((await s.api().post('/auth/wechat').set('content-type', 'application/json').send(veryDeep)).status).toBe(400);
  });
});
