// Journey 2: an organizer opens a consultation, later sends an invitation built from its results; the enterprise
// sees it in its inbox and accepts. A second invitation is left unanswered and, with the server's clock moved past
// 20 days, shows as overdue and is escalated.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle } from '../support/browser.js';
import { confirmDialog, openPage, ridersVoteInSteps, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('an invitation on the 20-day clock', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let organizerCtx: BrowserContext;
  let enterpriseCtx: BrowserContext;
  let organizerPage: Page;
  let enterprisePage: Page;
  const shot = camera('2-invitations');

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    organizerCtx = await phone(browser);
    enterpriseCtx = await phone(browser);
    organizerPage = await organizerCtx.newPage();
    enterprisePage = await enterpriseCtx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('opens a consultation, sends an invitation from its results, and the enterprise accepts', async () => {
    const page = organizerPage;
    await signInAs(page, srv, 'organizer');
    await openPage(page, srv, '/pkg-organizer/home/index');
    await page.locator('#create-consultation:visible').click();
    await settle(page);
    await page.locator('#c-title:visible input').fill('成都外卖骑手最关心的议题');
    for (const code of ['commission_rate', 'algorithm', 'order_dispatch', 'labour_protection'])
      await page.locator(`#catalog-${code}:visible`).click();
    await shot(page, 'create-consultation');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#c-submit:visible').click();
    const organizer = await srv.login('demo-organizer', 'organizer');
    const consultation = await eventually(async () => {
      const list = await srv.api('GET', '/consultations?status=open', undefined, organizer.token);
      const found = list.body.find((c: { title: string }) => c.title === '成都外卖骑手最关心的议题');
      expect(found).toBeTruthy();
      return found as { id: string; topics: { id: string; code: string }[] };
    });
    const byCode = (code: string) => consultation.topics.find((t) => t.code === code)!.id;
    // Nobody has voted yet: the organizer's results page shows no figure, only when there will be one.
    await openPage(page, srv, `/pkg-organizer/results/index?id=${consultation.id}`);
    await page.locator('#results-unpublished:visible').waitFor();
    expect(await page.locator('#results-unpublished:visible').innerText()).toContain('不足 5 人，暂不公布');
    expect(await page.locator('#results-next:visible').innerText()).toBe('还差 5 人更新');
    expect(await page.locator('#participation-ballots:visible').innerText()).toBe('—');
    await shot(page, 'results-too-few');
    expect(await phoneProblems(page)).toEqual([]);
    await ridersVoteInSteps(
      srv,
      consultation.id,
      (i) => (i % 5 < 4 ? [byCode('commission_rate'), byCode('algorithm')] : [byCode('algorithm')]),
      organizer.token,
    );

    // Compose the invitation from the results.
    await shot.step(page, 'compose', async () => {
      await openPage(page, srv, '/pkg-invitations/list/index');
      await page.locator('#inv-compose:visible').click();
      await settle(page);
      await page.locator('#inv-to:visible').click();
      await page.locator('.inv-org-option:visible', { hasText: '成都速达同城配送有限公司' }).click();
      await settle(page);
      await page.locator('#inv-source-results:visible').click();
      await page.locator('#inv-consultation:visible').click();
      await page.locator('.inv-consultation-option:visible', { hasText: '成都外卖骑手最关心的议题' }).click();
      await settle(page);
      await page.locator('#inv-pick-top:visible').click();
      // Seven representatives a side, and the chief who signs the letter.
      for (let i = 0; i < 2; i++) await page.locator('#inv-representatives-plus:visible').click();
      await page.locator('#inv-chief:visible input').fill('王建国（工会主席）');
      await shot(page, 'compose');
      expect(await phoneProblems(page)).toEqual([]);
      await page.locator('#inv-send:visible').click();
      await confirmDialog(page);
    });
    const sent = await eventually(async () => {
      const list = await srv.api('GET', '/invitations?direction=sent', undefined, organizer.token);
      expect(list.body.items?.length ?? list.body.length).toBeGreaterThan(0);
      return (list.body.items ?? list.body)[0] as {
        id: string;
        status: string;
        topics: { title: string }[];
        consultationId: string;
        representativesPerSide: number;
        chiefRepresentative: string;
      };
    });
    expect(sent.status).toBe('sent');
    expect(sent.consultationId).toBe(consultation.id);
    expect(sent).toMatchObject({ representativesPerSide: 7, chiefRepresentative: '王建国（工会主席）' });
    expect(sent.topics.map((t) => t.title)).toEqual(expect.arrayContaining(['算法调整', '抽成比例']));
    await settle(page);
    await shot(page, 'sent');

    // The enterprise account finds it in its inbox and accepts.
    const ent = enterprisePage;
    await signInAs(ent, srv, 'enterprise');
    await openPage(ent, srv, '/pkg-enterprise/home/index');
    await ent.locator(`#inv-item-${sent.id}:visible`).waitFor();
    await shot(ent, 'enterprise-inbox');
    expect(await phoneProblems(ent)).toEqual([]);
    await ent.locator(`#inv-item-${sent.id}:visible`).click();
    await settle(ent);
    await ent.locator('#inv-workers:visible').waitFor();
    // The consultation is still open: the enterprise sees no results until it closes.
    await eventually(async () => expect(await ent.locator('#inv-workers-hidden:visible').innerText()).toContain('结束后才能查看结果'));
    await shot(ent, 'enterprise-invitation');
    await ent.locator('#inv-accept:visible').click();
    await ent.locator('#inv-reply-submit:visible').click();
    await confirmDialog(ent);
    await eventually(async () =>
      expect((await srv.api('GET', `/invitations/${sent.id}`, undefined, organizer.token)).body.status).toBe('accepted'),
    );
    await settle(ent);
    await shot(ent, 'accepted');
  });

  it('starts the period at the recorded delivery of the paper letter, shows it overdue after its last day, and records the first escalation step', async () => {
    const organizer = await srv.login('demo-organizer', 'organizer');
    const orgs = await srv.api('GET', '/organizations?type=enterprise', undefined, organizer.token);
    const partner = orgs.body.items.find((o: { name: string }) => o.name === '成都蓉城骑士劳务服务有限公司');
    const second = await srv.api(
      'POST',
      '/invitations',
      {
        fromOrganizationId: organizer.user.organizationId,
        toOrganizationId: partner.id,
        scope: 'new_employment',
        topics: [{ code: 'working_time', title: '工作时间' }],
        body: '请于二十日内书面答复。',
        representativesPerSide: 5,
        chiefRepresentative: '王建国',
      },
      organizer.token,
    );
    expect(second.status).toBe(201);
    const page = organizerPage;
    // The workbench says what waits: the second invitation is awaiting its reply.
    await openPage(page, srv, '/pkg-organizer/home/index');
    await eventually(async () => expect(await page.locator('#wb-invitations:visible').innerText()).toMatch(/要约应约\s*1 待答复/));

    // Nobody at the partner employer uses the app: the period starts when the sender records the paper letter's
    // delivery, and the page shows the last day the server counted.
    await openPage(page, srv, `/pkg-invitations/detail/index?id=${second.body.id}`);
    await page.locator('#inv-clock:visible').waitFor();
    expect(await page.locator('#inv-clock:visible').innerText()).toContain('等待对方收到');
    await page.locator('#inv-delivery-open:visible').click();
    await page.locator('#inv-delivery-note:visible input').fill('挂号信，门卫签收');
    await shot(page, 'delivery-form');
    await page.locator('#inv-delivery-submit:visible').click();
    const delivered = await eventually(async () => {
      const inv = (await srv.api('GET', `/invitations/${second.body.id}`, undefined, organizer.token)).body;
      expect(inv.deliveredOn).not.toBeNull();
      return inv as { replyLastDay: string; deliveryNote: string };
    });
    expect(delivered.deliveryNote).toBe('挂号信，门卫签收');
    const [y, m, d] = delivered.replyLastDay.split('-').map(Number);
    await eventually(async () =>
      expect(await page.locator('#inv-due-day:visible').innerText()).toContain(`答复截止：${y}年${m}月${d}日 24时`),
    );
    await shot(page, 'delivered');
    expect(await phoneProblems(page)).toEqual([]);

    // Past the last day however the holidays fall (20 days, moved at most 9 days by 春节).
    await srv.setClockDays(31);
    await openPage(page, srv, '/pkg-organizer/home/index');
    await eventually(async () => expect(await page.locator('#wb-invitations:visible').innerText()).toMatch(/要约应约\s*1 逾期/));
    await shot(page, 'workbench-counts');
    expect(await phoneProblems(page)).toEqual([]);

    await openPage(page, srv, '/pkg-invitations/list/index');
    await settle(page);
    await page.locator('#inv-filter-overdue:visible').click();
    const item = page.locator(`#inv-item-${second.body.id}:visible`);
    await item.waitFor();
    await item.locator('.inv-overdue-badge').waitFor();
    await shot(page, 'overdue-list');
    expect(await phoneProblems(page)).toEqual([]);
    await item.click();
    await settle(page);
    await shot.step(page, 'escalate', async () => {
      await page.locator('#inv-esc-form:visible').waitFor();
      await page.locator('#inv-esc-docno:visible input').fill('成工发〔2025〕12号');
      await shot(page, 'escalation-form');
      await page.locator('#inv-escalate-submit:visible').click();
      await confirmDialog(page);
      await eventually(async () => {
        const inv = (await srv.api('GET', `/invitations/${second.body.id}`, undefined, organizer.token)).body;
        expect(inv.status).toBe('escalated');
        expect(inv.escalations.map((e: { step: string; documentNo: string }) => [e.step, e.documentNo])).toEqual([
          ['union_rectification', '成工发〔2025〕12号'],
        ]);
      });
    });
    await settle(page);
    await shot(page, 'escalated');
  });
});
