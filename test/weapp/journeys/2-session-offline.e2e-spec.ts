// WeChat journey 2: an organizer records a negotiation session in a rider station with no signal. The network goes
// (onNetworkStatusChange says so, wx.request fails with request:fail), WeChat kills the app, the organizer opens it
// again (storage kept), the network returns: the record reaches the server exactly once.
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { weappServer } from '../support/journey.js';

describe('a session logged in WeChat with no signal', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());
  let invitationId: string;
  let token: string;

  beforeAll(async () => {
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
        topics: [{ code: 'commission_rate', title: '抽成比例' }],
        body: '请于二十日内书面答复。',
        representativesPerSide: 5,
        chiefRepresentative: '王建国',
      },
      organizer.token,
    );
    expect(inv.status).toBe(201);
    invitationId = inv.body.id;
    expect((await srv.api('POST', `/invitations/${invitationId}/reply`, { decision: 'accept' }, enterprise.token)).status).toBe(200);
  });

  const sessions = async () => (await srv.api('GET', `/invitations/${invitationId}/sessions`, undefined, token)).body as { id: string }[];

  it('keeps the record through a kill and a relaunch offline, and syncs it once when the network returns', async () => {
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: 'pkg-sessions/sessions/index' });
    await app.tap('#session-new');
    await app.tap('#invitation-sheet .xsheet-option');
    await app.onPage('pkg-sessions/session-form/index');
    await app.see('#sf-place');

    await app.setNetwork(false);
    await app.type('sf-place', '锦江区骑手驿站');
    await app.type('sf-worker-chief', '王建国');
    await app.type('sf-employer-chief', '李明');
    await app.type('sf-recorder', '赵敏');
    await app.type('sf-topic-title-0', '抽成比例');
    await app.type('sf-minutes', '双方就高峰时段抽成进行了协商，企业方同意下调 1 个百分点，下次会议继续讨论工作时间。');
    await app.tap('#session-save');
    await app.see('#session-unsynced');
    const offline = app.callsTo('request').filter((r) => r.method === 'POST' && r.url.includes('/sessions'));
    expect(offline.length).toBeGreaterThan(0);
    for (const r of offline) expect(r.errMsg).toMatch(/^request:fail/);
    expect(await sessions()).toEqual([]);

    // WeChat reclaims the app; opened again, still without signal.
    app = await app.relaunch({ path: 'pkg-sessions/sessions/index' });
    expect(app.phone.online).toBe(false);
    await app.see('#session-unsynced');
    expect(await sessions()).toEqual([]);

    // The signal returns: the app hears it and sends the record, once.
    await app.setNetwork(true);
    await app.see('#session-synced');
    const list = await sessions();
    expect(list).toHaveLength(1);
    const posts = app.callsTo('request').filter((r) => r.method === 'POST' && /\/sessions$/.test(new URL(r.url).pathname));
    // Tries while offline fail on the phone (request:fail); one reaches the server.
    expect(posts.filter((p) => p.statusCode).map((p) => p.statusCode)).toEqual([201]);
    for (const p of posts.filter((p) => !p.statusCode)) expect(p.errMsg).toMatch(/^request:fail/);

    // Opened once more, nothing is sent again.
    app = await app.relaunch({ path: 'pkg-sessions/sessions/index' });
    await app.see(`#session-${list[0].id}`);
    await app.setNetwork(true);
    expect(await sessions()).toHaveLength(1);
    expect(app.callsTo('request').filter((r) => r.method === 'POST')).toEqual([]);
    app.assertNoErrors();
  });
});
