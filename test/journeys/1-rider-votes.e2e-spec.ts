// Journey 1: a rider signs in, sets industry and city, votes in an open consultation and sees the results.
import type { Browser, Page } from 'playwright-core';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle, tab, watchPage } from '../support/browser.js';
import { ridersVoteInSteps } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('a rider between two deliveries', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  const shot = camera('1-rider-votes');
  let consultation: { id: string; topics: { id: string; title: string }[] };

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    page = await (await phone(browser)).newPage();
    watch = watchPage(page);
    const organizer = await srv.login('demo-organizer', 'organizer');
    const now = Date.now();
    const created = await srv.api(
      'POST',
      '/consultations',
      {
        title: '2025 年成都外卖骑手集体协商议题征集',
        description: '选出你最希望工会和平台谈的三件事。',
        regionCode: '510100',
        industries: ['rider'],
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 5 * 86400_000).toISOString(),
        mode: 'multiple',
        maxChoices: 3,
        topics: [{ code: 'commission_rate' }, { code: 'algorithm' }, { code: 'order_dispatch' }, { code: 'labour_protection' }],
        allowSuggestions: true,
        resultsVisibility: 'after_vote',
      },
      organizer.token,
    );
    expect(created.status).toBe(201);
    consultation = created.body;
    // Ten riders have voted already, the first five of them published (results advance in steps of five).
    await ridersVoteInSteps(
      srv,
      consultation.id,
      (i) => [consultation.topics[i % 2].id, consultation.topics[3].id],
      organizer.token,
      'journey1-rider',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('signs in, sets industry and city, votes and sees where the others stand', async () => {
    const started = Date.now();
    await page.goto(`${srv.url}/`);
    await page.locator('#go-login:visible').waitFor();
    // The first screen renders within the journey's bound.
    expect(Date.now() - started).toBeLessThan(15_000);
    await shot(page, 'first-screen');
    await page.locator('#go-login:visible').click();
    await page.locator('#dev-login-worker:visible').waitFor();
    await settle(page);
    await shot(page, 'login');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#dev-login-worker:visible').click();
    await settle(page);

    // 我的: a rider's own things; the staff invitation code waits behind 我是工作人员.
    await tab(page, '我的');
    await page.locator('#me-staff:visible').waitFor();
    expect(await page.locator('#redeem-code:visible').count()).toBe(0);
    await shot(page, 'me');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#me-staff:visible').click();
    await page.locator('#redeem-code:visible').waitFor();
    // A field's error goes as soon as the field is right: no waiting for the next tap on 开通.
    await page.locator('#redeem-submit:visible').click();
    await eventually(async () => expect(await page.locator('.xfield-error:visible').allInnerTexts()).toEqual(['请输入邀请码']));
    await shot(page, 'me-staff');
    await page.locator('#redeem-code:visible input').fill('AB');
    await eventually(async () => expect(await page.locator('.xfield-error:visible').count()).toBe(0));
    await page.locator('#redeem-code:visible input').fill('');
    await page.locator('#me-staff:visible').click();
    expect(await page.locator('#redeem-code:visible').count()).toBe(0);

    // 我的 → 我的信息: industry and city
    await page.locator('#edit-profile:visible').click();
    await settle(page);
    await page.locator('#industry-rider:visible').click();
    await page.locator('#region-picker:visible').click();
    await page.locator('.region-crumb:visible', { hasText: '全部' }).click();
    await page.locator('.region-option:visible', { hasText: '四川省' }).click();
    await page.locator('.region-option:visible', { hasText: '成都市' }).click();
    await page.locator('.region-option:visible', { hasText: '武侯区' }).waitFor();
    await shot(page, 'region-sheet');
    await page.locator('.region-option:visible', { hasText: '武侯区' }).click();
    await shot(page, 'profile');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#profile-save:visible').click();
    const rider = await srv.login('demo-worker', 'worker');
    await eventually(async () =>
      expect((await srv.api('GET', '/me', undefined, rider.token)).body).toMatchObject({ regionCode: '510107', industry: 'rider' }),
    );
    await settle(page);

    // 议题: the open consultation, with its countdown
    await tab(page, '议题');
    const card = page.locator(`#consultation-${consultation.id}:visible`);
    await card.waitFor();
    expect(await card.innerText()).toMatch(/还剩 \d+ 天/);
    await shot(page, 'consultations');
    expect(await phoneProblems(page)).toEqual([]);
    await card.click();
    await settle(page);

    // vote: two topics, a suggestion, submit
    await page.locator(`#topic-${consultation.topics[0].id}:visible`).click();
    await page.locator(`#topic-${consultation.topics[2].id}:visible`).click();
    expect(await page.locator('#vote-count:visible').innerText()).toContain('2/3');
    // A rider starts typing, is called away by an order and opens the page again: the draft is there, typing goes on.
    await page.locator('#vote-suggestion:visible textarea').pressSequentially('希望站点', { delay: 20 });
    await page.reload();
    await settle(page);
    const box = page.locator('#vote-suggestion:visible textarea');
    expect(await box.inputValue()).toBe('希望站点');
    expect(await page.locator('#vote-count:visible').innerText()).toContain('2/3');
    await box.focus();
    await page.keyboard.press('End');
    await box.pressSequentially('多装充电桩', { delay: 20 });
    expect(await box.inputValue()).toBe('希望站点多装充电桩');
    await shot(page, 'vote');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#vote-submit:visible').click();

    // results: the published snapshot as horizontal bars, the rider's own choices marked, and when it next changes
    await page.locator('#result-total:visible').waitFor();
    await eventually(async () => expect(await page.locator('#result-total:visible').innerText()).toContain('共 5 人参与'));
    expect(await page.locator('#results-next:visible').innerText()).toBe('还差 5 人更新');
    expect(await page.locator('#results-publication:visible').innerText()).toContain('结果每满 5 人更新一次');
    await settle(page);
    await shot(page, 'results');
    expect(await phoneProblems(page)).toEqual([]);
    const organizer = await srv.login('demo-organizer', 'organizer');
    const live = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(live.body).toMatchObject({ published: true, ballots: 5, publication: { untilNext: 5 } });
    expect(live.body.suggestions).not.toContain('希望站点多装充电桩');
    // at close every ballot counts, the rider's suggestion among them
    await srv.api('POST', `/consultations/${consultation.id}/close`, undefined, organizer.token);
    const results = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(results.body.ballots).toBe(11);
    expect(results.body.suggestions).toContain('希望站点多装充电桩');

    // After the results, the way on: back to the topics or to the negotiation they feed.
    await page.locator('#result-to-topics:visible').waitFor();
    await page.locator('#result-to-negotiation:visible').click();
    await settle(page);
    await page.locator('.xstate:visible').first().waitFor();
    await shot(page, 'negotiation-empty');
    expect(await phoneProblems(page)).toEqual([]);
    // Nothing went wrong underneath: no error in the console, no request refused or lost along the whole journey.
    expect(watch.problems()).toEqual([]);
  });
});
