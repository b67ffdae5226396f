// Crash without loss: a ballot storm from this (second) process, the server killed with SIGKILL in the middle,
// restarted on the same database. Every ballot answered 2xx is there exactly once, none refused is there.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { voterKey } from '../src/common/pseudonym.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { spawnServer, type ServerProcess } from './support/process.js';

const SECRET = 'process-ballot-secret-that-is-long-enough-01234';
const WORKERS = 300;

async function post(url: string, path: string, body: unknown, token?: string, method = 'POST') {
  const res = await fetch(`${url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function login(url: string, openid: string, role: string, extra: object = {}) {
  const r = await post(url, '/auth/dev-login', { openid, role, ...extra });
  if (r.status !== 200) throw new Error(`login ${openid}: ${r.status}`);
  return r.body as { token: string; user: { id: string } };
}

describe('a server killed in the middle of a ballot storm', () => {
  let db: TestDatabase;
  let srv: ServerProcess | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    srv?.child.kill('SIGKILL');
    await db.drop();
  });

  it('keeps every acknowledged ballot exactly once and no refused one, and its database stays intact', async () => {
    srv = await spawnServer(db.env);
    const organizer = await login(srv.url, 'crash-org', 'organizer', { regionCode: '510100' });
    const now = Date.now();
    const created = await post(
      srv.url,
      '/consultations',
      {
        title: '崩溃恢复测试',
        regionCode: '510100',
        industries: ['rider'],
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 86400_000).toISOString(),
        mode: 'single',
        maxChoices: 1,
        topics: [{ code: 'commission_rate' }, { code: 'algorithm' }],
        allowSuggestions: false,
        resultsVisibility: 'after_close',
      },
      organizer.token,
    );
    expect(created.status).toBe(201);
    const consultation = created.body as { id: string; topics: { id: string }[] };

    // Riders of Chengdu (accepted) and of Mianyang (refused: outside the consultation's region).
    const voters: { id: string; token: string; inScope: boolean }[] = [];
    for (let i = 0; i < WORKERS; i++) {
      const inScope = i % 10 !== 0;
      const w = await login(srv.url, `crash-w${i}`, 'worker');
      const p = await post(srv.url, '/me', { regionCode: inScope ? '510104' : '510703', industry: 'rider' }, w.token, 'PATCH');
      expect(p.status).toBe(200);
      // ballots are keyed on the person: the openid here
      voters.push({ id: `openid:crash-w${i}`, token: w.token, inScope });
    }

    const acknowledged = new Set<string>();
    const refused = new Set<string>();
    let unanswered = 0;
    let next = 0;
    const killAfter = Math.floor(WORKERS / 2);
    let killed = false;
    const runner = async () => {
      while (next < voters.length) {
        const v = voters[next++];
        try {
          const r = await post(
            srv!.url,
            `/consultations/${consultation.id}/ballot`,
            { choices: [consultation.topics[next % 2].id] },
            v.token,
            'PUT',
          );
          if (r.status >= 200 && r.status < 300) acknowledged.add(v.id);
          else if (r.status >= 400 && r.status < 500) refused.add(v.id);
          else throw new Error(`unexpected ${r.status}`);
        } catch (e) {
          if (!killed) throw e;
          unanswered++;
        }
        if (!killed && acknowledged.size + refused.size >= killAfter) {
          killed = true;
          srv!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, runner));
    await srv.exited;
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThan(50);
    expect(refused.size).toBeGreaterThan(5);

    // Restart on the same database.
    srv = await spawnServer(db.env);
    const keys: string[] =
      db.kind === 'sqlite'
        ? (() => {
            const conn = new Database(db.env.SQLITE_PATH);
            expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
            const rows = conn.prepare('SELECT voterKey FROM ballots WHERE consultationId = ?').all(consultation.id) as {
              voterKey: string;
            }[];
            conn.close();
            return rows.map((r) => r.voterKey);
          })()
        : await (async () => {
            const conn = await mysql.createConnection(db.env.DATABASE_URL);
            const [check] = await conn.query('CHECK TABLE ballots');
            expect((check as { Msg_text: string }[]).at(-1)!.Msg_text).toBe('OK');
            const [rows] = await conn.query('SELECT voterKey FROM ballots WHERE consultationId = ?', [consultation.id]);
            await conn.end();
            return (rows as { voterKey: string }[]).map((r) => r.voterKey);
          })();
    const present = new Map<string, number>();
    for (const k of keys) present.set(k, (present.get(k) ?? 0) + 1);
    for (const id of acknowledged) expect(present.get(voterKey(SECRET, id))).toBe(1);
    for (const id of refused) expect(present.has(voterKey(SECRET, id))).toBe(false);
    // What was neither acknowledged nor refused may or may not have landed — but never twice.
    expect([...present.values()].every((n) => n === 1)).toBe(true);
    // The restarted server counts the same ballots it stored (in the final results, taken at close).
    const close = await fetch(`${srv.url}/api/consultations/${consultation.id}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${organizer.token}` },
    });
    expect(close.status).toBe(200);
    const results = await fetch(`${srv.url}/api/consultations/${consultation.id}/results`, {
      headers: { authorization: `Bearer ${organizer.token}` },
    });
    expect(((await results.json()) as { ballots: number }).ballots).toBe(keys.length);
    console.log(
      `crash test (${db.kind}): ${acknowledged.size} acknowledged, ${refused.size} refused, ${unanswered} cut off, ${keys.length} stored`,
    );
  }, 120_000);
});
