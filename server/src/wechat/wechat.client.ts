// The one client of WeChat's server API. Its base URL, app id and secret come from configuration, so that tests
// point it at a fake WeChat server on loopback; every call has a bounded timeout.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError, unauthorized, unavailable } from '../common/errors.js';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

/** WeChat's errcodes for a login code that is wrong, used or expired. */
const INVALID_CODE = new Set([40029, 40163, 40226]);

export class WechatSendError extends Error {}

@Injectable()
export class WechatClient {
  private readonly logger = new Logger('WeChat');
  private accessToken: { value: string; expiresAt: number } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private async getJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.config.wechat.timeoutMs) });
    if (!res.ok) throw new Error(`WeChat answered HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }

  /** Exchanges a wx.login code for the user's openid (jscode2session). */
  async code2Session(code: string): Promise<WechatSession> {
    const { apiBase, appId, secret } = this.config.wechat;
    const q = new URLSearchParams({ appid: appId, secret, js_code: code, grant_type: 'authorization_code' });
    let body: Record<string, unknown>;
    try {
      body = await this.getJson(`${apiBase}/sns/jscode2session?${q}`);
    } catch (e) {
      this.logger.warn(`jscode2session failed: ${(e as Error).name}: ${(e as Error).message}`);
      throw unavailable('wechat_unavailable', '暂时连不上微信，请稍后再试');
    }
    const errcode = Number(body.errcode ?? 0);
    if (errcode === 0 && typeof body.openid === 'string' && body.openid) {
      return { openid: body.openid, unionid: typeof body.unionid === 'string' ? body.unionid : undefined };
    }
    if (INVALID_CODE.has(errcode)) {
      throw unauthorized('微信登录凭证无效或已使用，请重新进入小程序再试', 'wechat_invalid_code');
    }
    if (errcode === 45011) throw new DomainError(429, 'wechat_rate_limited', '登录太频繁了，请稍后再试');
    this.logger.warn(`jscode2session errcode ${errcode}`);
    throw unavailable('wechat_unavailable', '微信登录暂时不可用，请稍后再试');
  }

  private async token(): Promise<string> {
    if (this.accessToken && this.accessToken.expiresAt > Date.now() + 60_000) return this.accessToken.value;
    const { apiBase, appId, secret } = this.config.wechat;
    const body = await this.getJson(`${apiBase}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret }),
    });
    if (typeof body.access_token !== 'string') throw new WechatSendError(`stable_token errcode ${body.errcode}`);
    this.accessToken = { value: body.access_token, expiresAt: Date.now() + Number(body.expires_in ?? 7200) * 1000 };
    return body.access_token;
  }

  /** Sends one subscribe message; throws WechatSendError on any failure, for the caller's retry queue. */
  async sendSubscribeMessage(openid: string, templateId: string, page: string, data: Record<string, string>): Promise<void> {
    let body: Record<string, unknown>;
    try {
      const token = await this.token();
      body = await this.getJson(`${this.config.wechat.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: openid,
          template_id: templateId,
          page,
          data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { value: v }])),
        }),
      });
    } catch (e) {
      if (e instanceof WechatSendError) throw e;
      throw new WechatSendError((e as Error).message);
    }
    const errcode = Number(body.errcode ?? 0);
    if (errcode === 40001 || errcode === 42001) this.accessToken = null;
    if (errcode !== 0) throw new WechatSendError(`subscribe/send errcode ${errcode}`);
  }
}
