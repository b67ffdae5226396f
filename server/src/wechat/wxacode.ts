// 小程序码 through WeChat's wxa/getwxacodeunlimit: a code that opens `page` with `scene` (1–32 characters) and never
// runs out. WeChat answers the image's bytes, or JSON with an errcode when it refuses the request.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, unavailable } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WechatAccessToken, type WechatAnswer } from './access-token.js';

/** Characters WeChat takes in a scene. */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

export interface WxaCodeImage {
  bytes: Buffer;
  contentType: string;
}

@Injectable()
export class WxaCode {
  private readonly logger = new Logger('WeChatCode');

  constructor(
    @Inject(WechatAccessToken) private readonly wechat: WechatAccessToken,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The 小程序码 opening `page` (a page of app.json, no leading slash) with `scene`. */
  async unlimited(scene: string, page: string, width = 430): Promise<WxaCodeImage> {
    if (!SCENE.test(scene)) throw new Error(`scene "${scene}" is not 1–32 characters WeChat takes`);
    const envVersion = this.config.wechat.codeEnvVersion;
    let answer: WechatAnswer;
    try {
      answer = await this.wechat.post('/wxa/getwxacodeunlimit', {
        scene,
        page,
        width,
        env_version: envVersion,
        // Only a released version can be checked for the page.
        check_path: envVersion === 'release',
      });
    } catch (e) {
      this.logger.warn(`getwxacodeunlimit failed: ${(e as Error).message}`);
      throw unavailable('wechat_unavailable', '暂时连不上微信，小程序码生成不了，请稍后再试');
    }
    if (!answer.json && /^image\//.test(answer.contentType) && answer.bytes.length) {
      return { bytes: answer.bytes, contentType: answer.contentType };
    }
    const errcode = Number(answer.json?.errcode ?? -1);
    this.logger.warn(`getwxacodeunlimit errcode ${errcode}`);
    if (errcode === 41030) throw unavailable('wechat_page_unreleased', '小程序的投票页还没有发布，发布新版本后才能生成小程序码');
    if (errcode === 45009) throw new DomainError(429, 'wechat_rate_limited', '今天生成小程序码的次数用完了，明天再试');
    throw unavailable('wechat_unavailable', '微信暂时生成不了小程序码，请稍后再试');
  }
}
