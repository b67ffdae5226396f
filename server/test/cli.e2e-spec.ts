// The first admin comes from the command line: create-admin prints a one-time code that a WeChat user redeems.
import { execFileSync } from 'node:child_process';
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

  const run = (args: string[]) =>
    execFileSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...db.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'c'.repeat(40), BALLOT_SECRET: 'd'.repeat(40) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

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
});
