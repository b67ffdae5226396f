// The access token of WeChat's server API: asked for once and shared by every instance through the database, asked
// for again before it runs out, replaced when WeChat refuses it, and never asked for by two instances at once.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory.js';
import { Clock } from '../src/common/clock.js';
import { loadConfig } from '../src/config/config.js';
import { WechatAccessToken, WechatApiError } from '../src/wechat/access-token.js';
import { WechatClient } from '../src/wechat/wechat.client.js';
import { testDbKind } from './support/database.js';
import { startServer, type TestServer } from './support/server.js';

const HOUR = 3600_000;

describe('the WeChat access token', () => {
  let s: TestServer;
  let second: NestFastifyApplication;
  const secondClock = new Clock();
  const token = () => s.app.get(WechatAccessToken);
  const secondToken = () => second.get(WechatAccessToken);

  beforeAll(async () => {
    s = await startServer();
    // A second instance of the server on the same database.
    second = await createApp(s.config, secondClock);
  });
  afterAll(async () => {
    await second?.close();
    await s?.stop();
  });

  /** Moves WeChat's clock and both instances' clocks together. */
  const advance = (ms: number) => {
    s.wechat.tokenClockMs += ms;
    s.clock.setOffset(s.clock.offset() + ms);
    secondClock.setOffset(secondClock.offset() + ms);
  };

  it('asks stable_token once and serves every later call, on either instance, from the stored token', async () => {
    const first = await token().get();
    expect(first).toMatch(/^fake-token-/);
    expect(await token().get()).toBe(first);
    expect(await secondToken().get()).toBe(first);
    expect(s.wechat.stableTokenCalls).toBe(1);
    const [row] = await s.db.query('SELECT token, expiresAt FROM wechat_access_tokens');
    expect(row.token).toBe(first);
  });

  // Two instances on one SQLite file in one process would block each other's event loop on the file lock; on SQLite
  // (one instance in production) the calls of one instance are made at once instead.
  it('lets one instance ask WeChat while many calls on two instances wait for its answer', async () => {
    const other = testDbKind() === 'mysql' ? secondToken : token;
    s.wechat.revokeTokens();
    await token().invalidate(await token().get());
    await secondToken().invalidate(await secondToken().get());
    const before = s.wechat.stableTokenCalls;
    s.wechat.stableTokenDelayMs = 300;
    try {
      const all = await Promise.all([...Array(5)].flatMap(() => [token().get(), other().get()]));
      expect(new Set(all).size).toBe(1);
      expect(s.wechat.stableTokenCalls - before).toBe(1);
    } finally {
      s.wechat.stableTokenDelayMs = 0;
    }
  });

  it('asks again in the last minutes of a token, keeps the same token WeChat answers until it runs out, then takes the new one', async () => {
    const current = await token().get();
    let calls = s.wechat.stableTokenCalls;
    advance(2 * HOUR - 4 * 60_000); // four minutes left
    expect(await token().get()).toBe(current); // WeChat answers the same token with its seconds left
    expect(s.wechat.stableTokenCalls).toBe(calls + 1);
    calls = s.wechat.stableTokenCalls;
    expect(await token().get()).toBe(current);
    expect(await secondToken().get()).toBe(current);
    expect(s.wechat.stableTokenCalls).toBe(calls); // asked once near its end, not on every call
    advance(4 * 60_000);
    const next = await token().get();
    expect(next).not.toBe(current);
    expect(await secondToken().get()).toBe(next);
    expect(s.wechat.stableTokenCalls).toBe(calls + 1);
  });

  it('never sends a call with an expired token: WeChat would answer 42001', async () => {
    const current = await token().get();
    advance(2 * HOUR + 1000);
    s.wechat.accept('o-token-1', ['tpl']);
    await s.app.get(WechatClient).sendSubscribeMessage('o-token-1', 'tpl', 'pages/index/index', { thing1: 'x' });
    expect(s.wechat.sent.at(-1)?.touser).toBe('o-token-1');
    expect(await token().get()).not.toBe(current);
  });

  it('replaces a token WeChat refuses (40001) and makes the call once more', async () => {
    await token().get();
    s.wechat.revokeTokens(); // e.g. someone used force_refresh elsewhere
    s.wechat.accept('o-token-2', ['t']);
    s.wechat.accept('o-token-3', ['t']);
    const calls = s.wechat.stableTokenCalls;
    const answer = await token().post('/cgi-bin/message/subscribe/send', { touser: 'o-token-2', template_id: 't', data: {} });
    expect(answer.json?.errcode).toBe(0);
    expect(s.wechat.stableTokenCalls).toBe(calls + 1);
    // The other instance finds the new token in the database after its own call is refused.
    const other = await secondToken().post('/cgi-bin/message/subscribe/send', { touser: 'o-token-3', template_id: 't', data: {} });
    expect(other.json?.errcode).toBe(0);
    expect(s.wechat.stableTokenCalls).toBe(calls + 1);
  });

  it('gives a refused secret as WeChat errcode and frees the lease for the next try', async () => {
    const wrong = await createApp(
      loadConfig({ ...process.env, ...configEnv(s), WECHAT_APPID: 'wx-other-app', WECHAT_SECRET: 'wrong-secret' }, s.config.dataDir),
      new Clock(),
    );
    try {
      const err = await wrong
        .get(WechatAccessToken)
        .get()
        .catch((e) => e);
      expect(err).toBeInstanceOf(WechatApiError);
      expect((err as WechatApiError).errcode).toBe(40125);
      const again = await wrong
        .get(WechatAccessToken)
        .get()
        .catch((e) => e);
      expect((again as WechatApiError).errcode).toBe(40125); // asked again at once: no lease left behind
      const [row] = await s.db.query("SELECT token, refreshingUntil FROM wechat_access_tokens WHERE appId = 'wx-other-app'");
      expect(row.token).toBeNull();
      expect(row.refreshingUntil).toBeNull();
    } finally {
      await wrong.close();
    }
  });

  it('fails within the timeout when WeChat cannot be reached', async () => {
    const down = await createApp(
      loadConfig({ ...process.env, ...configEnv(s), WECHAT_APPID: 'wx-down-app', WECHAT_API_BASE: 'http://127.0.0.1:9' }, s.config.dataDir),
      new Clock(),
    );
    try {
      const started = Date.now();
      const err = await down
        .get(WechatAccessToken)
        .get()
        .catch((e) => e);
      expect(err).toBeInstanceOf(WechatApiError);
      expect((err as WechatApiError).errcode).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await down.close();
    }
  });
});

/** The settings the test server was started with, as environment variables. */
function configEnv(s: TestServer): Record<string, string> {
  const c = s.config;
  return {
    NODE_ENV: 'test',
    JWT_SECRET: c.jwtSecret,
    BALLOT_SECRET: c.ballotSecret,
    WECHAT_API_BASE: c.wechat.apiBase,
    WECHAT_APPID: c.wechat.appId,
    WECHAT_SECRET: c.wechat.secret,
    WECHAT_TIMEOUT_MS: String(c.wechat.timeoutMs),
    H5_DIR: '',
    SWEEP_INTERVAL_SECONDS: '0',
    ...(c.databaseUrl ? { DATABASE_URL: c.databaseUrl } : { SQLITE_PATH: c.sqlitePath }),
  };
}
