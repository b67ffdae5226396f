// SMS notices through Tencent Cloud SMS (API 2021-01-11, SendSms) with its own SDK. The endpoint comes from
// configuration (SMS_ENDPOINT), so tests send to a fake on loopback that checks the signature as Tencent Cloud does.
import { Inject, Injectable } from '@nestjs/common';
import type { sms } from 'tencentcloud-sdk-nodejs-sms';
import { tencentSms } from '../common/libraries.js';
import { APP_CONFIG, type AppConfig, type SmsSettings } from '../config/config.js';

type SmsApi = InstanceType<typeof sms.v20210111.Client>;

/** A notice not sent. `permanent`: the provider refused it for good (retrying cannot help); else a passing failure. */
export class SmsSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * Refusals that another try cannot change: the number (not a mainland mobile, blacklisted), the content, or the
 * account's signature, template, application or keys. Everything else (InternalError.*, LimitExceeded.*, a clock off
 * by minutes, the network) passes.
 */
const PERMANENT = [
  /^InvalidParameter/,
  /^FailedOperation\.(PhoneNumberInBlacklist|ContainSensitiveWord|SignatureIncorrectOrUnapproved|TemplateIncorrectOrUnapproved|TemplateParamSetNotMatchApprovedTemplate|MissingSignature|MissingTemplate)/,
  /^UnauthorizedOperation\./,
  /^AuthFailure\.(?!SignatureExpire)/,
  /^UnsupportedOperation\./,
];

export const isPermanentSmsCode = (code: string) => PERMANENT.some((p) => p.test(code));

/** What the organizer reads when a notice did not go out, by the provider's code. */
export function smsFailureReason(code: string): string {
  if (code === 'InvalidParameterValue.IncorrectPhoneNumber') return '联系手机号码不正确，短信运营商拒收';
  if (code === 'FailedOperation.PhoneNumberInBlacklist') return '联系手机已退订短信或被运营商拦截';
  if (code === 'FailedOperation.ContainSensitiveWord') return '短信内容未通过运营商审核';
  if (/^LimitExceeded\./.test(code) || code === 'RequestLimitExceeded') return '发送过于频繁，稍后会再试';
  if (code === 'GaveUp') return '多次发送都没有成功，已停止重试';
  if (code === 'NoContactPhone') return '发送时这家单位已没有登记联系手机';
  if (code === 'Replied') return '对方已经答复，无需再发短信';
  if (code === 'Withdrawn') return '要约已撤回，短信未发出';
  if (code === 'Disabled') return '短信通知已关闭，短信未发出';
  if (isPermanentSmsCode(code)) return '短信服务的配置有误（签名、模板或密钥），请联系管理员';
  return '短信服务暂时不可用，稍后会再试';
}

@Injectable()
export class SmsClient {
  private api: SmsApi | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.sms !== null;
  }

  /** Up to the longest value a template variable may hold, cut with … when longer. */
  param(value: string): string {
    const max = this.config.sms?.paramMaxLength ?? 6;
    const chars = [...value];
    return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
  }

  private client(settings: SmsSettings): SmsApi {
    this.api ??= new (tencentSms().sms.v20210111.Client)({
      credential: { secretId: settings.secretId, secretKey: settings.secretKey },
      region: settings.region,
      profile: {
        httpProfile: { endpoint: settings.endpoint, protocol: settings.protocol, reqMethod: 'POST', reqTimeout: settings.timeoutSeconds },
      },
    });
    return this.api;
  }

  /** Sends the configured template to one mainland mobile number (11 digits); resolves once the provider accepted it. */
  async send(phone: string, params: string[]): Promise<{ serialNo: string | null }> {
    const settings = this.config.sms;
    if (!settings) throw new SmsSendError('Disabled', 'SMS is not enabled', true);
    let res: Awaited<ReturnType<SmsApi['SendSms']>>;
    try {
      res = await this.client(settings).SendSms({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: settings.sdkAppId,
        SignName: settings.signName,
        TemplateId: settings.templateId,
        TemplateParamSet: params,
      });
    } catch (e) {
      // The SDK throws for a refused request (Response.Error: code set) and for a network or HTTP failure (no code).
      const err = e as { code?: string; message?: string; httpCode?: number };
      const code = err.code || (err.httpCode ? `HTTP${err.httpCode}` : 'NetworkError');
      throw new SmsSendError(code, String(err.message ?? e).slice(0, 200), isPermanentSmsCode(code));
    }
    const status = res.SendStatusSet?.[0];
    if (!status) throw new SmsSendError('InternalError.EmptyResponse', 'no SendStatusSet in the answer', false);
    if (status.Code !== 'Ok') {
      const code = status.Code ?? 'InternalError';
      throw new SmsSendError(code, String(status.Message ?? '').slice(0, 200), isPermanentSmsCode(code));
    }
    return { serialNo: status.SerialNo ?? null };
  }
}
