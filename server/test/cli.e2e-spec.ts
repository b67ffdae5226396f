// The first admin comes from the command line: create-admin prints a one-time code that a WeChat user redeems.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { spawnServer, type ServerProcess } from './support/process.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

describe('the command line', () => {
  let db: TestDatabase;
  let srv: ServerProcess | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    srv?.child.kill('SIGKILL');
    await db.drop();
  });

  const cliEnv = () => ({
    ...process.env,
    ...db.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'c'.repeat(40),
    BALLOT_SECRET: 'd'.repeat(40),
  });
  const run = (args: string[]) =>
    execFileSync(process.execPath, [CLI, ...args], { env: cliEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  /** The exit code and output of a command that may fail. */
  const attempt = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { env: cliEnv(), encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  };
  /** A statement straight on the database, as an operator's client would send it. */
  const sql = async (statement: string, params: unknown[] = [], read = false): Promise<Record<string, unknown>[]> => {
    if (db.kind === 'sqlite') {
      const conn = new Database(db.env.SQLITE_PATH);
      try {
        if (read) return conn.prepare(statement).all(...params) as Record<string, unknown>[];
        conn.prepare(statement).run(...params);
      } finally {
        conn.close();
      }
      return [];
    }
    const conn = await mysql.createConnection(db.env.DATABASE_URL);
    try {
      const [rows] = await conn.query(statement, params);
      return read ? (rows as Record<string, unknown>[]) : [];
    } finally {
      await conn.end();
    }
  };
  const call = async (p: string, method = 'GET', body?: unknown, token?: string) => {
    const res = await fetch(`${srv!.url}/api${p}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** A ranking consultation with 6 ballots, two of them replaced; its results as the organizer reads them. */
  const consultationWithBallots = async (tag: string) => {
    srv ??= await spawnServer(db.env);
    const org = (await call('/auth/dev-login', 'POST', { openid: `${tag}-org`, role: 'organizer', regionCode: '510100' })).body;
    const now = Date.now();
    const c = (
      await call(
        '/consultations',
        'POST',
        {
          title: `重新计票 ${tag}`,
          regionCode: '510100',
          industries: ['rider'],
          opensAt: new Date(now - 3600_000).toISOString(),
          closesAt: new Date(now + 86400_000).toISOString(),
          mode: 'ranking',
          maxChoices: 3,
          topics: [{ code: 'commission_rate' }, { code: 'algorithm' }, { code: 'order_dispatch' }],
          allowSuggestions: true,
        },
        org.token,
      )
    ).body;
    const t: string[] = c.topics.map((x: { id: string }) => x.id);
    for (let i = 0; i < 6; i++) {
      const w = (await call('/auth/dev-login', 'POST', { openid: `${tag}-w${i}`, role: 'worker' })).body;
      expect((await call('/me', 'PATCH', { regionCode: '510104', industry: 'rider' }, w.token)).status).toBe(200);
      expect((await call(`/consultations/${c.id}/ballot`, 'PUT', { choices: [t[i % 3], t[(i + 1) % 3]] }, w.token)).status).toBe(200);
      if (i < 2)
        expect((await call(`/consultations/${c.id}/ballot`, 'PUT', { choices: [t[2]], suggestion: '少罚款' }, w.token)).status).toBe(200);
    }
    // What the results are taken from (the published snapshots are taken from these counts: results-publication.ts)
    const results = async () => {
      const rows = await sql(
        `SELECT dimension, groupKey, topicId, position, n FROM ballot_counts WHERE consultationId = ? ORDER BY dimension, groupKey, topicId, position`,
        [c.id],
        true,
      );
      const all = rows.find((r) => r.dimension === 'all' && r.topicId === '');
      return { ballots: Number(all?.n ?? 0), rows: rows.map((r) => ({ ...r, n: Number(r.n), position: Number(r.position) })) };
    };
    return { id: c.id as string, results, before: await results() };
  };

  it('creates the first admin through a one-time invitation code', async () => {
    const out = run(['create-admin', '--region', '510000', '--organization', '四川省总工会']);
    const code = out.match(/: ([A-Z0-9]{12})\n/)?.[1];
    expect(code).toBeDefined();
    srv = await spawnServer(db.env);
    const call = async (p: string, body?: unknown, token?: string) => {
      const res = await fetch(`${srv!.url}/api${p}`, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const someone = await call('/auth/dev-login', { openid: 'first-admin', role: 'worker' });
    const redeemed = await call('/auth/redeem', { code }, someone.body.token);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.user).toMatchObject({ role: 'admin', regionCode: '510000' });
    const org = await call(`/organizations/${redeemed.body.user.organizationId}`, undefined, redeemed.body.token);
    expect(org.body).toMatchObject({ type: 'union', name: '四川省总工会' });
    // The code works once.
    const other = await call('/auth/dev-login', { openid: 'second-person', role: 'worker' });
    expect((await call('/auth/redeem', { code }, other.body.token)).status).toBe(409);
  });

  it('refuses bad arguments with one clear line', () => {
    expect(() => run(['create-admin', '--region', '51'])).toThrow(/--region must be a 6-digit region code/);
    expect(() => run(['create-admin', '--region', '519999', '--organization', 'x'])).toThrow(/region 519999 does not exist/);
  });

  it('recounts the ballots, names each kept count that differs and exits 1, and rebuilds them with --repair', async () => {
    const c = await consultationWithBallots('recount');
    expect(c.before.ballots).toBe(6);
    expect(run(['recount'])).toMatch(new RegExp(`${c.id} 重新计票 recount: 6 ballots, the kept counts match`));
    // Counts gone wrong behind the server's back: the total off by two, the city's rows lost.
    await sql(`UPDATE ballot_counts SET n = n + 2 WHERE consultationId = ? AND dimension = 'all' AND topicId = ''`, [c.id]);
    await sql(`DELETE FROM ballot_counts WHERE consultationId = ? AND dimension = 'city'`, [c.id]);
    expect((await c.results()).ballots).toBe(8);
    const found = attempt(['recount']);
    expect(found.status).toBe(1);
    expect(found.out).toContain('all · ballots: kept 8, recounted 6');
    expect(found.out).toContain('city 510100 · ballots: kept 0, recounted 6');
    expect(found.out).toMatch(/1 consultation\(s\) differ: run again with --repair/);
    // Only the named consultation, when one is given.
    expect(attempt(['recount', '--consultation', c.id]).status).toBe(1);
    const repaired = attempt(['recount', '--repair']);
    expect([repaired.status, repaired.out]).toEqual([0, expect.stringContaining('rebuilt from the ballots')]);
    expect(attempt(['recount']).status).toBe(0);
    expect(await c.results()).toEqual(c.before);
  }, 60_000);

  it('fills the kept counts from the ballots already cast when the migration runs', async () => {
    const c = await consultationWithBallots('migrate');
    // The database as it was before the migration: no kept counts, the migration not run.
    await sql('DROP TABLE ballot_counts');
    await sql(`DELETE FROM migrations WHERE name = 'BallotCounts1764000001600'`);
    // Opening the database (any command does) runs the migration, which counts the ballots.
    expect(run(['recount'])).toMatch(/all kept counts match the ballots/);
    expect(await c.results()).toEqual(c.before);
  }, 60_000);

  it('refuses to recount a consultation that does not exist', () => {
    const r = attempt(['recount', '--consultation', '00000000-0000-4000-8000-000000000000']);
    expect([r.status, r.out]).toEqual([1, expect.stringContaining('does not exist')]);
  });
});
