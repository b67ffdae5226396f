// A small stand-in for WeChat's server API on loopback, speaking its real URLs and JSON.
//   login codes: "ok:<openid>" → that openid ("ok:<openid>|<unionid>" with a unionid, as for an app bound to an Open
//   Platform account); "bad" → errcode 40029; "slow" → answers after 3 s; "busy" → 45011.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface SentMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

export class FakeWechat {
  readonly sent: SentMessage[] = [];
  /** Number of coming subscribe sends to fail with errcode -1 (system busy, a passing failure) before succeeding again. */
  failNextSends = 0;
  loginCalls = 0;
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  // ---- text security (wxa/msg_sec_check, version 2) ----
  // A text holding one of `riskyWords` is risky, one of `reviewWords` is for review, anything else passes. Refused
  // as WeChat refuses them: a bad token, version other than 2, no openid, a scene outside 1–4, content over 2,500
  // characters. `secCheckDown` cuts the connection, as an unreachable WeChat would.
  riskyWords = ['违禁词'];
  reviewWords = ['待审词'];
  secCheckDown = false;
  readonly secChecks: { content: string; version: number; scene: number; openid: string }[] = [];

  private msgSecCheck(u: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.secCheckDown) {
      req.socket.destroy();
      return;
    }
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const tokenError = this.tokenError(u);
      if (tokenError) return this.json(res, tokenError);
      let body: { content?: unknown; version?: unknown; scene?: unknown; openid?: unknown };
      try {
        body = JSON.parse(raw);
      } catch {
        return this.json(res, { errcode: 47001, errmsg: 'data format error' });
      }
      if (body.version !== 2) return this.json(res, { errcode: 40097, errmsg: 'invalid args: version' });
      if (typeof body.openid !== 'string' || !body.openid) return this.json(res, { errcode: 40003, errmsg: 'invalid openid' });
      if (![1, 2, 3, 4].includes(body.scene as number)) return this.json(res, { errcode: 40097, errmsg: 'invalid args: scene' });
      if (typeof body.content !== 'string' || body.content.length > 2500)
        return this.json(res, { errcode: 40097, errmsg: 'invalid args: content' });
      const content = body.content;
      this.secChecks.push({ content, version: 2, scene: body.scene as number, openid: body.openid });
      const suggest = this.riskyWords.some((w) => content.includes(w))
        ? 'risky'
        : this.reviewWords.some((w) => content.includes(w))
          ? 'review'
          : 'pass';
      this.json(res, {
        errcode: 0,
        errmsg: 'ok',
        result: { suggest, label: suggest === 'pass' ? 100 : 20006 },
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20006 }],
        trace_id: `trace-${this.secChecks.length}`,
      });
    });
  }

  // ---- subscribe-message consent ----
  // WeChat itself counts one-time acceptances per user and template, from the user's choice in its dialog; a send
  // with none left is refused with 43101. The fake learns acceptances only from the phone: tests call accept()
  // (what wx.requestSubscribeMessage granted), the weapp harness POSTs them to /__fake/subscribe. It never asks
  // the server under test.
  /** Sends refused with 43101. */
  readonly refusedSends: SentMessage[] = [];
  private readonly acceptances = new Map<string, number>();

  /** Records what the user chose in WeChat's dialog: each 'accept' allows one message of that template. */
  accept(openid: string, results: Record<string, string> | string[]): void {
    const accepted = Array.isArray(results) ? results : Object.keys(results).filter((id) => results[id] === 'accept');
    for (const id of accepted) this.acceptances.set(`${openid}\n${id}`, (this.acceptances.get(`${openid}\n${id}`) ?? 0) + 1);
  }

  /** Acceptances WeChat still holds for a user and template. */
  acceptancesLeft(openid: string, templateId: string): number {
    return this.acceptances.get(`${openid}\n${templateId}`) ?? 0;
  }

  private spendAcceptance(openid: string, templateId: string): boolean {
    const left = this.acceptancesLeft(openid, templateId);
    if (left <= 0) return false;
    this.acceptances.set(`${openid}\n${templateId}`, left - 1);
    return true;
  }

  private subscribeFromPhone(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const { openid, results } = JSON.parse(raw) as { openid: string; results: Record<string, string> };
      this.accept(openid, results);
      this.json(res, { ok: true });
    });
  }

  // ---- access token (cgi-bin/stable_token) ----
  // As WeChat's stable_token: the same token is answered (with the seconds it has left) until it expires, then a new
  // one; force_refresh issues a new one at once. Every other API refuses a missing or unknown token with 40001 and
  // an expired one with 42001. The fake's own clock can be moved (tokenClockMs) to reach a token's end without waiting.
  /** Lifetime of a token, in seconds (WeChat: 7200). */
  tokenLifetimeSeconds = 7200;
  tokenClockMs = 0;
  stableTokenCalls = 0;
  /** Slows stable_token answers by this many ms (to see several instances ask at once). */
  stableTokenDelayMs = 0;
  private tokenSerial = 0;
  private readonly tokens = new Map<string, number>();
  private currentToken: { value: string; expiresAt: number } | null = null;

  private tokenNow(): number {
    return Date.now() + this.tokenClockMs;
  }

  /** Makes every token issued so far invalid (as another party's force_refresh would): 40001 from now on. */
  revokeTokens(): void {
    this.tokens.clear();
    this.currentToken = null;
  }

  /** The errcode answer for a call's access_token, or null when it is valid. */
  tokenError(u: URL): { errcode: number; errmsg: string } | null {
    const token = u.searchParams.get('access_token') ?? '';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (expiresAt <= this.tokenNow()) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  }

  private stableToken(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      this.stableTokenCalls++;
      let body: { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean } = {};
      try {
        body = JSON.parse(raw);
      } catch {
        return this.json(res, { errcode: 47001, errmsg: 'data format error' });
      }
      if (body.grant_type !== 'client_credential') return this.json(res, { errcode: 40002, errmsg: 'invalid grant_type' });
      if (!body.appid) return this.json(res, { errcode: 40013, errmsg: 'invalid appid' });
      if (!body.secret || body.secret === 'wrong-secret') return this.json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
      const now = this.tokenNow();
      if (!this.currentToken || this.currentToken.expiresAt <= now || body.force_refresh) {
        this.currentToken = { value: `fake-token-${++this.tokenSerial}`, expiresAt: now + this.tokenLifetimeSeconds * 1000 };
        this.tokens.set(this.currentToken.value, this.currentToken.expiresAt);
      }
      const answer = { access_token: this.currentToken.value, expires_in: Math.floor((this.currentToken.expiresAt - now) / 1000) };
      if (this.stableTokenDelayMs) setTimeout(() => this.json(res, answer), this.stableTokenDelayMs).unref();
      else this.json(res, answer);
    });
  }

  // ---- phone numbers (wxa/business/getuserphonenumber) ----
  // As WeChat: the code of a getPhoneNumber button is exchanged once, within 5 minutes, with a valid access token.
  //   "phone:<number>" → that number (countryCode 86); any other code, or one used already → errcode 40029;
  //   "phone-busy" → 45011; "phone-down" → -1 (system busy).
  readonly phoneCodesUsed = new Set<string>();
  phoneCalls = 0;

  private phoneNumber(u: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      this.phoneCalls++;
      const tokenError = this.tokenError(u);
      if (tokenError) return this.json(res, tokenError);
      let code = '';
      try {
        code = String(JSON.parse(raw).code ?? '');
      } catch {
        return this.json(res, { errcode: 47001, errmsg: 'data format error' });
      }
      if (code === 'phone-busy') return this.json(res, { errcode: 45011, errmsg: 'api minute-quota reach limit' });
      if (code === 'phone-down') return this.json(res, { errcode: -1, errmsg: 'system error' });
      if (!code.startsWith('phone:') || this.phoneCodesUsed.has(code)) return this.json(res, { errcode: 40029, errmsg: 'invalid code' });
      this.phoneCodesUsed.add(code);
      const pure = code.slice('phone:'.length);
      this.json(res, {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: pure,
          purePhoneNumber: pure,
          countryCode: '86',
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid: 'wx-test-app' },
        },
      });
    });
  }

  private json(res: http.ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const u = new URL(req.url!, this.url);
    if (u.pathname === '/sns/jscode2session') {
      this.loginCalls++;
      const code = u.searchParams.get('js_code') ?? '';
      if (!u.searchParams.get('appid') || !u.searchParams.get('secret')) return this.json(res, { errcode: 40013, errmsg: 'invalid appid' });
      if (code === 'slow') {
        setTimeout(() => this.json(res, { openid: 'slow-user', session_key: 'k' }), 3000).unref();
        return;
      }
      if (code === 'busy') return this.json(res, { errcode: 45011, errmsg: 'api minute-quota reach limit' });
      if (code.startsWith('ok:')) {
        const [openid, unionid] = code.slice(3).split('|');
        return this.json(res, { openid, session_key: 'session-key', ...(unionid ? { unionid } : {}) });
      }
      return this.json(res, { errcode: 40029, errmsg: 'invalid code' });
    }
    if (u.pathname === '/cgi-bin/stable_token') return this.stableToken(req, res);
    if (u.pathname === '/wxa/msg_sec_check') return this.msgSecCheck(u, req, res);
    if (u.pathname === '/wxa/business/getuserphonenumber') return this.phoneNumber(u, req, res);
    if (u.pathname === '/__fake/subscribe' && req.method === 'POST') return this.subscribeFromPhone(req, res);
    if (u.pathname === '/__fake/acceptances') {
      return this.json(res, { left: this.acceptancesLeft(u.searchParams.get('openid') ?? '', u.searchParams.get('templateId') ?? '') });
    }
    if (u.pathname === '/cgi-bin/message/subscribe/send') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const tokenError = this.tokenError(u);
        if (tokenError) return this.json(res, tokenError);
        if (this.failNextSends > 0) {
          this.failNextSends--;
          return this.json(res, { errcode: -1, errmsg: 'system error' });
        }
        const message = JSON.parse(raw) as SentMessage;
        if (!this.spendAcceptance(message.touser, message.template_id)) {
          this.refusedSends.push(message);
          return this.json(res, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
        }
        this.sent.push(message);
        this.json(res, { errcode: 0, errmsg: 'ok' });
      });
      return;
    }
    if (u.pathname === '/wxa/getwxacodeunlimit') return this.wxaCode(req, res, u);
    res.writeHead(404);
    res.end();
  }

  // ---- 小程序码 (wxa/getwxacodeunlimit) ----
  // As WeChat: a JSON body {scene, page, check_path, env_version, width}; scene of 1–32 visible characters from
  // WeChat's set, page without a leading slash and, when check_path is on (the default), a page of the released
  // version; width 280–1280. A good request is answered with the image's bytes, a refusal with JSON errcode.
  /** Pages of the released version (app.json of the build that passed review). */
  releasedPages = new Set(['pages/consultations/index', 'pages/vote/index', 'pages/result/index']);
  readonly codes: { scene: string; page: string; checkPath: boolean; envVersion: string; width: number }[] = [];

  private wxaCode(req: http.IncomingMessage, res: http.ServerResponse, u: URL): void {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const tokenError = this.tokenError(u);
      if (tokenError) return this.json(res, tokenError);
      let body: { scene?: unknown; page?: unknown; check_path?: unknown; env_version?: unknown; width?: unknown };
      try {
        body = JSON.parse(raw);
      } catch {
        return this.json(res, { errcode: 47001, errmsg: 'data format error' });
      }
      const scene = body.scene;
      if (typeof scene !== 'string' || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(scene)) {
        return this.json(res, { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' });
      }
      const page = body.page === undefined ? '' : body.page;
      const checkPath = body.check_path === undefined ? true : body.check_path;
      const envVersion = body.env_version === undefined ? 'release' : body.env_version;
      const width = body.width === undefined ? 430 : body.width;
      if (typeof checkPath !== 'boolean' || !['release', 'trial', 'develop'].includes(String(envVersion))) {
        return this.json(res, { errcode: 40097, errmsg: 'invalid args' });
      }
      if (typeof width !== 'number' || !Number.isInteger(width) || width < 280 || width > 1280) {
        return this.json(res, { errcode: 40097, errmsg: 'invalid args' });
      }
      if (typeof page !== 'string' || page.startsWith('/') || (checkPath && page && !this.releasedPages.has(page))) {
        return this.json(res, { errcode: 41030, errmsg: 'invalid page hint' });
      }
      this.codes.push({ scene, page, checkPath, envVersion: String(envVersion), width });
      const png = codePng(width, scene);
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
      res.end(png);
    });
  }
}

/** A real PNG (8-bit grey) standing in for a 小程序码: a disc of dots in rings, set by the scene. */
export function codePng(size: number, scene: string): Buffer {
  let h = 2166136261;
  for (let i = 0; i < scene.length; i++) h = Math.imul(h ^ scene.charCodeAt(i), 16777619) >>> 0;
  const cell = Math.max(4, Math.floor(size / 43));
  const cells = Math.ceil(size / cell);
  const mid = cells / 2;
  const dark: boolean[] = [];
  for (let cy = 0; cy < cells; cy++) {
    for (let cx = 0; cx < cells; cx++) {
      const r2 = ((cx - mid) ** 2 + (cy - mid) ** 2) / (mid * mid);
      const bit = ((h >>> ((cx * 7 + cy * 13) % 32)) & 1) === 1;
      dark.push(r2 < 0.08 || (r2 > 0.16 && r2 < 0.9 && bit && (cx + cy) % 2 === 0));
    }
  }
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(size + 1, 255);
    row[0] = 0; // filter: none
    const cy = Math.floor(y / cell);
    for (let cx = 0; cx < cells; cx++) if (dark[cy * cells + cx]) row.fill(0, 1 + cx * cell, Math.min(size, (cx + 1) * cell) + 1);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
