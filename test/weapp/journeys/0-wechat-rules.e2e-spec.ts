// The harness's wx refuses what WeChat refuses and allows what it allows, so a journey that passes here would not
// fail on a phone for a rule the harness forgot. Each rule is tried from both sides.
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { weappServer } from '../support/journey.js';

describe("the mini-program runtime keeps WeChat's rules", () => {
  const srv = weappServer();
  let app: MiniApp;
  beforeAll(async () => {
    app = await openApp({ server: srv.url, openid: 'weapp0-rules' });
  });
  afterAll(() => app?.kill());
  const wx = () => app.wxApi;
  const failOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e: any) {
      return e.errMsg as string;
    }
    return 'ok';
  };

  it('asks for subscribe messages only from a tap, and for at most 3 templates', async () => {
    expect(await failOf(wx().requestSubscribeMessage({ tmplIds: ['t1'] }))).toMatch(/TAP gesture/);
    expect(await failOf(app.asTap(() => wx().requestSubscribeMessage({ tmplIds: ['t1', 't2', 't3', 't4'] })))).toMatch(/max bounds/);
    app.phone.subscribeAnswer = (id) => (id === 't2' ? 'reject' : 'accept');
    const res = await app.asTap(() => wx().requestSubscribeMessage({ tmplIds: ['t1', 't2', 't3'] }));
    expect(res).toMatchObject({ t1: 'accept', t2: 'reject', t3: 'accept', errMsg: 'requestSubscribeMessage:ok' });
  });

  it('keeps storage under 1 MB a key and 10 MB in all', () => {
    const mb = 'x'.repeat(1000 * 1024);
    expect(() => wx().setStorageSync('big', 'x'.repeat(1024 * 1024 + 1))).toThrow(/single key/);
    for (let i = 0; i < 11; i++) {
      if (i < 10) wx().setStorageSync(`fill-${i}`, mb);
      else expect(() => wx().setStorageSync(`fill-${i}`, mb)).toThrow(/exceed storage max size 10MB/);
    }
    expect(wx().getStorageSync('fill-0')).toBe(mb);
    expect(wx().getStorageSync('missing')).toBe('');
    for (let i = 0; i < 10; i++) wx().removeStorageSync(`fill-${i}`);
  });

  it('sends requests only to the configured domain, and fails them offline', async () => {
    expect(await failOf(new Promise((ok, fail) => wx().request({ url: 'https://evil.example.com/x', success: ok, fail })))).toMatch(
      /url not in domain list/,
    );
    const ok: any = await new Promise((resolve, fail) =>
      wx().request({ url: 'https://api.example.cn/api/health', success: resolve, fail }),
    );
    expect(ok.statusCode).toBe(200);
    await app.setNetwork(false);
    expect(await failOf(new Promise((ok, fail) => wx().request({ url: 'https://api.example.cn/api/health', success: ok, fail })))).toMatch(
      /^request:fail/,
    );
    expect((await wx().getNetworkType()).networkType).toBe('none');
    await app.setNetwork(true);
  });

  it('opens at most 10 pages, and never a tab page with navigateTo', async () => {
    expect(await failOf(wx().navigateTo({ url: '/pages/me/index' }))).toMatch(/can not navigateTo a tabbar page/);
    expect(await failOf(wx().navigateTo({ url: '/pages/nowhere/index' }))).toMatch(/is not found/);
    for (let i = app.pageStack.length; i < 10; i++) expect(await failOf(wx().navigateTo({ url: '/pages/history/index' }))).toBe('ok');
    expect(app.pageStack).toHaveLength(10);
    expect(await failOf(wx().navigateTo({ url: '/pages/history/index' }))).toMatch(/webview count limit exceed/);
    await wx().navigateBack({ delta: 9 });
    expect(app.pageStack).toEqual(['pages/consultations/index']);
  });

  it('refuses privacy APIs until the user agrees, and long modal buttons', async () => {
    expect((await wx().getPrivacySetting()).needAuthorization).toBe(true);
    app.phone.photos = [{ bytes: Buffer.from('photo'), ext: 'jpg' }];
    expect(await failOf(wx().chooseImage({ count: 1 }))).toMatch(/privacy permission is not authorized/);
    app.phone.privacyAgreed = true;
    const picked = await wx().chooseImage({ count: 1 });
    expect(picked.tempFilePaths).toHaveLength(1);
    expect(await failOf(wx().showModal({ title: 't', confirmText: '确定提交答复' }))).toMatch(/4 Chinese characters/);
  });
});
