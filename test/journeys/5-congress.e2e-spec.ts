// Journey 5: a session's agreed outcome becomes a draft; the organizer publishes it for comment and calls the
// workers' congress (扩大会议) of the verified roll; a rider votes on the phone, another is checked in at the venue;
// the congress adopts it with the exact figures; the contract is recorded with its resolution and the filing
// packet downloaded.
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle } from '../support/browser.js';
import { negotiatedSession, verifiedWorkers } from '../support/congress.js';
import { confirmDialog, openPage, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('a draft adopted by the workers congress', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let riderCtx: BrowserContext;
  let rider: Page;
  const shot = camera('5-congress');
  let sessionId: string;
  let organizer: { token: string };
  let others: { token: string; user: { id: string } }[];

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    ctx = await phone(browser);
    page = await ctx.newPage();
    riderCtx = await phone(browser);
    rider = await riderCtx.newPage();
    const world = await negotiatedSession(srv, 'rider');
    sessionId = world.sessionId;
    organizer = world.organizer;
    // The demo rider (who votes on the phone) and four more riders, all on the verified roll of Jinjiang.
    const verified = await verifiedWorkers(
      srv,
      world.organizer,
      ['demo-worker', 'cg-rider-1', 'cg-rider-2', 'cg-rider-3', 'cg-rider-4'],
      'rider',
    );
    others = verified.slice(1);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('goes from the session outcome to the filing packet through the phone', async () => {
    await signInAs(page, srv, 'organizer');
    await openPage(page, srv, `/pkg-sessions/publish/index?id=${sessionId}`);
    await page.locator('#outcome-draft:visible').click();
    await settle(page);

    // The draft, written from the topics the session agreed on.
    await shot.step(page, 'draft-form', async () => {
      await page.locator('#dr-title:visible input').fill('2025年外卖骑手权益保障集体合同');
      await page.locator('#dr-summary:visible textarea').fill('高峰时段抽成下调 1 个百分点。');
    });
    await page.locator('#dr-create:visible').click();
    await page.locator('#dr-text:visible').waitFor();
    expect(await page.locator('#dr-text:visible').innerText()).toContain('第1条 抽成比例：高峰时段抽成下调 1 个百分点');
    // A second version; its difference shown.
    await page.locator('#dr-edit:visible').click();
    await page.locator('#dv-text:visible textarea').fill('第1条 抽成比例：高峰时段抽成下调 1.5 个百分点');
    await page.locator('#dv-note:visible input').fill('采纳骑手意见');
    await page.locator('#dv-save:visible').click();
    await eventually(async () => expect(await page.locator('#dr-diff-size:visible').innerText()).toMatch(/增加 2 字，删除 0 字/));
    await shot(page, 'draft-diff');
    expect(await page.locator('#dr-diff .pc-added').first().innerText()).toBe('.5');
    // Published for comment, then put to the congress.
    await page.locator('#dr-publish:visible').click();
    await confirmDialog(page);
    await eventually(async () => expect(await page.locator('#dr-clock:visible').innerText()).toMatch(/第 2 稿已于 .* 公开征求意见/));
    await page.locator('#dr-call:visible').click();
    await settle(page);
    await page.locator('#cf-title:visible input').fill('2025年外卖骑手职工代表大会');
    await page.locator('#cf-length-2h:visible').click();
    await page.locator('#cf-venue:visible input').fill('成都市总工会大礼堂');
    await shot(page, 'congress-form');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#cf-submit:visible').click();
    await page.locator('#cg-live:visible').waitFor();
    expect(await page.locator('#cg-attendance:visible').innerText()).toBe('0');
    expect(await page.locator('#cg-quorum:visible').innerText()).toContain('还差 4 人达到法定到会人数（4 人）');
    const congressId = /congress\/index\?id=([\w-]+)/.exec(page.url())![1];

    // The demo rider finds it under 协商, reads the plain summary and votes; the choice can be changed.
    await signInAs(rider, srv, 'worker');
    await openPage(rider, srv, '/pages/negotiation/index');
    await rider.locator(`#neg-congress-${congressId}:visible`).click();
    await settle(rider);
    expect(await rider.locator('#cg-summary:visible').innerText()).toContain('高峰时段抽成下调 1 个百分点');
    await rider.locator('#cg-vote-reject:visible').click();
    await eventually(async () => expect(await rider.locator('#cg-my-choice:visible').innerText()).toContain('反对'));
    await rider.locator('#cg-vote-approve:visible').click();
    await eventually(async () => expect(await rider.locator('#cg-my-choice:visible').innerText()).toContain('赞成'));
    await shot(rider, 'rider-voted');
    expect(await rider.locator('body').innerText()).not.toMatch(/赞成 \d+ 票/);
    expect(await phoneProblems(rider)).toEqual([]);

    // Two more vote by phone; one comes to the venue and is checked in by the organizer, counted once.
    for (const w of others.slice(0, 2)) {
      const r = await srv.api('PUT', `/congresses/${congressId}/ballot`, { choice: 'approve' }, w.token);
      expect(r.status).toBe(200);
    }
    await openPage(page, srv, `/pkg-congress/congress/index?id=${congressId}`);
    await page.locator(`#cg-checkin-${others[2].user.id}:visible`).click();
    await eventually(async () => expect(await page.locator('#cg-attendance:visible').innerText()).toBe('4'));
    expect(await page.locator('#cg-quorum:visible').innerText()).toContain('已达到法定到会人数');
    await shot(page, 'live-attendance');
    expect(await page.locator('body').innerText()).not.toMatch(/赞成 \d+ 票/);
    // The last member votes by phone (the one checked in is already counted); everyone has taken part: it may close.
    await srv.api('PUT', `/congresses/${congressId}/ballot`, { choice: 'abstain' }, others[3].token);
    await srv.api('PUT', `/congresses/${congressId}/ballot`, { choice: 'reject' }, others[2].token);
    await page.locator('#cg-close:visible').click();
    await eventually(async () => expect(await page.locator('#cg-result:visible').innerText()).toBe('通过'));
    expect(await page.locator('#cg-figures:visible').innerText()).toContain(
      '应到 5 人，实到 5 人（线上表决 5 人，现场签到 1 人）。赞成 3 票，反对 1 票，弃权 1 票。',
    );
    await shot(page, 'adopted');

    // The resolution downloads; the contract is recorded from the draft; the filing packet downloads.
    const [resolution] = await Promise.all([page.waitForEvent('download'), page.locator('#cg-resolution-docx:visible').click()]);
    expect(resolution.suggestedFilename()).toBe('2025年外卖骑手职工代表大会决议.docx');
    await page.locator('#cg-record:visible').click();
    await settle(page);
    await page.locator('#rc-workers:visible input').fill('3000');
    await page.locator('#rc-worker-chief:visible input').fill('王建国');
    await page.locator('#rc-worker-members:visible input').fill('张伟、刘芳、陈静、杨洋');
    await page.locator('#rc-employer-chief:visible input').fill('李明');
    await page.locator('#rc-employer-members:visible input').fill('周强、吴磊、郑丽、孙浩');
    await page.locator('#rc-chosen:visible textarea').fill('职工方代表由骑手民主推选产生，企业方代表由法定代表人书面委托。');
    await shot(page, 'record-form');
    await page.locator('#rc-submit:visible').click();
    await page.locator('#cg-filing:visible').waitFor();
    const congress = await srv.api('GET', `/congresses/${congressId}`, undefined, organizer.token);
    const contract = await srv.api('GET', `/contracts/${congress.body.contractId}`, undefined, organizer.token);
    expect(contract.body.resolution).toMatchObject({ electorate: 5, attendance: 5, approve: 3, reject: 1, abstain: 1 });
    const [packet] = await Promise.all([page.waitForEvent('download'), page.locator('#cg-filing:visible').click()]);
    const zip = await JSZip.loadAsync(await readFile((await packet.path())!));
    expect(Object.keys(zip.files)).toContain('4-职工代表大会决议.pdf');
    expect(Object.keys(zip.files)).toContain('3-双方协商代表名单.docx');

    // The contract page shows the resolution.
    await openPage(page, srv, `/pkg-sessions/contract/index?id=${congress.body.contractId}`);
    await eventually(async () =>
      expect(await page.locator('body').innerText()).toMatch(/表决通过：应到 5 人，实到 5 人，赞成 3、反对 1、弃权 1/),
    );
    await shot(page, 'contract');
    // The statistics show it beside the workers' ratings.
    await openPage(page, srv, '/pkg-admin/stats/index');
    await page.locator('#stats-period-year:visible').click();
    await eventually(async () =>
      expect(await page.locator('#stats-congress-contracts:visible').innerText()).toMatch(/经职代会通过签订的合同（份）\s*1/),
    );
    expect(await page.locator('#stats-congress-attendance:visible').innerText()).toMatch(/100%/);
    expect(await page.locator('#stats-congress-approval:visible').innerText()).toMatch(/60%/);
    await shot(page, 'statistics');
    // And the rider sees the result.
    await openPage(rider, srv, `/pages/congress/index?id=${congressId}`);
    await eventually(async () => expect(await rider.locator('#cg-result:visible').innerText()).toBe('草案通过'));
    await shot(rider, 'rider-result');
  });
});
