// Two server processes on one MariaDB, as behind a load balancer: a ballot storm split across them with the same
// workers on both, and the overdue sweep started on both at the same moment.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { voterKey } from '../src/common/pseudonym.js';
import { createTestDatabase, testDbKind, type TestDatabase } from './support/database.js';
import { FakeWechat } from './support/fake-wechat.js';
import { START_WITHIN_MS, spawnServer, type ServerProcess } from './support/process.js';

const SECRET = 'process-ballot-secret-that-is-long-enough-01234';
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const onMysql = testDbKind() === 'mysql' ? describe : describe.skip;

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

onMysql('two instances on one MariaDB', () => {
  let db: TestDatabase;
  const wechat = new FakeWechat();
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    await wechat.start();
    const env = { ...db.env, WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-two', WECHAT_SECRET: 'two-secret' };
    [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  }, START_WITHIN_MS + 30_000);
  afterAll(async () => {
    a?.child.kill('SIGKILL');
    b?.child.kill('SIGKILL');
    await wechat.stop();
    await db.drop();
  });

  it('keeps one ballot per worker and exact counts when the same workers vote on both, readers polling both', async () => {
    const organizer = (await call(a.url, 'POST', '/auth/dev-login', { openid: 'two-org', role: 'organizer', regionCode: '510100' })).body;
    const now = Date.now();
    const c = (
      await call(
        a.url,
        'POST',
        '/consultations',
        {
          title: '两个实例的投票',
          regionCode: '510100',
          industries: ['rider', 'courier'],
          opensAt: new Date(now - 3600_000).toISOString(),
          closesAt: new Date(now + 86400_000).toISOString(),
          mode: 'ranking',
          maxChoices: 3,
          topics: [{ code: 'commission_rate' }, { code: 'algorithm' }, { code: 'order_dispatch' }],
          allowSuggestions: true,
          resultsVisibility: 'after_vote',
        },
        organizer.token,
      )
    ).body;
    const topics: string[] = c.topics.map((t: { id: string }) => t.id);
    const districts = ['510104', '510105', '510106', '510107'];
    const workers: { id: string; token: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const w = (await call(i % 2 ? a.url : b.url, 'POST', '/auth/dev-login', { openid: `two-w${i}`, role: 'worker' })).body;
      expect((await call(a.url, 'PATCH', '/me', { regionCode: districts[i % 4], industry: 'rider' }, w.token)).status).toBe(200);
      workers.push({ id: `openid:two-w${i}`, token: w.token });
    }
    // Organizers read the published results on both instances all through the storm: each answer adds up.
    let storming = true;
    let reads = 0;
    const readers = [a, b, a, b].map(async (s) => {
      while (storming) {
        const r = await call(s.url, 'GET', `/consultations/${c.id}/results`, undefined, organizer.token);
        expect(r.status).toBe(200);
        if (r.body.published) {
          expect(r.body.ballots).toBeLessThanOrEqual(workers.length);
          for (const by of [r.body.breakdowns.industry, r.body.breakdowns.city])
            expect(by.reduce((n: number, g: { ballots: number }) => n + g.ballots, 0)).toBe(r.body.ballots);
        }
        reads++;
      }
    });
    try {
      for (let round = 0; round < 2; round++) {
        // Between rounds every third worker changes trade: their next ballot moves from one industry's counts to the other's.
        if (round > 0) {
          for (const [i, w] of workers.entries())
            if (i % 3 === 0) expect((await call(b.url, 'PATCH', '/me', { industry: 'courier' }, w.token)).status).toBe(200);
        }
        // Each worker sends three different ballots at once, split over both instances; the last one acknowledged wins.
        const answers = await Promise.all(
          workers.flatMap((w, i) =>
            [0, 1, 2].map((k) =>
              call(
                k % 2 ? a.url : b.url,
                'PUT',
                `/consultations/${c.id}/ballot`,
                {
                  choices: [topics[(i + k + round) % 3], topics[(i + 2 * k + 1) % 3]].filter((t, j, all) => all.indexOf(t) === j),
                  ...((i + k) % 4 === 0 ? { suggestion: `建议${k}` } : {}),
                },
                w.token,
              ),
            ),
          ),
        );
        expect(answers.filter((r) => r.status !== 200)).toEqual([]);
      }
    } finally {
      storming = false;
      await Promise.all(readers);
    }
    expect(reads).toBeGreaterThan(0);
    // The kept counts both instances moved are what a recount of the stored ballots finds.
    const recount = spawnSync(process.execPath, [CLI, 'recount', '--consultation', c.id], {
      env: { ...process.env, ...db.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'c'.repeat(40), BALLOT_SECRET: SECRET },
      encoding: 'utf8',
    });
    expect([recount.status, recount.stdout + recount.stderr]).toEqual([0, expect.stringContaining('the kept counts match')]);
    expect((await call(a.url, 'POST', `/consultations/${c.id}/close`, undefined, organizer.token)).status).toBe(200);
    const [ra, rb] = await Promise.all([a, b].map((s) => call(s.url, 'GET', `/consultations/${c.id}/results`, undefined, organizer.token)));
    expect(ra.body.ballots).toBe(workers.length);
    expect(rb.body).toEqual(ra.body);
    expect(ra.body.breakdowns.industry.map((g: { ballots: number }) => g.ballots).sort()).toEqual([20, 40]);
    // Every worker's stored ballot is one of the three they sent.
    const participation = await call(b.url, 'GET', `/consultations/${c.id}/participation`, undefined, organizer.token);
    expect(participation.body.ballots).toBe(workers.length);
    const keys = new Set(workers.map((w) => voterKey(SECRET, w.id)));
    expect(keys.size).toBe(workers.length);
  }, 120_000);

  it('marks each overdue invitation once and sends each reminder once when both sweep at the same moment', async () => {
    const organizer = (await call(a.url, 'POST', '/auth/dev-login', { openid: 'two-sweep-org', role: 'organizer', regionCode: '510100' }))
      .body;
    const enterprise = (await call(b.url, 'POST', '/auth/dev-login', { openid: 'two-sweep-ent', role: 'enterprise', regionCode: '510104' }))
      .body;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await call(
        i % 2 ? a.url : b.url,
        'POST',
        '/invitations',
        {
          fromOrganizationId: organizer.user.organizationId,
          toOrganizationId: enterprise.user.organizationId,
          scope: 'new_employment',
          topics: [{ code: 'commission_rate', title: '抽成比例' }],
          body: `第 ${i + 1} 份要约`,
          representativesPerSide: 5,
          chiefRepresentative: '王建国',
        },
        organizer.token,
      );
      expect(r.status).toBe(201);
      ids.push(r.body.id);
      // Opened by the enterprise: its period runs from today.
      expect(
        (await call(i % 2 ? b.url : a.url, 'GET', `/invitations/${r.body.id}`, undefined, enterprise.token)).body.replyDueAt,
      ).not.toBeNull();
    }
    // The organizer asked for each of these reminders: one acceptance in WeChat's dialog per message, reported to the
    // server as the mini-program does (WeChat, the fake, counts them on its side).
    const offered = (await call(a.url, 'GET', '/subscriptions', undefined, organizer.token)).body as {
      quotas: { kind: string; templateId: string }[];
    };
    const results = Object.fromEntries(offered.quotas.filter((q) => q.kind === 'invitation_reply').map((q) => [q.templateId, 'accept']));
    expect(Object.keys(results)).toHaveLength(1);
    for (let i = 0; i < ids.length; i++) {
      wechat.accept('two-sweep-org', results);
      expect((await call(i % 2 ? a.url : b.url, 'POST', '/subscriptions', { results }, organizer.token)).status).toBe(200);
    }
    // Past the end of every period however the holidays fall (20 days, moved at most 9 days by 春节).
    await Promise.all([a, b].map((s) => call(s.url, 'PUT', '/dev/clock', { offsetDays: 31 })));
    const before = wechat.sent.length;
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all([a, b].map((s) => call(s.url, 'POST', '/dev/sweep')));
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      if (round === 0) expect(results[0].body.markedOverdue + results[1].body.markedOverdue).toBe(ids.length);
      else expect(results[0].body.markedOverdue + results[1].body.markedOverdue).toBe(0);
    }
    // The overdue reminder goes to the sending union's account: exactly once per invitation.
    const messages = wechat.sent.slice(before).filter((m) => ids.some((id) => m.page?.endsWith(`id=${id}`)));
    {
      const perInvitation = new Map<string, number>();
      for (const m of messages.filter((x) => x.touser === 'two-sweep-org' && x.data.thing1?.value === '要约逾期未获答复')) {
        const id = ids.find((x) => m.page!.endsWith(`id=${x}`))!;
        perInvitation.set(id, (perInvitation.get(id) ?? 0) + 1);
      }
      expect(perInvitation.size).toBe(ids.length);
      expect([...perInvitation.values()].every((n) => n === 1)).toBe(true);
    }
    const [{ n }] = await (await import('mysql2/promise')).default.createConnection(db.env.DATABASE_URL).then(async (conn) => {
      const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'overdue' AND entityId IN (?)`, [ids]);
      await conn.end();
      return rows as { n: number }[];
    });
    expect(Number(n)).toBe(ids.length);
    for (const id of ids) {
      const inv = await call(a.url, 'GET', `/invitations/${id}`, undefined, organizer.token);
      expect(inv.body.status).toBe('overdue');
    }
  }, 120_000);
});
