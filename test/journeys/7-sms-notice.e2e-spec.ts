// Journey 7 (H5): the organizer records the platform's 联系手机 in the organization form, sends an invitation, and
// reads on it that the SMS notice went out (the fake Tencent Cloud SMS on loopback accepted it, its signature
// checked); a number the provider refuses reads 短信未送达 with the reason. The platform's representative reads their
// own number in full on the 企业工作台, where the directory shows it masked.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeSms } from '../../server/test/support/fake-sms.js';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle } from '../support/browser.js';
import { openPage, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('the SMS notice of an invitation, in the browser', () => {
  const sms = new FakeSms();
  let srv: JourneyServer;
  let browser: Browser;
  let organizerCtx: BrowserContext;
  let enterpriseCtx: BrowserContext;
  let page: Page;
  let organizer: { token: string; user: { organizationId: string | null } };
  let platformId: string;
  const shot = camera('7-sms-notice');

  const invite = async () => {
    const r = await srv.api(
      'POST',
      '/invitations',
      {
        fromOrganizationId: organizer.user.organizationId,
        toOrganizationId: platformId,
        scope: 'new_employment',
        topics: [{ code: 'commission_rate', title: '抽成比例' }],
        representativesPerSide: 5,
        chiefRepresentative: '王建国',
        body: '请贵方在期限内书面答复。',
      },
      organizer.token,
    );
    if (r.status !== 201) throw new Error(`invitation: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string };
  };

  beforeAll(async () => {
    await sms.start();
    srv = await startJourneyServer(sms.env);
    browser = await launchBrowser();
    organizerCtx = await phone(browser);
    enterpriseCtx = await phone(browser);
    page = await organizerCtx.newPage();
    organizer = await srv.login('demo-organizer', 'organizer');
    platformId = (await srv.login('demo-enterprise', 'enterprise')).user.organizationId as string;
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await sms.stop();
  });

  it('records the contact phone in the form, sends an invitation and reads 已短信通知 on it', async () => {
    await signInAs(page, srv, 'organizer');
    await openPage(page, srv, `/pkg-admin/org-form/index?id=${platformId}`);
    await page.locator('#of-phone:visible input').fill('1381234');
    await page.locator('#of-save:visible').click();
    await settle(page);
    expect(await page.locator('.xfield-error:visible').allInnerTexts()).toContain('联系手机应为 11 位大陆手机号，如 13812345678');
    await page.locator('#of-phone:visible input').fill('13812345678');
    await shot(page, 'contact-phone');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#of-save:visible').click();
    await eventually(async () => {
      const o = await srv.api('GET', `/organizations/${platformId}`, undefined, organizer.token);
      expect(o.body.contactPhone).toBe('13812345678');
    });
    await openPage(page, srv, '/pkg-admin/orgs/index');
    await page.locator(`#orgs-item-${platformId}:visible`).waitFor();
    expect(await page.locator(`#orgs-item-${platformId}:visible`).innerText()).toContain('联系手机 138****5678');

    const inv = await invite();
    await eventually(async () => expect(sms.accepted.map((m) => m.phone)).toEqual(['13812345678']));
    await openPage(page, srv, `/pkg-invitations/detail/index?id=${inv.id}`);
    await page.locator('#inv-sms-text:visible').waitFor();
    expect(await page.locator('#inv-sms-text:visible').innerText()).toBe('已短信通知 138****5678');
    await shot(page, 'sms-sent');
    expect(await phoneProblems(page)).toEqual([]);
  });

  it('reads 短信未送达 with the reason when the provider refuses the number', async () => {
    sms.blacklist.add('13812345678');
    const inv = await invite();
    await eventually(async () => {
      const r = await srv.api('GET', `/invitations/${inv.id}`, undefined, organizer.token);
      expect(r.body.smsNotice?.state).toBe('failed');
    });
    await openPage(page, srv, `/pkg-invitations/detail/index?id=${inv.id}`);
    await page.locator('#inv-sms-text:visible').waitFor();
    expect(await page.locator('#inv-sms-text:visible').innerText()).toBe('短信未送达 138****5678：联系手机已退订短信或被运营商拦截');
    await shot(page, 'sms-failed');
    expect(sms.accepted).toHaveLength(1);
  });

  it("shows the representative their organization's number in full on the 企业工作台", async () => {
    const ent = await enterpriseCtx.newPage();
    await signInAs(ent, srv, 'enterprise');
    await openPage(ent, srv, '/pkg-enterprise/home/index');
    await ent.locator('#ent-phone-value:visible').waitFor();
    expect(await ent.locator('#ent-phone-value:visible').innerText()).toBe('13812345678');
    await shot(ent, 'enterprise-phone');
    expect(await phoneProblems(ent)).toEqual([]);
  });
});
