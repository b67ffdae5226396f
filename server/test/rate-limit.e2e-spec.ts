import net from 'node:net';
import { startServer, type TestServer } from './support/server.js';

const LIMITS = {
  RATE_LIMIT_SIGN_IN_PER_MINUTE: '3',
  RATE_LIMIT_PER_MINUTE: '5',
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000',
  RATE_LIMIT_BALLOT_PER_MINUTE: '2',
};

function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: 6379 });
    s.setTimeout(1000);
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(false));
  });
}

describe('rate limits', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer(LIMITS);
  });
  afterAll(async () => {
    await s.stop();
  });

  it('refuses a fourth sign-in attempt within a minute from one address with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await s.api().post('/auth/wechat', { code: `ok:rl-${i}` })).status).toBe(200);
    const res = await s.api().post('/auth/wechat', { code: 'ok:rl-4' });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.message).toMatch(/太频繁/);
  });

  it('limits each account on its own, below the address limit', async () => {
    const fresh = await startServer(LIMITS);
    try {
      const { token } = (await fresh.api().post('/auth/dev-login', { openid: 'rl-account', role: 'worker' })).body;
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fresh.api(token).get('/me')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await fresh.stop();
    }
  });
});

describe('rate limits shared through Redis by two instances', () => {
  it('counts sign-ins on both instances together when REDIS_URL is set', async () => {
    if (!(await redisAnswers())) {
      // Redis runs on every machine of this project's kind; failing loudly keeps the check from vanishing.
      throw new Error('Redis does not answer on 127.0.0.1:6379');
    }
    const prefix = `t${Date.now()}`;
    const env = { ...LIMITS, REDIS_URL: 'redis://127.0.0.1:6379', RATE_LIMIT_SIGN_IN_PER_MINUTE: '4', RATE_LIMIT_KEY_PREFIX: prefix };
    const a = await startServer(env);
    const b = await startServer(env);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await (i % 2 ? b : a).api().post('/auth/wechat', { code: `ok:redis-${i}` })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe('rate limits behind a proxy (TRUST_PROXY)', () => {
  const signIn = (s: TestServer, forwardedFor: string, code: string) =>
    s
      .api()
      .post('/auth/wechat', { code: `ok:${code}` })
      .set('x-forwarded-for', forwardedFor);
  /** Sign-in statuses of `n` attempts, each with the X-Forwarded-For `forwardedFor(i)`. */
  const attempts = async (s: TestServer, n: number, forwardedFor: (i: number) => string, tag: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await signIn(s, forwardedFor(i), `${tag}-${i}`)).status);
    return statuses;
  };

  it('gives two clients behind the default loopback proxy their own sign-in limits', async () => {
    const s = await startServer(LIMITS);
    try {
      expect(await attempts(s, 4, () => '203.0.113.10', 'xff-a')).toEqual([200, 200, 200, 429]);
      expect(await attempts(s, 3, () => '203.0.113.20', 'xff-b')).toEqual([200, 200, 200]);
    } finally {
      await s.stop();
    }
  });

  it('ignores X-Forwarded-For from a client that is not one of the trusted proxies', async () => {
    // The load balancer is in 10.0.0.0/8; the test connects from 127.0.0.1, a client like any other.
    const s = await startServer({ ...LIMITS, TRUST_PROXY: '10.0.0.0/8' });
    try {
      expect(await attempts(s, 4, (i) => `203.0.113.${100 + i}`, 'spoof')).toEqual([200, 200, 200, 429]);
    } finally {
      await s.stop();
    }
  });

  it('counts the client two hops in with TRUST_PROXY=2, whatever it puts in front', async () => {
    const s = await startServer({ ...LIMITS, TRUST_PROXY: '2' });
    try {
      expect(await attempts(s, 3, () => '203.0.113.41, 10.1.2.3', 'hop-a')).toEqual([200, 200, 200]);
      expect(await attempts(s, 3, () => '203.0.113.42, 10.1.2.3', 'hop-b')).toEqual([200, 200, 200]);
      expect(await attempts(s, 2, (i) => `198.51.100.${i}, 203.0.113.41, 10.1.2.3`, 'hop-spoof')).toEqual([429, 429]);
    } finally {
      await s.stop();
    }
  });
});
