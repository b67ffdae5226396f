// Server API calls with a fresh stable_token each time (no cache): stands in until the shared access token service.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { WechatAnswer, WechatPost } from './wxacode.js';

@Injectable()
export class InterimWechatPost implements WechatPost {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private async call(path: string, body: unknown): Promise<WechatAnswer> {
    const res = await fetch(`${this.config.wechat.apiBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.config.wechat.timeoutMs),
    });
    if (!res.ok) throw new Error(`WeChat answered HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    return { json: /json|text\/plain/.test(contentType) ? JSON.parse(bytes.toString('utf8')) : null, bytes, contentType };
  }

  async post(path: string, body: unknown): Promise<WechatAnswer> {
    const { appId, secret } = this.config.wechat;
    const t = await this.call('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: appId, secret });
    const token = t.json?.access_token;
    if (typeof token !== 'string') throw new Error(`stable_token errcode ${t.json?.errcode}`);
    return this.call(`${path}?access_token=${encodeURIComponent(token)}`, body);
  }
}
