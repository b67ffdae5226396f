// The real server, built, as its own process on a fresh database, serving the H5 build of the mini-program.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../../server/test/support/database.js';
import { FakeWechat } from '../../server/test/support/fake-wechat.js';
import { spawnServer, type ServerProcess } from '../../server/test/support/process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface JourneyServer extends ServerProcess {
  db: TestDatabase;
  /** The fake WeChat its server API calls reach (content checks, subscribe messages). */
  wechat: FakeWechat | null;
  /** Calls the API as `token` (or anonymously). */
  api<T = any>(method: string, apiPath: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  login(openid: string, role: string, extra?: object): Promise<{ token: string; user: { id: string; organizationId: string | null } }>;
  setClockDays(days: number): Promise<void>;
  stop(): Promise<void>;
}

/** Calls the API of the server at `url`: as `token`, or anonymously; dev sign-in; the test clock. */
export function apiClient(url: string): Pick<JourneyServer, 'api' | 'login' | 'setClockDays'> {
  const api = async (method: string, apiPath: string, body?: unknown, token?: string) => {
    const res = await fetch(`${url}/api${apiPath}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    api,
    async login(openid, role, extra = {}) {
      const r = await api('POST', '/auth/dev-login', { openid, role, ...extra });
      if (r.status !== 200) throw new Error(`dev-login ${openid}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async setClockDays(days) {
      const r = await api('PUT', '/dev/clock', { offsetDays: days });
      if (r.status !== 200) throw new Error(`clock: ${r.status}`);
    },
  };
}

/** `env` adds to the server's settings (the WeChat journeys point WECHAT_API_BASE at a fake WeChat server). */
export async function startJourneyServer(env: Record<string, string> = {}): Promise<JourneyServer> {
  const db = await createTestDatabase();
  const wechat = env.WECHAT_API_BASE ? null : await new FakeWechat().start();
  const srv = await spawnServer({
    ...db.env,
    H5_DIR: path.join(root, 'miniapp', 'dist', 'h5'),
    DEMO_SEED: '1',
    ...(wechat ? { WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-h5-journeys', WECHAT_SECRET: 'h5-journeys-secret' } : {}),
    ...env,
  });
  return {
    ...srv,
    db,
    wechat,
    ...apiClient(srv.url),
    async stop() {
      srv.child.kill('SIGTERM');
      await srv.exited;
      await db.drop();
      await wechat?.stop();
    },
  };
}
