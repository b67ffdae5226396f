// Journey 6 (H5): a rider's suggestion WeChat's content check sends for review waits under 内容审核; the results are
// published (in steps of five ballots, one step behind) without it, and the organizer of the region approves it from
// the 工作台: only then do riders read it. Another held text the organizer hides is never read, not even at close.
// The vote's subscribe request does not exist in a browser: voting works the same, nothing is asked or reported.
import type { Browser, Page } from 'playwright-core';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle, watchPage } from '../support/browser.js';
import { confirmDialog, openPage, ridersVoteInSteps, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('a suggestion held for review', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  const shot = camera('6-moderation');
  let consultation: { id: string; topics: { id: string }[] };
  let organizerToken: string;

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    page = await (await phone(browser)).newPage();
    watch = watchPage(page);
    const organizer = await srv.login('demo-organizer', 'organizer');
    organizerToken = organizer.token;
    const now = Date.now();
    const created = await srv.api(
      'POST',
      '/consultations',
      {
        title: '骑手建议征集（审核）',
        regionCode: '510100',
        industries: ['rider'],
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 5 * 86400_000).toISOString(),
        mode: 'multiple',
        maxChoices: 2,
        topics: [{ code: 'commission_rate' }, { code: 'algorithm' }, { code: 'order_dispatch' }],
        allowSuggestions: true,
        resultsVisibility: 'after_vote',
      },
      organizer.token,
    );
    expect(created.status).toBe(201);
    consultation = created.body;
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  const results = async () => (await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizerToken)).body;
  const held = async () => (await srv.api('GET', '/moderation', undefined, organizerToken)).body.items as { id: string; text: string }[];

  it('votes in the browser without a subscribe request, holds the suggestion, and shows it once approved', async () => {
    const mine = '站点的待审词请核实';
    const hidden = '待审词里点名了一位站长';
    const passing = ['希望站点多装充电桩', '雨天配送要有补贴'];

    // The rider votes in the browser and writes a text WeChat asks to review.
    await signInAs(page, srv, 'worker');
    const rider = await srv.login('demo-worker', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, rider.token);
    const reports: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/subscriptions') && r.method() === 'POST' && reports.push(r.url()));
    await openPage(page, srv, `/pages/vote/index?id=${consultation.id}`);
    await page.locator(`#topic-${consultation.topics[0].id}:visible`).click();
    await page.locator('#vote-suggestion:visible textarea').fill(mine);
    await shot(page, 'vote');
    await page.locator('#vote-submit:visible').click();
    await eventually(async () => expect((await held()).map((i) => i.text)).toEqual([mine]));
    // One ballot: nothing is published yet, to anyone.
    await page.locator('#results-unpublished:visible').waitFor();
    expect(await page.locator('#results-unpublished:visible').innerText()).toContain('不足 5 人，暂不公布');
    expect(await results()).toMatchObject({ published: false, reason: 'too_few' });
    expect(reports).toEqual([]);
    expect(watch.problems()).toEqual([]);

    // Ten riders more, in two steps: the first step (six ballots with the rider's) is published, with another held
    // text and two that pass.
    const first = [hidden, ...passing];
    await ridersVoteInSteps(
      srv,
      consultation.id,
      (i) => [consultation.topics[i % 3].id],
      organizerToken,
      'mod-rider',
      (i) => first[i],
    );
    const published = await results();
    expect(published).toMatchObject({ published: true, ballots: 6 });
    expect([...published.suggestions].sort()).toEqual([...passing].sort());

    // The rider reads the published suggestions: the two that passed, neither held text.
    await openPage(page, srv, `/pages/result/index?id=${consultation.id}`);
    await eventually(async () => expect(await page.locator('#result-total:visible').innerText()).toContain('共 6 人参与'));
    await page.locator('.suggestion-item:visible', { hasText: passing[0] }).waitFor();
    await page.locator('.suggestion-item:visible', { hasText: passing[1] }).waitFor();
    expect(await page.locator('#result-suggestions:visible').innerText()).not.toMatch(/待审词/);
    await page.locator('#result-suggestions:visible').scrollIntoViewIfNeeded();
    await shot(page, 'results-without-held');
    expect(await phoneProblems(page)).toEqual([]);

    // The organizer: 工作台 → 内容审核, both held texts; one approved, the other hidden, each after its dialog.
    await signInAs(page, srv, 'organizer');
    await openPage(page, srv, '/pkg-organizer/home/index');
    await eventually(async () => expect(await page.locator('#wb-moderation:visible').innerText()).toMatch(/内容审核\s*2 待审核/));
    await shot(page, 'workbench');
    await page.locator('#wb-moderation:visible').click();
    await settle(page);
    await page.locator('.mod-item:visible', { hasText: mine }).waitFor();
    await page.locator('.mod-item:visible', { hasText: hidden }).waitFor();
    await shot(page, 'moderation');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('.mod-item:visible', { hasText: mine }).locator('[id^="mod-approve-"]').click();
    await confirmDialog(page);
    await eventually(async () => expect((await held()).map((i) => i.text)).toEqual([hidden]));
    await eventually(async () => expect(await page.locator('.mod-item:visible', { hasText: mine }).count()).toBe(0));
    await page.locator('.mod-item:visible', { hasText: hidden }).locator('[id^="mod-hide-"]').click();
    await confirmDialog(page);
    await eventually(async () => expect(await held()).toEqual([]));
    await page.locator('#mod-empty:visible').waitFor();
    await shot(page, 'moderation-empty');
    // The approved text is read at once, from the same published snapshot; the hidden one is not.
    expect([...(await results()).suggestions].sort()).toEqual([mine, ...passing].sort());

    // The rider sees the approved suggestion with the others, and not the hidden one.
    await signInAs(page, srv, 'worker');
    await openPage(page, srv, `/pages/result/index?id=${consultation.id}`);
    await page.locator('.suggestion-item:visible', { hasText: mine }).waitFor();
    await page.locator('.suggestion-item:visible', { hasText: passing[0] }).waitFor();
    expect(await page.locator('#result-suggestions:visible').innerText()).not.toContain(hidden);
    await page.locator('#result-suggestions:visible').scrollIntoViewIfNeeded();
    await shot(page, 'results-approved');
    expect(await phoneProblems(page)).toEqual([]);

    // At close every ballot counts: the approved text among them, the hidden one still left out.
    expect((await srv.api('POST', `/consultations/${consultation.id}/close`, undefined, organizerToken)).status).toBe(200);
    const final = await results();
    expect(final.ballots).toBe(11);
    expect(final.suggestions).toContain(mine);
    expect(final.suggestions).not.toContain(hidden);
    expect(reports).toEqual([]);
    expect(watch.problems()).toEqual([]);
  });
});
