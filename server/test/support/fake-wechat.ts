// A small stand-in for WeChat's server API on loopback, speaking its real URLs and JSON.
//   login codes: "ok:<openid>" → that openid; "bad" → errcode 40029; "slow" → answers after 3 s; "busy" → 45011.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

export class FakeWechat {
  readonly sent: SentMessage[] = [];
  /** Number of coming subscribe sends to fail with errcode 43101 (user refused) before succeeding again. */
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
      if (code.startsWith('ok:')) return this.json(res, { openid: code.slice(3), session_key: 'session-key' });
      return this.json(res, { errcode: 40029, errmsg: 'invalid code' });
    }
    if (u.pathname === '/cgi-bin/stable_token') return this.json(res, { access_token: 'fake-token', expires_in: 7200 });
    if (u.pathname === '/cgi-bin/message/subscribe/send') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        if (this.failNextSends > 0) {
          this.failNextSends--;
          return this.json(res, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
        }
        this.sent.push(JSON.parse(raw));
        this.json(res, { errcode: 0, errmsg: 'ok' });
      });
      return;
    }
    res.writeHead(404);
    res.end();
  }
}
