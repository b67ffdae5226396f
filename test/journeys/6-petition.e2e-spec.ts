// Journey 6 (H5): riders on the verified roll co-sign a petition that the union invite their platform. A rider starts
// it in the browser from the 协商 tab by choosing the employer; co-signers are shown in steps of five only, and once a
// fifth of the roll has signed the union is obliged, with its clock; withdrawing and signing again is one tap each.
// The organizer finds it on the 工作台 as 待要约 and sends the invitation from it, which answers the petition.
import type { Browser, BrowserContext } from 'playwright-core';
import { formatCode, RollKeys } from '../../server/src/roll/roll-keys.js';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle, tab, watchPage } from '../support/browser.js';
import { confirmDialog, openPage, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

/** The ballot secret the journeys' server runs with (server/test/support/process.ts): the key of its code sheets. */
const keys = new RollKeys('process-ballot-secret-that-is-long-enough-01234');
const EMPLOYER = '成都速达同城配送有限公司';
const ROLL = 50;

describe('a workers’ petition in the browser', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let riderCtx: BrowserContext;
  let organizerCtx: BrowserContext;
  const shot = camera('6-petition');
  let organizerToken: string;
  let riders: { token: string }[] = [];

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    riderCtx = await phone(browser);
    organizerCtx = await phone(browser);
    const organizer = await srv.login('demo-organizer', 'organizer');
    organizerToken = organizer.token;
    const platform = (await srv.login('demo-enterprise', 'enterprise')).user.organizationId as string;
    // A sheet of 50 codes for riders of the platform in 锦江区, handed out at a 驿站; 50 riders redeem them, the demo
    // rider last: a fifth of the roll is 10.
    const sheet = await srv.api(
      'POST',
      '/roll/code-batches',
      {
        label: '锦江区骑手驿站',
        industry: 'rider',
        regionCode: '510104',
        platformOrgId: platform,
        count: ROLL,
        expiresAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
      },
      organizer.token,
    );
    if (sheet.status !== 201) throw new Error(JSON.stringify(sheet.body));
    riders = [];
    for (let n = 1; n <= ROLL; n++) {
      const rider = await srv.login(n === ROLL ? 'demo-worker' : `petition-rider-${n}`, 'worker');
      const code = formatCode(keys.code(sheet.body.id, n));
      const redeemed = await srv.api('POST', '/roll/codes/redeem', { code }, rider.token);
      if (redeemed.status !== 200) throw new Error(`redeem ${n}: ${redeemed.status} ${JSON.stringify(redeemed.body)}`);
      riders.push(rider);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  /** Co-signers `from` to `to` (1-based, of the roll) sign through the API. */
  const sign = async (id: string, from: number, to: number) => {
    for (let n = from; n <= to; n++) {
      const r = await srv.api('PUT', `/petitions/${id}/signature`, undefined, riders[n - 1].token);
      if (r.status !== 200) throw new Error(`signature ${n}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  };
  const asOrganizer = async (id: string) => (await srv.api('GET', `/petitions/${id}`, undefined, organizerToken)).body;

  it('a rider starts it, co-signers come in steps, the fifth of the roll obliges the union, and the organizer invites from it', async () => {
    const page = await riderCtx.newPage();
    const watch = watchPage(page);
    const me = riders[ROLL - 1];

    // 协商 → 职工联署: nothing yet; 发起或加入联署 → the employers the rider is verified for.
    await signInAs(page, srv, 'worker');
    await tab(page, '协商');
    await page.locator('#neg-open-petitions:visible').click();
    await settle(page);
    await page.locator('#petitions-empty:visible').waitFor();
    await shot(page, 'petitions-empty');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#pt-start:visible').click();
    const option = page.locator('.pt-employer:visible', { hasText: EMPLOYER });
    await option.waitFor();
    await shot(page, 'choose-employer');
    await option.click();

    // The petition's page: signed by the rider, the count kept back below a step, what obliges the union.
    const id = await eventually(async () => {
      const list = (await srv.api('GET', '/petitions', undefined, me.token)).body as { id: string; mySignature: boolean }[];
      expect(list).toHaveLength(1);
      expect(list[0].mySignature).toBe(true);
      return list[0].id;
    });
    await page.locator('#pd-withdraw:visible').waitFor();
    const card = page.locator('#pd-card:visible');
    expect(await card.innerText()).toContain('不足 5 人，暂不公布');
    expect(await card.innerText()).toContain(`满 10 人（核验名册 ${ROLL} 人的 20%），工会必须向企业发出要约`);
    expect(await card.innerText()).toContain('联署中');
    await settle(page);
    await shot(page, 'started');
    expect(await phoneProblems(page)).toEqual([]);

    // Four co-signers: five in all, the first step shown; four more are not shown (nine reads as five).
    await sign(id, 1, 4);
    expect((await asOrganizer(id)).signatures.shown).toBe(5);
    await page.reload();
    await settle(page);
    await eventually(async () => expect(await card.innerText()).toContain('已有 5 人以上联署'));
    await sign(id, 5, 8);
    expect(await asOrganizer(id)).toMatchObject({ status: 'collecting', signatures: { shown: 5 } });
    await page.reload();
    await settle(page);
    await eventually(async () => expect(await card.innerText()).toContain('已有 5 人以上联署'));
    expect(await card.innerText()).toContain('联署中');
    expect(await card.innerText()).not.toContain('工会应在');
    await shot(page, 'nine-shown-as-five');

    // The tenth: a fifth of the roll, the union is obliged, with the day it must send the invitation by.
    await sign(id, 9, 9);
    expect(await asOrganizer(id)).toMatchObject({ status: 'obliged', signatures: { shown: 10 } });
    await page.reload();
    await settle(page);
    await eventually(async () => expect(await card.innerText()).toContain('已有 10 人以上联署'));
    expect(await card.innerText()).toContain('联署人数已达到 20%');
    expect(await card.innerText()).toMatch(/工会应在 \d+年\d+月\d+日 24时前发出要约，还剩 \d+ 天/);
    expect(await card.innerText()).toContain('待发出要约');
    await shot(page, 'reached');
    expect(await phoneProblems(page)).toEqual([]);

    // Withdrawn with one tap (nine: shown as five), signed again with one tap; the obligation stays.
    await page.locator('#pd-withdraw:visible').click();
    await page.locator('#pd-sign:visible').waitFor();
    await eventually(async () => expect(await card.innerText()).toContain('已有 5 人以上联署'));
    expect(await card.innerText()).toContain('工会应在');
    expect((await asOrganizer(id)).status).toBe('obliged');
    await page.locator('#pd-sign:visible').click();
    await page.locator('#pd-withdraw:visible').waitFor();
    await eventually(async () => expect(await card.innerText()).toContain('已有 10 人以上联署'));
    expect(watch.problems()).toEqual([]);

    // The organizer: 工作台 → 职工联署 (1 待要约) → the petition → 发出要约.
    const org = await organizerCtx.newPage();
    const orgWatch = watchPage(org);
    await signInAs(org, srv, 'organizer');
    await openPage(org, srv, '/pkg-organizer/home/index');
    await eventually(async () => expect(await org.locator('#wb-petitions:visible').innerText()).toMatch(/职工联署\s*1 待要约/));
    await org.locator('#wb-petitions:visible').click();
    await settle(org);
    const item = org.locator(`#petition-${id}:visible`);
    await item.waitFor();
    expect(await item.innerText()).toContain('待发出要约');
    expect(await item.innerText()).toContain('已有 10 人以上联署');
    await shot(org, 'organizer-petitions');
    expect(await phoneProblems(org)).toEqual([]);
    await item.click();
    await settle(org);
    await org.locator('#pd-invite:visible').waitFor();
    expect(await org.locator('#pd-invite:visible').innerText()).toContain(`向${EMPLOYER}发出要约`);
    await shot(org, 'organizer-petition');
    await org.locator('#pd-invite:visible').click();
    await settle(org);

    // The invitation: addressed to the employer by the petition, topics from the catalogue (the rider named none).
    await shot.step(org, 'compose', async () => {
      await org.locator('#inv-from-petition:visible').waitFor();
      expect(await org.locator('#inv-from-petition:visible').innerText()).toMatch(
        new RegExp(`回应职工联署：外卖骑手联署向${EMPLOYER}要约，应在 \\d+年\\d+月\\d+日 24时前发出`),
      );
      await org.locator('#inv-source-catalog:visible').click();
      await org.locator('#inv-catalog-commission_rate:visible').click();
      await org.locator('#inv-catalog-order_dispatch:visible').click();
      await eventually(async () => expect(await org.locator('#inv-picked:visible').innerText()).toMatch(/1\. 抽成比例[\s\S]*2\. 订单分配/));
      await org.locator('#inv-chief:visible input').fill('王建国（工会主席）');
      await org.locator('#inv-from-petition:visible').scrollIntoViewIfNeeded();
      await shot(org, 'compose');
      expect(await phoneProblems(org)).toEqual([]);
      await org.locator('#inv-send:visible').click();
      await confirmDialog(org);
    });
    const answered = await eventually(async () => {
      const p = await asOrganizer(id);
      expect(p).toMatchObject({ status: 'answered', answeredInTime: true });
      return p as { invitationId: string };
    });
    const invitation = (await srv.api('GET', `/invitations/${answered.invitationId}`, undefined, organizerToken)).body;
    expect(invitation).toMatchObject({ status: 'sent', toOrganizationName: EMPLOYER, chiefRepresentative: '王建国（工会主席）' });
    expect(invitation.topics.map((t: { title: string }) => t.title)).toEqual(['抽成比例', '订单分配']);
    await org.waitForURL(/pkg-invitations\/detail/);
    await settle(org);
    await shot(org, 'invitation-sent');
    expect(orgWatch.problems()).toEqual([]);

    // The rider: the petition is answered, signing has ended.
    await page.reload();
    await settle(page);
    await eventually(async () => expect(await card.innerText()).toContain('已发出要约'));
    expect(await card.innerText()).toMatch(/工会已于 .+ 发出要约/);
    expect(await page.locator('#pd-withdraw:visible').count()).toBe(0);
    expect(await page.locator('.pd-note:visible').innerText()).toContain('工会已发出要约，联署结束');
    await shot(page, 'answered');
    expect(await phoneProblems(page)).toEqual([]);
    expect(watch.problems()).toEqual([]);
  });
});
