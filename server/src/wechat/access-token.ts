// The access token of WeChat's server API (cgi-bin/stable_token), shared by every instance through the database:
// one instance at a time asks WeChat (a lease on the row), the others wait for its answer and read it back. A token
// is asked for again shortly before it runs out; WeChat answers the same token until it has expired, so one that
// was asked for near its end is then used until it runs out. A token WeChat calls invalid is dropped (only that
// token: a newer one another instance stored stays) and the call is made once more with a fresh one.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';
import { WechatAccessTokenEntity } from './wechat-token.entity.js';

/** A failed call of WeChat's server API: `errcode` is WeChat's answer, absent when WeChat could not be reached. */
export class WechatApiError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

/** errcodes meaning the access token is not (or no longer) valid. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** Ask for a token again this long before it runs out. */
export const REFRESH_BEFORE_MS = 5 * 60_000;
/** Never use a token in its last seconds: a call may reach WeChat after it expired. */
const SAFETY_MS = 5_000;
const WAIT_STEP_MS = 50;

export interface WechatAnswer {
  /** The JSON answer, or null when WeChat answered with bytes (an image). */
  json: Record<string, unknown> | null;
  bytes: Buffer;
  contentType: string;
}

@Injectable()
export class WechatAccessToken {
  private readonly logger = new Logger('WeChatToken');
  private cached: { token: string; expiresAt: number; refreshedAt: number } | null = null;
  private obtaining: Promise<string> | null = null;

  constructor(
    @InjectRepository(WechatAccessTokenEntity) private readonly rows: Repository<WechatAccessTokenEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get appId(): string {
    return this.config.wechat.appId || '-';
  }

  /** Whether a token can be used now without asking WeChat. */
  private usable(t: { expiresAt: number; refreshedAt: number } | null, now: number): boolean {
    if (!t || t.expiresAt - SAFETY_MS <= now) return false;
    // Fresh, or already asked for near its end (WeChat answered the same token): keep it until it runs out.
    return t.expiresAt - REFRESH_BEFORE_MS > now || t.refreshedAt >= t.expiresAt - REFRESH_BEFORE_MS;
  }

  /** A valid access token; one request to WeChat at a time across every instance. */
  async get(): Promise<string> {
    if (this.usable(this.cached, this.clock.now().getTime())) return this.cached!.token;
    this.obtaining ??= this.obtain().finally(() => {
      this.obtaining = null;
    });
    return this.obtaining;
  }

  /** Forgets a token WeChat refused (40001/42001), here and for every instance, unless a newer one replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.cached?.token === token) this.cached = null;
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(WechatAccessTokenEntity)
        .set({ token: null, expiresAt: null, refreshedAt: null })
        .where('appId = :appId AND token = :token', { appId: this.appId, token })
        .execute(),
    );
  }

  /**
   * POSTs JSON to a server API path (e.g. `/wxa/msg_sec_check`) with the access token, and once more with a fresh
   * token when WeChat says the token is invalid or expired. Throws WechatApiError when WeChat cannot be reached or
   * answers an HTTP error; WeChat's own errcodes are the caller's to read in `json`.
   */
  async post(path: string, body: unknown): Promise<WechatAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.get();
      const answer = await this.fetchAnswer(`${path}?access_token=${encodeURIComponent(token)}`, body);
      const errcode = Number(answer.json?.errcode ?? 0);
      if (!TOKEN_ERRCODES.has(errcode) || attempt > 0) return answer;
      this.logger.warn(`WeChat refused the access token (errcode ${errcode}); asking for a new one`);
      await this.invalidate(token);
    }
  }

  private async fetchAnswer(pathAndQuery: string, body: unknown): Promise<WechatAnswer> {
    let res: Response;
    let bytes: Buffer;
    try {
      res = await fetch(`${this.config.wechat.apiBase}${pathAndQuery}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.wechat.timeoutMs),
      });
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      throw new WechatApiError(`WeChat unreachable: ${(e as Error).name}`);
    }
    if (!res.ok) throw new WechatApiError(`WeChat answered HTTP ${res.status}`);
    const contentType = res.headers.get('content-type') ?? '';
    if (!/json|text\/plain/i.test(contentType)) return { json: null, bytes, contentType };
    try {
      return { json: JSON.parse(bytes.toString('utf8')) as Record<string, unknown>, bytes, contentType };
    } catch {
      throw new WechatApiError('WeChat answered something that is not JSON');
    }
  }

  private async obtain(): Promise<string> {
    // Another instance holding the lease has at most this long to answer before this one takes over.
    const deadline = Date.now() + 3 * this.config.wechat.timeoutMs + 1000;
    for (;;) {
      const now = this.clock.now().getTime();
      const row = await this.rows.findOneBy({ appId: this.appId });
      const stored =
        row?.token && row.expiresAt
          ? { token: row.token, expiresAt: row.expiresAt.getTime(), refreshedAt: row.refreshedAt?.getTime() ?? 0 }
          : null;
      if (stored && this.usable(stored, now)) {
        this.cached = stored;
        return stored.token;
      }
      if (await this.claim(now)) return this.refresh();
      // Another instance is asking WeChat. A token still valid serves meanwhile; otherwise wait for its answer.
      if (stored && stored.expiresAt - SAFETY_MS > now) return stored.token;
      if (Date.now() > deadline) throw new WechatApiError('timed out waiting for another instance to obtain the access token');
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
    }
  }

  /**
   * Takes the lease to ask WeChat; false when another instance holds it. The row is made sure of and the lease taken
   * in two transactions of one statement each: in one transaction, MariaDB's INSERT IGNORE of a row already there
   * holds a shared lock on it until commit, and two instances each holding one and both then asking for the row's
   * write lock to take the lease is a deadlock.
   */
  private async claim(now: number): Promise<boolean> {
    const until = new Date(now + 2 * this.config.wechat.timeoutMs + 1000);
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(WechatAccessTokenEntity)
        .values({ appId: this.appId, token: null, expiresAt: null, refreshedAt: null, refreshingUntil: null })
        .orIgnore()
        .execute(),
    );
    const res = await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(WechatAccessTokenEntity)
        .set({ refreshingUntil: until })
        .where('appId = :appId AND (refreshingUntil IS NULL OR refreshingUntil < :now)', { appId: this.appId, now: new Date(now) })
        .execute(),
    );
    return Boolean(res.affected);
  }

  private async refresh(): Promise<string> {
    const { appId, secret } = this.config.wechat;
    try {
      // Another instance may have stored a token between the read and the lease.
      const row = await this.rows.findOneBy({ appId: this.appId });
      if (row?.token && row.expiresAt) {
        const stored = { token: row.token, expiresAt: row.expiresAt.getTime(), refreshedAt: row.refreshedAt?.getTime() ?? 0 };
        if (this.usable(stored, this.clock.now().getTime())) {
          await this.tx.run((em) => em.update(WechatAccessTokenEntity, { appId: this.appId }, { refreshingUntil: null }));
          this.cached = stored;
          return stored.token;
        }
      }
      const answer = await this.fetchAnswer('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: appId, secret });
      const token = answer.json?.access_token;
      if (typeof token !== 'string' || !token) {
        const errcode = Number(answer.json?.errcode ?? -1);
        this.logger.warn(`stable_token refused: errcode ${errcode}`);
        throw new WechatApiError(`stable_token errcode ${errcode}`, errcode);
      }
      const now = this.clock.now().getTime();
      const expiresIn = Math.max(0, Number(answer.json?.expires_in ?? 7200));
      const t = { token, expiresAt: now + expiresIn * 1000, refreshedAt: now };
      await this.tx.run((em) =>
        em.update(
          WechatAccessTokenEntity,
          { appId: this.appId },
          { token, expiresAt: new Date(t.expiresAt), refreshedAt: new Date(now), refreshingUntil: null },
        ),
      );
      this.cached = t;
      return token;
    } catch (e) {
      await this.tx
        .run((em) => em.update(WechatAccessTokenEntity, { appId: this.appId }, { refreshingUntil: null }))
        .catch(() => undefined);
      throw e;
    }
  }
}
