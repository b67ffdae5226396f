// Journey 5: an organizer generates one-time codes, downloads the sheet, uploads a roster and sees the roll; a rider
// verifies with a code from that sheet and with the phone number WeChat confirms (the H5 build takes the code
// WeChat's phone-number button would give), and can then vote in a consultation only the verified roll may answer.
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { FakeWechat } from '../../server/test/support/fake-wechat';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle, tab } from '../support/browser.js';
import { openPage, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('the verified roll', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let organizerPage: Page;
  let riderPage: Page;
  const wechat = new FakeWechat();
  const shot = camera('5-verified-roll');
  let codes: string[] = [];

  beforeAll(async () => {
    await wechat.start();
    srv = await startJourneyServer({ WECHAT_API_BASE: wechat.url, WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-test-secret' });
    browser = await launchBrowser();
    organizerPage = await (await phone(browser)).newPage();
    riderPage = await (await phone(browser)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await wechat.stop();
  });

  it('generates codes, downloads the sheet with them, and uploads a roster of phone numbers', async () => {
    const page = organizerPage;
    await signInAs(page, srv, 'organizer');
    await openPage(page, srv, '/pkg-organizer/home/index');
    await page.locator('#wb-roll:visible').click();
    await page.locator('#roll-total:visible').waitFor();
    expect(await page.locator('#roll-total:visible').innerText()).toBe('0');
    await page.locator('#roll-empty:visible').waitFor();
    await shot(page, 'roll-empty');

    // A label is needed: the form says so before anything is sent.
    await page.locator('#rc-create:visible').click();
    await page.locator('text=请写上用在哪里').first().waitFor();
    await page.locator('#rc-label:visible input').fill('锦江区骑手驿站 恳谈会');
    await page.locator('#rc-count:visible input').fill('3');
    await page.locator('#rc-create:visible').click();
    await eventually(async () => expect(await page.locator('#batch-0-counts:visible').innerText()).toContain('共 3 个 · 已用 0 · 作废 0'));
    await settle(page);
    await shot(page, 'codes-generated');
    expect(await phoneProblems(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#batch-0-download:visible').click()]);
    expect(download.suggestedFilename()).toMatch(/核验码.*\.docx$/);
    const zip = await JSZip.loadAsync(readFileSync(await download.path()));
    const xml = await zip.file('word/document.xml')!.async('string');
    codes = [...xml.matchAll(/[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}/g)].map((m) => m[0]);
    expect(new Set(codes).size).toBe(3);
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(3);

    await page.locator('#rr-label:visible input').fill('快递员工会会员名单');
    await page.locator('#rr-industry-courier:visible').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#rr-upload:visible').click()]);
    await chooser.setFiles({
      name: '骑手名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('手机号\r\n13800000001\r\n138 0000 0002\r\nabc\r\n'),
    });
    await eventually(async () => expect(await page.locator('#rr-result:visible').innerText()).toContain('收到 2 个手机号，跳过 1 行'));
    await eventually(async () => expect(await page.locator('#roster-0-counts:visible').innerText()).toContain('手机号 2 个 · 已核验 0 人'));
    await settle(page);
    await shot(page, 'roster-uploaded');
    expect(await phoneProblems(page)).toEqual([]);
  });

  it('lets a rider verify with a code from the sheet and with the phone number on the roster', async () => {
    const page = riderPage;
    await signInAs(page, srv, 'worker');
    await tab(page, '我的');
    await page.locator('#me-verify:visible').click();
    await page.locator('#verify-none:visible').waitFor();
    await shot(page, 'verify-empty');
    expect(await phoneProblems(page)).toEqual([]);

    // A mistyped code is refused under the field, in Chinese.
    await page.locator('#verify-code:visible input').fill('ABCDE-FGHJK');
    await page.locator('#verify-code-submit:visible').click();
    await page.locator('text=核验码不对').first().waitFor();
    await page.locator('#verify-code:visible input').fill(codes[0].toLowerCase());
    await page.locator('#verify-code-submit:visible').click();
    await eventually(async () => expect(await page.locator('#verify-mine:visible').innerText()).toContain('核验码核验'));
    expect(await page.locator('#verify-mine:visible').innerText()).toContain('外卖骑手 · 四川省 成都市');
    // The roster was uploaded for couriers: the number adds that scope.

    await page.locator('#verify-phone-code:visible input').fill('phone:13800000002');
    await page.locator('#verify-phone-submit:visible').click();
    await eventually(async () => expect(await page.locator('#verify-mine:visible').innerText()).toContain('名单手机号核验'));
    expect(await page.locator('#verify-mine:visible').innerText()).toContain('快递员 · 四川省 成都市');
    await settle(page);
    await shot(page, 'verified');
    expect(await phoneProblems(page)).toEqual([]);
  });

  it('shows the organizer the roll, and lets only the verified rider into a verified consultation', async () => {
    const page = organizerPage;
    await page.reload();
    await eventually(async () => expect(await page.locator('#roll-total:visible').innerText()).toBe('1'));
    expect(await page.locator('#batch-0-counts:visible').innerText()).toContain('已用 1');
    expect(await page.locator('#roster-0-counts:visible').innerText()).toContain('已核验 1 人');
    await shot(page, 'roll-counts');

    const organizer = await srv.login('demo-organizer', 'organizer');
    const now = Date.now();
    const created = await srv.api(
      'POST',
      '/consultations',
      {
        title: '成都骑手：只限已核验',
        regionCode: '510100',
        industries: ['rider'],
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 5 * 86400_000).toISOString(),
        mode: 'single',
        topics: [{ code: 'commission_rate' }, { code: 'algorithm' }],
        eligibility: 'verified',
      },
      organizer.token,
    );
    expect(created.status).toBe(201);
    // A rider not verified, whose profile says the same, is refused by the server; the verified one gets the form.
    const w = await srv.login('journey5-unverified', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, w.token);
    await openPage(riderPage, srv, `/pages/vote/index?id=${created.body.id}`);
    await riderPage.locator('#vote-instruction:visible').waitFor();
    await shot(riderPage, 'verified-may-vote');
    const res = await srv.api('PUT', `/consultations/${created.body.id}/ballot`, { choices: [created.body.topics[0].id] }, w.token);
    expect(res.body.code).toBe('roll_not_verified');
  });
});
