// WeChat journey 3: an enterprise representative taps a subscribe message about a collective negotiation invitation
// (要约). WeChat opens the message's page with its query string (scene 1014); the representative reads it and answers.
import { INVITATION_PAGE } from '@xst/shared-types';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { wechatAcceptances, weappServer } from '../support/journey.js';

describe('an invitation opened from a WeChat subscribe message', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  it('opens the invitation the message points to and sends the written reply', async () => {
    const organizer = await srv.login('demo-organizer', 'organizer');
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
        body: '就骑手抽成比例和工作时间提出集体协商要约，请于二十日内书面答复。',
        representativesPerSide: 5,
        chiefRepresentative: '王建国',
      },
      organizer.token,
    );
    expect(inv.status).toBe(201);
    const id = inv.body.id as string;

    // The page and query a subscribe message carries (the server builds it from INVITATION_PAGE the same way).
    app = await openApp({ server: srv.url, openid: 'demo-enterprise', path: `${INVITATION_PAGE}?id=${id}`, scene: 1014 });
    expect(app.route).toBe(INVITATION_PAGE);
    expect(app.pageStack).toEqual([INVITATION_PAGE]);
    await app.see('就骑手抽成比例和工作时间提出集体协商要约，请于二十日内书面答复。');
    await app.see('#inv-days');
    expect(app.text()).toContain('抽成比例');
    // Opening it received it: the page shows the last day the server counts (from today, holidays considered).
    const received = (await srv.api('GET', `/invitations/${id}`, undefined, organizer.token)).body;
    expect(received.receivedAt).not.toBeNull();
    const [y, m, d] = String(received.replyLastDay).split('-').map(Number);
    expect(app.text()).toContain(`答复截止：${y}年${m}月${d}日 24时`);

    // 截止前提醒我: asked in its own tap, accepted, and known to the server and to WeChat.
    await app.tap('#inv-remind');
    expect(app.subscriptions).toEqual([{ invitation_deadline: 'accept' }]);
    const reported = () => app!.callsTo('request').find((r) => r.method === 'POST' && r.url.endsWith('/api/subscriptions'));
    for (let i = 0; i < 50 && !reported()?.statusCode; i++) await new Promise((r) => setTimeout(r, 50));
    expect(reported()).toMatchObject({ data: { results: { invitation_deadline: 'accept' } }, statusCode: 200 });
    expect(await wechatAcceptances('demo-enterprise', 'invitation_deadline')).toBe(1);
    const quota = await srv.api('GET', '/subscriptions', undefined, enterprise.token);
    expect(quota.body.quotas).toMatchObject([{ kind: 'invitation_deadline', remaining: 1 }]);

    await app.tap('#inv-accept');
    await app.type('inv-reply-place', '公司二楼会议室');
    await app.tap('#inv-reply-submit');
    expect(app.dialog).toMatchObject({ title: '确认应约' });
    await app.answer(true);
    const reply = app.callsTo('request').find((r) => r.method === 'POST' && r.url.endsWith(`/invitations/${id}/reply`));
    expect(reply).toMatchObject({ data: { decision: 'accept', proposedPlace: '公司二楼会议室' }, statusCode: 200 });
    const after = await srv.api('GET', `/invitations/${id}`, undefined, organizer.token);
    expect(after.body.status).toBe('accepted');
    await app.see('#inv-clock');

    // Pulled down, the page asks the server again and stops the spinner.
    const before = app.callsTo('request').length;
    await app.pullDown();
    expect(app.callsTo('request').length).toBeGreaterThan(before);
    expect(app.callsTo('stopPullDownRefresh')).toHaveLength(1);

    // Opened from the message again: no second reply form, the answer shows.
    app = await app.relaunch({ path: `${INVITATION_PAGE}?id=${id}`, scene: 1014 });
    await app.see('#inv-clock');
    expect(app.has('#inv-reply-submit')).toBe(false);
    app.assertNoErrors();
  });
});
