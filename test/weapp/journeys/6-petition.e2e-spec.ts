// WeChat journey 6: riders on the verified roll co-sign a petition that the union invite their platform. A rider
// signs with one tap from the 协商 tab and the share is reached; the organizer opens the petition from the notice
// WeChat delivered and sends the invitation from it, which answers the petition.
import { PETITION_PAGE } from '@xst/shared-types';
import { formatCode, RollKeys } from '../../../server/src/roll/roll-keys.js';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { wechatAcceptances, weappServer } from '../support/journey.js';

/** The ballot secret the journeys' server runs with (server/test/support/process.ts): the key of its code sheets. */
const keys = new RollKeys('process-ballot-secret-that-is-long-enough-01234');

describe('a workers’ petition in WeChat', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  it('a rider signs with one tap, the fifth of the roll obliges the union, and the organizer invites from it', async () => {
    const organizer = await srv.login('demo-organizer', 'organizer');
    const platform = (await srv.login('demo-enterprise', 'enterprise')).user.organizationId as string;
    // A sheet of 25 codes for riders of the platform in 锦江区, handed out at a 驿站; 25 riders redeem them.
    const sheet = await srv.api(
      'POST',
      '/roll/code-batches',
      {
        label: '锦江区骑手驿站',
        industry: 'rider',
        regionCode: '510104',
        platformOrgId: platform,
        count: 25,
        expiresAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
      },
      organizer.token,
    );
    if (sheet.status !== 201) throw new Error(JSON.stringify(sheet.body));
    const riders: { token: string }[] = [];
    for (let n = 1; n <= 25; n++) {
      const rider = await srv.login(n === 25 ? 'weapp5-me' : `weapp5-rider-${n}`, 'worker');
      const code = formatCode(keys.code(sheet.body.id, n));
      expect((await srv.api('POST', '/roll/codes/redeem', { code }, rider.token)).status).toBe(200);
      riders.push(rider);
    }
    // Four of them sign: one starts the petition, three join it.
    const started = await srv.api(
      'POST',
      '/petitions',
      { organizationId: platform, topics: ['commission_rate', 'order_dispatch'] },
      riders[0].token,
    );
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    for (const r of riders.slice(1, 4)) expect((await srv.api('PUT', `/petitions/${id}/signature`, undefined, r.token)).status).toBe(200);

    // The organizer asks to hear when a petition of the region reaches its share (职工联署达到比例时通知我).
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: 'pages/petitions/index' });
    await app.see(`#petition-${id}`);
    expect(app.text()).toContain('联署中');
    await app.tap('#pt-subscribe');
    expect(app.subscriptions).toEqual([{ petition_reached: 'accept' }]);
    const reported = () => app!.callsTo('request').find((r) => r.method === 'POST' && r.url.endsWith('/api/subscriptions'));
    for (let i = 0; i < 50 && !reported()?.statusCode; i++) await new Promise((r) => setTimeout(r, 50));
    expect(reported()).toMatchObject({ data: { results: { petition_reached: 'accept' } }, statusCode: 200 });
    expect(await wechatAcceptances('demo-organizer', 'petition_reached')).toBe(1);
    app.assertNoErrors();
    app.kill();

    // The 25th rider, in WeChat: 协商 tab → 职工联署 → the petition.
    app = await openApp({ server: srv.url, openid: 'weapp5-me', path: 'pages/negotiation/index' });
    await app.tap('#neg-open-petitions');
    await app.onPage('pages/petitions/index');
    await app.see(`#petition-${id}`);
    expect(app.text()).toContain('不足 5 人，暂不公布');
    await app.tap(`#petition-${id}`);
    await app.onPage(PETITION_PAGE);
    expect(app.text()).toContain('满 5 人（核验名册 25 人的 20%）');
    expect(app.text()).toContain('想谈：抽成比例、订单分配');
    await app.tap('#pd-sign');
    await app.see('#pd-withdraw');
    const put = app.callsTo('request').find((r) => r.method === 'PUT' && r.url.endsWith(`/petitions/${id}/signature`));
    expect(put).toMatchObject({ statusCode: 200 });
    expect(app.text()).toContain('已有 5 人以上联署');
    expect(app.text()).toMatch(/工会应在 \d+年\d+月\d+日 24时前发出要约，还剩 \d+ 天/);
    // Withdrawn with one tap, signed again with one tap: still one signature, and the obligation stays.
    await app.tap('#pd-withdraw');
    await app.see('#pd-sign');
    expect(app.text()).toContain('不足 5 人，暂不公布');
    expect(app.text()).toContain('工会应在');
    await app.tap('#pd-sign');
    await app.see('#pd-withdraw');
    app.assertNoErrors();
    app.kill();

    // WeChat delivered the organizer's notice, spending the acceptance; they tap it: the petition's page, its clock, 发出要约.
    for (let i = 0; i < 50 && (await wechatAcceptances('demo-organizer', 'petition_reached')) > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await wechatAcceptances('demo-organizer', 'petition_reached')).toBe(0);
    const petition = (await srv.api('GET', `/petitions/${id}`, undefined, organizer.token)).body;
    expect(petition).toMatchObject({ status: 'obliged', signatures: { shown: 5 } });
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `${PETITION_PAGE}?id=${id}`, scene: 1014 });
    await app.see('#pd-invite');
    expect(app.text()).toContain('待发出要约');
    await app.tap('#pd-invite');
    await app.onPage('pkg-invitations/compose/index');
    expect(app.query).toEqual({ petitionId: id });
    await app.see('#inv-from-petition');
    expect(app.text()).toContain('回应职工联署');
    await app.see('#inv-picked');
    expect(app.text()).toContain('抽成比例');
    await app.type('inv-chief', '王建国');
    await app.tap('#inv-send');
    expect(app.dialog).toMatchObject({ title: '发出要约' });
    await app.answer(true);
    await app.onPage('pkg-invitations/detail/index');
    const sent = app.callsTo('request').find((r) => r.method === 'POST' && r.url.endsWith(`/petitions/${id}/invitation`));
    expect(sent).toMatchObject({ statusCode: 201 });
    expect(sent.data.toOrganizationId).toBeUndefined();
    expect(sent.data.draft).toBeUndefined();
    const after = (await srv.api('GET', `/petitions/${id}`, undefined, organizer.token)).body;
    expect(after).toMatchObject({ status: 'answered', answeredInTime: true });
    expect(after.invitationId).toBe(
      sent.data && (await srv.api('GET', `/invitations/${after.invitationId}`, undefined, organizer.token)).body.id,
    );
    app.assertNoErrors();
  });
});
