// Journey 3: an organizer logs a negotiation session while the network is cut, reloads, comes back online and
// sees it synced once; then records the signed contract.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle } from '../support/browser.js';
import { openPage, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('a session logged in a rider station with no signal', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const shot = camera('3-session-offline');
  let invitationId: string;
  let token: string;

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    ctx = await phone(browser);
    page = await ctx.newPage();
    const organizer = await srv.login('demo-organizer', 'organizer');
    token = organizer.token;
    const enterprise = await srv.login('demo-enterprise', 'enterprise');
    const inv = await srv.api(
      'POST',
      '/invitations',
      {
        fromOrganizationId: organizer.user.organizationId,
        toOrganizationId: enterprise.user.organizationId,
        scope: 'new_employment',
        topics: [
          { code: 'commission_rate', title: '抽成比例' },
          { code: 'working_time', title: '工作时间' },
        ],
        body: '请于二十日内书面答复。',
        representativesPerSide: 5,
        chiefRepresentative: '王建国',
      },
      organizer.token,
    );
    invitationId = inv.body.id;
    expect((await srv.api('POST', `/invitations/${invitationId}/reply`, { decision: 'accept' }, enterprise.token)).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  const sessions = async () =>
    (await srv.api('GET', `/invitations/${invitationId}/sessions`, undefined, token)).body as { id: string; clientId: string }[];

  it('keeps the session on the phone while offline and syncs it exactly once when the network returns', async () => {
    await signInAs(page, srv, 'organizer');
    await openPage(page, srv, '/pkg-sessions/sessions/index');
    await page.locator('#session-new:visible').waitFor();

    // The organizer opens a new record in the meeting room; then the signal goes.
    await page.locator('#session-new:visible').click();
    await page.locator('#invitation-sheet .xsheet-option:visible').first().click();
    await settle(page);
    await page.locator('#sf-place:visible').waitFor();
    await ctx.setOffline(true);
    await shot.step(page, 'fill-offline', async () => {
      await page.locator('#sf-place:visible input').fill('锦江区骑手驿站');
      await page.locator('#sf-worker-chief:visible input').fill('王建国');
      await page.locator('#sf-employer-chief:visible input').fill('李明');
      await page.locator('#sf-recorder:visible input').fill('赵敏');
      await page.locator('#sf-topic-title-0:visible input').fill('抽成比例');
      await page
        .locator('#sf-minutes:visible textarea')
        .fill('双方就高峰时段抽成进行了协商，企业方同意下调 1 个百分点，下次会议继续讨论工作时间。');
    });
    await shot(page, 'form-offline');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#session-save:visible').click();
    await settle(page);
    await shot.step(page, 'saved-offline', () => page.locator('#session-unsynced:visible').waitFor());
    await shot(page, 'unsynced');
    expect(await sessions()).toEqual([]);

    // A reload while the server is still out of reach (page assets load, the API does not).
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await ctx.setOffline(false);
    await openPage(page, srv, '/pkg-sessions/sessions/index');
    await page.locator('#session-unsynced:visible').waitFor();
    await shot(page, 'after-reload');
    expect(await sessions()).toEqual([]);
    // The workbench counts it as 未同步 while it waits on the phone.
    await openPage(page, srv, '/pkg-organizer/home/index');
    await eventually(async () => expect(await page.locator('#wb-sessions:visible').innerText()).toMatch(/协商会议\s*1 未同步/));
    await shot(page, 'workbench-unsynced');
    await openPage(page, srv, '/pkg-sessions/sessions/index');
    await page.locator('#session-unsynced:visible').waitFor();

    // The network returns.
    await page.unroute('**/api/**');
    await page.locator('#session-sync-now:visible').click();
    await page.locator('#session-synced:visible').waitFor();
    await shot(page, 'synced');
    const stored = await eventually(async () => {
      const list = await sessions();
      expect(list).toHaveLength(1);
      return list;
    });
    // Asking again (another sync, another reload) creates nothing new.
    await openPage(page, srv, '/pkg-sessions/sessions/index');
    await page.locator(`#session-${stored[0].id}:visible`).waitFor();
    expect(await sessions()).toHaveLength(1);
    // On the server now, its minutes not yet published: 待公开, and nothing left 未同步.
    await openPage(page, srv, '/pkg-organizer/home/index');
    await eventually(async () => expect(await page.locator('#wb-sessions:visible').innerText()).toMatch(/协商会议\s*1 待公开$/));
  });

  it('records the signed contract', async () => {
    await ctx.setOffline(false);
    await page.unroute('**/api/**');
    await shot.step(page, 'contract', async () => {
      await openPage(page, srv, `/pkg-sessions/contract-form/index?invitationId=${invitationId}`);
      await page.locator('#cf-title:visible input').fill('成都速达同城配送骑手集体合同');
      await page.locator('#cf-signed:visible').click();
      await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click();
      await settle(page);
      await page.locator('#cf-term-3:visible').click();
      await page.locator('#cf-enterprises:visible input').fill('1');
      await page.locator('#cf-workers:visible input').fill('3200');
      await shot(page, 'contract-form');
      expect(await phoneProblems(page)).toEqual([]);
      await page.locator('#contract-save:visible').click();
    });
    const contract = await eventually(async () => {
      const list = await srv.api('GET', '/contracts?scope=new_employment', undefined, token);
      const items = list.body.items ?? list.body;
      expect(items).toHaveLength(1);
      return items[0];
    });
    expect(contract).toMatchObject({
      title: '成都速达同城配送骑手集体合同',
      kind: 'comprehensive',
      workersCovered: 3200,
      enterprisesCovered: 1,
      invitationId,
    });
    await settle(page);
    await shot(page, 'contract-saved');
  });
});
