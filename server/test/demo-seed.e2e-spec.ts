// The demo seed that `npm start` runs (DEMO_SEED=1), as real processes: restarted after an organizer corrected the
// seeded records, and started twice at once on an empty database.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/database/data-source.js';
import { DEMO_ACCOUNTS, DEMO_ORGANIZATIONS, seedDemo } from '../src/database/demo-seed.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { FakeWechat } from './support/fake-wechat.js';
import { START_WITHIN_MS, spawnServer, type ServerProcess } from './support/process.js';

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}/api${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const signIn = async (url: string, openid: string, role: string) => (await call(url, 'POST', '/auth/dev-login', { openid, role })).body;

/** The seeded organizations and accounts as the API shows them to the demo admin. */
async function seeded(url: string) {
  const admin = await signIn(url, 'demo-admin', 'admin');
  const orgs = (await call(url, 'GET', '/organizations', undefined, admin.token)).body.items as {
    id: string;
    name: string;
    uscc: string | null;
  }[];
  const accounts = await Promise.all(
    DEMO_ACCOUNTS.map(async (a) => {
      const me = (await signIn(url, a.openid, a.role)).user;
      return { openid: a.openid, id: me.id, organizationId: me.organizationId };
    }),
  );
  return { orgs, accounts };
}

const stop = async (p: ServerProcess | undefined) => {
  if (!p || p.child.exitCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited;
};

describe('the demo seed', () => {
  const databases: TestDatabase[] = [];
  const running: ServerProcess[] = [];
  // The organizer's corrections are checked by WeChat's content security before anyone reads them: a fake WeChat on
  // loopback passes them (without one they would be held for review, as with WeChat unreachable).
  let wechat: FakeWechat;
  beforeAll(async () => {
    wechat = await new FakeWechat().start();
  });
  const withWechat = () => ({ WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-demo-seed', WECHAT_SECRET: 'demo-seed-secret' });
  const start = async (db: TestDatabase) => {
    const p = await spawnServer({ ...db.env, DEMO_SEED: '1', ...withWechat() });
    running.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of running) await stop(p);
    for (const db of databases) await db.drop();
    await wechat?.stop();
  });

  it(
    'starts again after an organizer renamed and corrected the seeded organizations, keeping their changes',
    async () => {
      const db = await createTestDatabase();
      databases.push(db);
      let srv = await start(db);
      const before = await seeded(srv.url);
      const platform = before.orgs.find((o) => o.name === '成都速达同城配送有限公司')!;
      const union = before.orgs.find((o) => o.name === '成都市总工会')!;
      const admin = await signIn(srv.url, 'demo-admin', 'admin');
      const organizer = await signIn(srv.url, 'demo-organizer', 'organizer');
      expect(
        (
          await call(
            srv.url,
            'PATCH',
            `/organizations/${platform.id}`,
            { name: '成都速达即时配送有限公司', employees: 3500 },
            organizer.token,
          )
        ).status,
      ).toBe(200);
      expect((await call(srv.url, 'PATCH', `/organizations/${union.id}`, { name: '成都市总工会（权益保障部）' }, admin.token)).status).toBe(
        200,
      );
      await stop(srv);

      for (let restart = 0; restart < 2; restart++) {
        srv = await start(db);
        const after = await seeded(srv.url);
        expect(after.orgs.map((o) => o.id).sort()).toEqual(before.orgs.map((o) => o.id).sort());
        expect(after.orgs.find((o) => o.id === platform.id)!.name).toBe('成都速达即时配送有限公司');
        expect(after.orgs.find((o) => o.id === union.id)!.name).toBe('成都市总工会（权益保障部）');
        expect(after.orgs.some((o) => o.name === '成都速达同城配送有限公司' || o.name === '成都市总工会')).toBe(false);
        expect(after.accounts).toEqual(before.accounts);
        await stop(srv);
      }
    },
    2 * START_WITHIN_MS + 60_000,
  );

  it('seeds once when four seeds run at the same moment on separate connections', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const config = { databaseUrl: db.env.DATABASE_URL ?? null, sqlitePath: db.env.SQLITE_PATH ?? '' };
    const first = await openDatabase(config); // migrated once, as the first instance would
    const sources = [first, ...(await Promise.all([1, 2, 3].map(() => openDatabase(config))))];
    try {
      const outcomes = await Promise.allSettled(sources.map((ds) => seedDemo(ds)));
      expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      const orgs: { name: string; n: number }[] = await first.query('SELECT name, COUNT(*) AS n FROM organizations GROUP BY name');
      expect(orgs.map((o) => [o.name, Number(o.n)]).sort()).toEqual(DEMO_ORGANIZATIONS.map((o) => [o.name, 1]).sort());
      const users: { openid: string }[] = await first.query('SELECT openid FROM users');
      expect(users.map((u) => u.openid).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.openid).sort());
    } finally {
      for (const ds of sources) await ds.destroy();
    }
  });

  it('keeps what an earlier seed stored under random ids, renamed or not, and adds nothing beside it', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const config = { databaseUrl: db.env.DATABASE_URL ?? null, sqlitePath: db.env.SQLITE_PATH ?? '' };
    const ds = await openDatabase(config);
    try {
      // What the seed of earlier versions left: random ids, then the platform and the city union renamed.
      const legacy = new Map<string, string>();
      for (const o of DEMO_ORGANIZATIONS) {
        const id = randomUUID();
        legacy.set(o.key, id);
        await ds.query(
          'INSERT INTO organizations (id, type, name, regionCode, uscc, isPlatform, isKeyEnterprise, hasUnion) VALUES (?, ?, ?, ?, ?, 0, 0, 0)',
          [
            id,
            o.type,
            o.key === 'platform' ? '成都速达即时配送有限公司' : o.key === 'city_union' ? '成都市总工会（改）' : o.name,
            o.regionCode,
            'uscc' in o ? o.uscc : null,
          ],
        );
      }
      for (const a of DEMO_ACCOUNTS) {
        await ds.query('INSERT INTO users (id, openid, role, organizationId, regionCode, tokenVersion) VALUES (?, ?, ?, ?, ?, 0)', [
          randomUUID(),
          a.openid,
          a.role,
          a.org ? legacy.get(a.org) : null,
          a.regionCode,
        ]);
      }
      await seedDemo(ds);
      await seedDemo(ds);
      const orgs: { id: string }[] = await ds.query('SELECT id FROM organizations');
      expect(orgs.map((o) => o.id).sort()).toEqual([...legacy.values()].sort());
      const users: { openid: string; organizationId: string | null }[] = await ds.query('SELECT openid, organizationId FROM users');
      expect(users).toHaveLength(DEMO_ACCOUNTS.length);
      for (const a of DEMO_ACCOUNTS) {
        expect(users.find((u) => u.openid === a.openid)!.organizationId).toBe(a.org ? legacy.get(a.org) : null);
      }
    } finally {
      await ds.destroy();
    }
  });

  it(
    'seeds once when two instances start together on an empty database',
    async () => {
      const db = await createTestDatabase();
      databases.push(db);
      const [a, b] = await Promise.all([start(db), start(db)]);
      const fromA = await seeded(a.url);
      const fromB = await seeded(b.url);
      expect(fromA).toEqual(fromB);
      const names = fromA.orgs.map((o) => o.name).sort();
      expect(names).toEqual(DEMO_ORGANIZATIONS.map((o) => o.name).sort());
      expect(new Set(fromA.accounts.map((x) => x.id)).size).toBe(DEMO_ACCOUNTS.length);
      const byKey = new Map(DEMO_ORGANIZATIONS.map((o) => [o.key, fromA.orgs.find((x) => x.name === o.name)!.id]));
      for (const account of DEMO_ACCOUNTS) {
        const seen = fromA.accounts.find((x) => x.openid === account.openid)!;
        expect(seen.organizationId).toBe(account.org ? byKey.get(account.org) : null);
      }
    },
    2 * START_WITHIN_MS + 60_000,
  );
});
