// A backup taken while the server runs restores to a database that holds the records.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { FakeWechat } from './support/fake-wechat.js';
import { spawnServer, type ServerProcess } from './support/process.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

async function call(url: string, method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}/api${p}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

describe('backup and restore', () => {
  let db: TestDatabase;
  let restored: TestDatabase | undefined;
  const servers: ServerProcess[] = [];
  // The union names written below are checked by WeChat's content security: a fake WeChat on loopback passes them.
  let wechat: FakeWechat;
  const withWechat = () => ({ WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-backup', WECHAT_SECRET: 'backup-secret' });
  beforeAll(async () => {
    db = await createTestDatabase();
    wechat = await new FakeWechat().start();
  });
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    await db.drop();
    await restored?.drop();
    await wechat?.stop();
  });

  it('restores a copy taken while the server was answering requests, with every record in it', async () => {
    const live = await spawnServer({ ...db.env, ...withWechat() });
    servers.push(live);
    const admin = (await call(live.url, 'POST', '/auth/dev-login', { openid: 'bk-admin', role: 'admin', regionCode: '510000' })).body;
    const names = Array.from({ length: 20 }, (_, i) => `备份测试工会${i + 1}`);
    for (const name of names)
      expect((await call(live.url, 'POST', '/organizations', { type: 'union', name, regionCode: '510100' }, admin.token)).status).toBe(201);

    // Writes keep arriving while the copy is taken.
    let writing = true;
    const writer = (async () => {
      let i = 0;
      while (writing) await call(live.url, 'PATCH', '/me', { displayName: `管理员${i++}` }, admin.token);
    })();
    let target: Record<string, string>;
    if (db.kind === 'sqlite') {
      const out = path.join(db.dataDir, 'backup-copy.sqlite');
      execFileSync(process.execPath, [CLI, 'backup', '--out', out], {
        env: {
          ...process.env,
          ...db.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          JWT_SECRET: 'x'.repeat(32),
          BALLOT_SECRET: 'y'.repeat(32),
        },
      });
      expect(existsSync(out)).toBe(true);
      target = { SQLITE_PATH: out, DATA_DIR: db.dataDir };
    } else {
      const dump = ['mariadb-dump', 'mysqldump'].find((bin) => {
        try {
          execFileSync('which', [bin]);
          return true;
        } catch {
          return false;
        }
      });
      if (!dump) throw new Error('neither mariadb-dump nor mysqldump is installed');
      const src = new URL(db.env.DATABASE_URL);
      const sql = execFileSync(
        dump,
        [
          '--single-transaction',
          '-h',
          src.hostname,
          '-P',
          src.port || '3306',
          '-u',
          decodeURIComponent(src.username),
          src.pathname.slice(1),
        ],
        { maxBuffer: 256 * 1024 * 1024 },
      );
      restored = await createTestDatabase();
      const conn = await mysql.createConnection({ uri: restored.env.DATABASE_URL, multipleStatements: true });
      await conn.query(sql.toString('utf8'));
      await conn.end();
      target = restored.env;
    }
    writing = false;
    await writer;

    const copy = await spawnServer({ ...target, ...withWechat() });
    servers.push(copy);
    const again = (await call(copy.url, 'POST', '/auth/dev-login', { openid: 'bk-admin', role: 'admin' })).body;
    const orgs = await call(copy.url, 'GET', '/organizations?type=union&regionCode=510100', undefined, again.token);
    expect(orgs.body.items.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(names));
    expect((await call(copy.url, 'GET', '/health')).body.status).toBe('ok');
  }, 120_000);
});
