// A stand-in for Tencent Cloud SMS (API 2021-01-11, SendSms) on loopback. It checks what the real service checks
// before sending: the TC3-HMAC-SHA256 signature of the request with the account's SecretKey, a timestamp within five
// minutes, the action and version, the application (SmsSdkAppId), the approved signature and template and the
// number of template variables and their length. Each number is answered in SendStatusSet as the real service does:
// "Ok", or InvalidParameterValue.IncorrectPhoneNumber for anything but a +86 mobile number, or
// FailedOperation.PhoneNumberInBlacklist for a number in `blacklist`. `failNext` answers the coming requests with a
// passing failure (InternalError.Timeout). The SDK signs for the service named by the endpoint's first label
// (sms.tencentcloudapi.com → sms; 127.0.0.1 → 127): the fake checks the credential scope against its Host the same way.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AcceptedSms {
  phone: string;
  params: string[];
  templateId: string;
  signName: string;
  sdkAppId: string;
}

export const FAKE_SMS_ACCOUNT = {
  secretId: 'AKIDfakeSmsSecretId0000000000000000',
  secretKey: 'fakeSmsSecretKey0000000000000000',
  sdkAppId: '1400006666',
  signName: '协商通',
  templateId: '2233445',
};

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

export class FakeSms {
  /** Notices it accepted (one per number answered "Ok"). */
  readonly accepted: AcceptedSms[] = [];
  /** Every request that reached it, signed or not. */
  requests = 0;
  /** Requests refused before sending, by error code. */
  readonly refusals: string[] = [];
  /** Coming requests to answer with a passing failure. */
  failNext = 0;
  readonly blacklist = new Set<string>();
  /** Template variables the approved template has, and the longest value each may hold. */
  templateVariables = 2;
  variableMaxLength = 6;
  private server?: http.Server;
  url = '';

  constructor(readonly account = FAKE_SMS_ACCOUNT) {}

  /** What a server's environment needs to send through this fake. */
  get env(): Record<string, string> {
    return {
      SMS_ENABLED: '1',
      SMS_SECRET_ID: this.account.secretId,
      SMS_SECRET_KEY: this.account.secretKey,
      SMS_SDK_APP_ID: this.account.sdkAppId,
      SMS_SIGN_NAME: this.account.signName,
      SMS_TEMPLATE_ID: this.account.templateId,
      SMS_ENDPOINT: this.url,
      SMS_TIMEOUT_SECONDS: '5',
    };
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private answer(res: http.ServerResponse, body: Record<string, unknown>): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Response: { ...body, RequestId: `fake-${this.requests}` } }));
  }

  private refuse(res: http.ServerResponse, code: string, message: string): void {
    this.refusals.push(code);
    this.answer(res, { Error: { Code: code, Message: message } });
  }

  /** The refusal of a request whose signature does not hold, or null when it does. */
  private authError(req: http.IncomingMessage, body: Buffer): [string, string] | null {
    const auth = String(req.headers.authorization ?? '');
    const m =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return ['AuthFailure.InvalidAuthorization', 'Authorization header is not TC3-HMAC-SHA256'];
    const [, secretId, date, service, signedHeaders, signature] = m;
    if (secretId !== this.account.secretId) return ['AuthFailure.SecretIdNotFound', 'the SecretId is not found'];
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) {
      return ['AuthFailure.SignatureExpire', 'the signature expired (X-TC-Timestamp more than 5 minutes off)'];
    }
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return ['AuthFailure.SignatureFailure', 'credential date mismatch'];
    const hostname = String(req.headers.host ?? '').replace(/:\d+$/, '');
    if (service !== hostname.split('.')[0]) return ['AuthFailure.SignatureFailure', 'credential scope names another service'];
    const names = signedHeaders.split(';');
    if (!names.includes('content-type') || !names.includes('host'))
      return ['AuthFailure.SignatureFailure', 'content-type and host must be signed'];
    const canonicalHeaders = names.map((n) => `${n}:${n === 'host' ? hostname : String(req.headers[n] ?? '').trim()}\n`).join('');
    const canonical = ['POST', req.url?.split('?')[0] ?? '/', '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
    const toSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256(canonical)].join('\n');
    const key = hmac(hmac(hmac(`TC3${this.account.secretKey}`, date), service), 'tc3_request');
    const expected = createHmac('sha256', key).update(toSign).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return ['AuthFailure.SignatureFailure', 'the signature is wrong'];
    return null;
  }

  private handle(req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): void {
    this.requests++;
    if (req.method !== 'POST') return this.refuse(res, 'UnsupportedProtocol', 'POST only');
    const authError = this.authError(req, raw);
    if (authError) return this.refuse(res, ...authError);
    if (req.headers['x-tc-action'] !== 'SendSms') return this.refuse(res, 'InvalidAction', 'no such action');
    if (req.headers['x-tc-version'] !== '2021-01-11') return this.refuse(res, 'NoSuchVersion', 'no such version');
    if (this.failNext > 0) {
      this.failNext--;
      return this.refuse(res, 'InternalError.Timeout', 'request timed out, please retry');
    }
    let body: { PhoneNumberSet?: unknown; SmsSdkAppId?: unknown; SignName?: unknown; TemplateId?: unknown; TemplateParamSet?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.refuse(res, 'InvalidParameter', 'the body is not JSON');
    }
    if (body.SmsSdkAppId !== this.account.sdkAppId)
      return this.refuse(res, 'UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'SmsSdkAppId not found');
    if (body.SignName !== this.account.signName)
      return this.refuse(res, 'FailedOperation.SignatureIncorrectOrUnapproved', 'signature not approved');
    if (body.TemplateId !== this.account.templateId)
      return this.refuse(res, 'FailedOperation.TemplateIncorrectOrUnapproved', 'template not approved');
    const params = body.TemplateParamSet;
    if (!Array.isArray(params) || params.length !== this.templateVariables || params.some((p) => typeof p !== 'string')) {
      return this.refuse(res, 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate', 'template parameters do not match the template');
    }
    if (params.some((p: string) => [...p].length > this.variableMaxLength)) {
      return this.refuse(res, 'InvalidParameterValue.TemplateParameterLengthLimit', 'a template variable is too long');
    }
    const numbers = body.PhoneNumberSet;
    if (!Array.isArray(numbers) || !numbers.length || numbers.length > 200)
      return this.refuse(res, 'InvalidParameterValue.IncorrectPhoneNumber', 'PhoneNumberSet');
    const SendStatusSet = numbers.map((n: unknown, i: number) => {
      const phone = String(n);
      const base = { SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: '', IsoCode: 'CN' };
      if (!/^\+861[3-9]\d{9}$/.test(phone)) {
        return { ...base, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'incorrect number format' };
      }
      if (this.blacklist.has(phone.slice(3)))
        return { ...base, Code: 'FailedOperation.PhoneNumberInBlacklist', Message: 'number in blacklist' };
      this.accepted.push({
        phone: phone.slice(3),
        params: params as string[],
        templateId: this.account.templateId,
        signName: this.account.signName,
        sdkAppId: this.account.sdkAppId,
      });
      return { ...base, SerialNo: `2433:${this.requests}-${i}`, Fee: 1, Code: 'Ok', Message: 'send success' };
    });
    this.answer(res, { SendStatusSet });
  }
}
