// WeChat journey 5: an organizer generates one-time codes and opens the sheet (downloadFile, openDocument), uploads a
// roster picked from a chat (chooseMessageFile, uploadFile) and sees the roll; a rider verifies with a code from the
// sheet, and with the phone-number button (the page hears getphonenumber; the server exchanges the code with the fake
// WeChat) — a refusal sends nothing.
import JSZip from 'jszip';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { weappServer } from '../support/journey.js';

describe('the verified roll in WeChat', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());
  let codes: string[] = [];

  it('generates codes, opens the sheet and uploads a roster from a chat', async () => {
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: 'pkg-organizer/roll/index' });
    await app.see('#roll-total');
    await app.type('rc-label', '武侯区骑手驿站（微信）');
    await app.type('rc-count', '2');
    await app.tap('#rc-create');
    await app.see('武侯区骑手驿站（微信）');
    expect(app.text()).toContain('共 2 个 · 已用 0 · 作废 0');

    await app.tap('#batch-0-download');
    const doc = app.documents.at(-1)!;
    expect(doc.fileType).toBe('docx');
    const xml = await (await JSZip.loadAsync(doc.bytes)).file('word/document.xml')!.async('string');
    codes = [...xml.matchAll(/[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}/g)].map((m) => m[0]);
    expect(new Set(codes).size).toBe(2);

    await app.type('rr-label', '快递员名单（微信）');
    await app.tap('#rr-industry-courier');
    app.phone.photos = [{ bytes: Buffer.from('手机号\n13900000031\n13900000032\n'), ext: 'csv' }];
    await app.tap('#rr-upload');
    await app.see('收到 2 个手机号');
    const upload = app.callsTo('uploadFile').at(-1);
    expect(upload).toMatchObject({ name: 'file', formData: { label: '快递员名单（微信）', industry: 'courier' } });
    app.assertNoErrors();
  });

  it('lets a rider verify with a code from the sheet and with the phone-number button', async () => {
    app = await openApp({ server: srv.url, openid: 'weapp5-rider', path: 'pages/verify/index' });
    await app.see('#verify-none');
    await app.type('verify-code', codes[0]);
    await app.tap('#verify-code-submit');
    await app.see('核验码核验');

    // The rider taps 拒绝 in WeChat's sheet: nothing is sent to the server.
    app.phone.phoneNumber = '13900000031';
    app.phone.phoneAllowed = false;
    const before = app.callsTo('request').length;
    await app.tap('#verify-phone');
    expect(
      app
        .callsTo('request')
        .slice(before)
        .some((r) => r.url.endsWith('/api/roll/phone')),
    ).toBe(false);

    app.phone.phoneAllowed = true;
    await app.tap('#verify-phone');
    await app.see('名单手机号核验');
    const sent = app.callsTo('request').find((r) => r.url.endsWith('/api/roll/phone'));
    expect(sent).toMatchObject({ method: 'POST', data: { code: 'phone:13900000031' }, statusCode: 200 });
    expect(app.text()).toContain('快递员');
    app.assertNoErrors();

    const organizer = await srv.login('demo-organizer', 'organizer');
    const rosters = (await srv.api('GET', '/roll/rosters', undefined, organizer.token)).body as { label: string; verified: number }[];
    expect(rosters.find((r) => r.label === '快递员名单（微信）')).toMatchObject({ verified: 1 });
  });
});
