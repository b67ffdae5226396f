// Starts the real server (real HTTP on loopback, real database) for a test file, with a fake WeChat beside it.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthResponse, Role } from '@xst/shared-types';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { Clock } from '../../src/common/clock.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { FakeWechat } from './fake-wechat.js';

export interface Actor {
  token: string;
  user: AuthResponse['user'];
}

export class TestServer {
  url = '';
  app!: NestFastifyApplication;
  config!: AppConfig;
  readonly clock = new Clock();
  readonly wechat = new FakeWechat();
  private database!: TestDatabase;

  constructor(private readonly overrides: Record<string, string> = {}) {}

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  get dbKind(): 'sqlite' | 'mysql' {
    return this.database.kind;
  }

  async start(): Promise<this> {
    await this.wechat.start();
    this.database = await createTestDatabase();
    this.config = loadConfig(
      {
        NODE_ENV: 'test',
        AUTH_DEV_LOGIN: '1',
        JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
        BALLOT_SECRET: 'test-ballot-secret-that-is-long-enough-012345',
        WECHAT_API_BASE: this.wechat.url,
        WECHAT_APPID: 'wx-test-app',
        WECHAT_SECRET: 'wx-test-secret',
        // Below the fake's 3 s "slow" answer, above what a loopback call takes on a loaded machine.
        WECHAT_TIMEOUT_MS: '1500',
        H5_DIR: '',
        SWEEP_INTERVAL_SECONDS: '0',
        // Tests drive many requests from one address; the rate-limit test sets its own limits.
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
        RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
        RATE_LIMIT_BALLOT_PER_MINUTE: '1000000',
        ...this.database.env,
        ...this.overrides,
      },
      this.database.dataDir,
    );
    this.app = await createApp(this.config, this.clock);
    await this.app.listen(0, '127.0.0.1');
    this.url = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.wechat.stop();
    await this.database?.drop();
  }

  /** An HTTP client for /api, signed in as `actor` when given. */
  api(actor?: Actor | string) {
    const token = typeof actor === 'string' ? actor : actor?.token;
    const agent = request(this.url);
    const auth = <T extends request.Test>(t: T) => (token ? t.set('authorization', `Bearer ${token}`) : t);
    return {
      get: (path: string) => auth(agent.get(`/api${path}`)),
      post: (path: string, body?: object) => auth(agent.post(`/api${path}`)).send(body ?? {}),
      put: (path: string, body?: object) => auth(agent.put(`/api${path}`)).send(body ?? {}),
      patch: (path: string, body?: object) => auth(agent.patch(`/api${path}`)).send(body ?? {}),
      delete: (path: string) => auth(agent.delete(`/api${path}`)),
    };
  }

  /** Signs in through dev login (the same endpoint the H5 demo uses). */
  async login(openid: string, role: Role, extra: { regionCode?: string; organizationId?: string } = {}): Promise<Actor> {
    const res = await this.api().post('/auth/dev-login', { openid, role, ...extra });
    if (res.status !== 200) throw new Error(`dev-login ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Actor;
  }

  /** A worker with a profile, ready to take part in consultations. */
  async worker(openid: string, regionCode = '510104', industry = 'rider'): Promise<Actor> {
    const actor = await this.login(openid, 'worker');
    const res = await this.api(actor).patch('/me', { regionCode, industry });
    if (res.status !== 200) throw new Error(`profile of ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...actor, user: res.body };
  }

  /** Row counts of every table: to prove a refused request wrote nothing. */
  async rowCounts(): Promise<Record<string, number>> {
    const tables: string[] =
      this.dbKind === 'mysql'
        ? (await this.db.query('SHOW TABLES')).map((r: Record<string, string>) => Object.values(r)[0])
        : (await this.db.query("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")).map(
            (r: { name: string }) => r.name,
          );
    const out: Record<string, number> = {};
    for (const t of tables.sort()) {
      const [row] = await this.db.query(`SELECT COUNT(*) AS n FROM ${this.dbKind === 'mysql' ? `\`${t}\`` : `"${t}"`}`);
      out[t] = Number(row.n);
    }
    return out;
  }
}

export async function startServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  return new TestServer(overrides).start();
}
