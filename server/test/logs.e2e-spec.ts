// What the server writes to its log: JSON lines with a request id, and never a secret, a token or an openid.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { FakeWechat } from './support/fake-wechat.js';
import { spawnServer, type ServerProcess } from './support/process.js';

describe('the server log', () => {
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

  it('holds request ids but no secret, token or openid', async () => {
    const secrets = {
      JWT_SECRET: 'log-jwt-secret-0123456789-0123456789-abcdef',
      BALLOT_SECRET: 'log-ballot-secret-0123456789-0123456789-ab',
      WECHAT_SECRET: 'log-wechat-secret-value-42',
    };
    srv = await spawnServer({ ...db.env, ...secrets, LOG_LEVEL: 'debug', WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-log' });
    const openid = 'oLOGx7Qz_secret_openid_123';
    const login = await fetch(`${srv.url}/api/auth/wechat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-log-check-1' },
      body: JSON.stringify({ code: `ok:${openid}` }),
    });
    const { token } = (await login.json()) as { token: string };
    await fetch(`${srv.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${srv.url}/api/auth/wechat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'bad' }),
    });
    await fetch(`${srv.url}/api/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'dev-openid-visible-nowhere', role: 'worker' }),
    });
    await new Promise((r) => setTimeout(r, 300));
    const log = srv.output();
    expect(log).toContain('"req-log-check-1"');
    for (const hidden of [...Object.values(secrets), token, token.split('.')[2], openid, 'dev-openid-visible-nowhere', 'session-key']) {
      expect(log.includes(hidden) ? `log contains ${hidden.slice(0, 12)}…` : 'clean').toBe('clean');
    }
    const lines = log.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('writes the error id of a 500 and the request id on one line', async () => {
    const { token } = (await (
      await fetch(`${srv.url}/api/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: 'log-500-organizer', role: 'organizer', regionCode: '510100' }),
      })
    ).json()) as { token: string };
    // A table the next request reads goes missing under the running server: an error nobody planned for.
    const rename = 'ALTER TABLE consultations RENAME TO consultations_gone';
    if (db.kind === 'sqlite') {
      const sqlite = new Database(db.env.SQLITE_PATH);
      sqlite.exec(rename);
      sqlite.close();
    } else {
      const c = await mysql.createConnection(db.env.DATABASE_URL);
      await c.query(rename);
      await c.end();
    }
    const res = await fetch(`${srv.url}/api/consultations`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-log-500' },
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('req-log-500');
    const { errorId } = (await res.json()) as { errorId: string };
    await new Promise((r) => setTimeout(r, 300));
    const lines = srv
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.errorId === errorId)).toMatchObject({ reqId: 'req-log-500', msg: 'unhandled error' });
    expect(lines.find((l) => l.req?.id === 'req-log-500')).toMatchObject({ res: { statusCode: 500 }, msg: 'request errored' });
  });
});
