// The one client of WeChat's server API. Its base URL, app id and secret come from configuration, so that tests
// point it at a fake WeChat server on loopback; every call has a bounded timeout.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError, unauthorized, unavailable } from '../common/errors.js';
import { WechatAccessToken } from './access-token.js';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

/** WeChat's errcodes for a login code that is wrong, used or expired. */
const INVALID_CODE = new Set([40029, 40163, 40226]);

/** A subscribe message not sent; `errcode` is WeChat's answer (43101: no acceptance left), absent when unreachable. */
export class WechatSendError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

@Injectable()
export class WechatClient {
  private readonly logger = new Logger('WeChat');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WechatAccessToken) private readonly accessToken: WechatAccessToken,
  ) {}

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

  /** Sends one subscribe message; throws WechatSendError on any failure, for the caller's retry queue. */
  async sendSubscribeMessage(openid: string, templateId: string, page: string, data: Record<string, string>): Promise<void> {
    let body: Record<string, unknown>;
    try {
      const answer = await this.accessToken.post('/cgi-bin/message/subscribe/send', {
        touser: openid,
        template_id: templateId,
        page,
        data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { value: v }])),
      });
      body = answer.json ?? {};
    } catch (e) {
      throw new WechatSendError((e as Error).message);
    }
    const errcode = Number(body.errcode ?? 0);
    if (errcode !== 0) throw new WechatSendError(`subscribe/send errcode ${errcode}`, errcode);
  }
}
