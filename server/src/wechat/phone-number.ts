// The phone number a worker confirms with WeChat's phone-number button (open-type="getPhoneNumber"): the button
// gives a one-time code, which only the server can exchange (wxa/business/getuserphonenumber, with the access
// token). The number is returned to the caller and never logged.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, unavailable } from '../common/errors.js';
import { WechatAccessToken, WechatApiError } from './access-token.js';

/** WeChat's errcodes for a phone code that is wrong, already used or expired (it lives 5 minutes). */
const INVALID_PHONE_CODE = new Set([40029, 40163, 40226]);

@Injectable()
export class WechatPhoneNumber {
  private readonly logger = new Logger('WeChatPhone');

  constructor(@Inject(WechatAccessToken) private readonly token: WechatAccessToken) {}

  /** The number as WeChat gives it (purePhoneNumber, without the country code) and its country code. */
  async exchange(code: string): Promise<{ purePhoneNumber: string; countryCode: string }> {
    let json: Record<string, unknown> | null;
    try {
      ({ json } = await this.token.post('/wxa/business/getuserphonenumber', { code }));
    } catch (e) {
      this.logger.warn(`getuserphonenumber failed: ${(e as WechatApiError).message}`);
      throw unavailable('wechat_unavailable', '暂时连不上微信，请稍后再试');
    }
    const errcode = Number(json?.errcode ?? 0);
    const info = json?.phone_info as { purePhoneNumber?: unknown; countryCode?: unknown } | undefined;
    if (errcode === 0 && typeof info?.purePhoneNumber === 'string') {
      return { purePhoneNumber: info.purePhoneNumber, countryCode: String(info.countryCode ?? '') };
    }
    if (INVALID_PHONE_CODE.has(errcode)) {
      throw new DomainError(400, 'wechat_invalid_code', '手机号授权已失效，请再点一次“用微信手机号核验”', [
        { field: 'code', message: '手机号授权已失效' },
      ]);
    }
    if (errcode === 45011) throw new DomainError(429, 'wechat_rate_limited', '核验太频繁了，请稍后再试');
    this.logger.warn(`getuserphonenumber errcode ${errcode}`);
    throw unavailable('wechat_unavailable', '微信暂时不能核验手机号，请稍后再试');
  }
}
