// WeChat journey 4: every page of the package, main and subpackages, opens in the mini-program runtime without an
// error: nothing logged with console.error, nothing thrown, no server error, no English error text on screen.
import { sessionRequest } from '../../../server/test/support/sessions.js';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { WeappPackage } from '../harness/package.js';
import { openRiderConsultation, weappServer } from '../support/journey.js';

const pkg = new WeappPackage();
const OPENID: Record<string, string> = {
  pages: 'demo-worker',
  'pkg-organizer': 'demo-organizer',
  'pkg-admin': 'demo-admin',
  'pkg-enterprise': 'demo-enterprise',
  'pkg-sessions': 'demo-organizer',
  'pkg-invitations': 'demo-organizer',
  'pkg-congress': 'demo-organizer',
};

describe('every page of the WeChat package', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());
  const query: Record<string, string> = {};
  /** What a page must show when its data loaded (not only an empty frame or an error state). */
  const shows: Record<string, string> = {
    'pages/vote/index': '每个页面都能打开',
    // nobody voted: no figure, only when there will be one
    'pkg-organizer/results/index': '不足 5 人，暂不公布',
    'pages/result/index': '结果还没公布',
    'pkg-invitations/detail/index': '请于二十日内书面答复。',
    'pkg-sessions/contract/index': '成都速达同城配送骑手集体合同',
    'pkg-sessions/publish/index': '抽成比例',
    'pkg-admin/stats/index': '新就业形态',
  };

  beforeAll(async () => {
    await srv.login('demo-admin', 'admin');
    const worker = await srv.login('demo-worker', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, worker.token);
    const { consultation, organizer } = await openRiderConsultation('每个页面都能打开');
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
    await srv.api('POST', `/invitations/${inv.body.id}/reply`, { decision: 'accept' }, enterprise.token);
    const session = await srv.api('POST', `/invitations/${inv.body.id}/sessions`, sessionRequest(), organizer.token);
    if (session.status !== 201) throw new Error(`session: ${session.status} ${JSON.stringify(session.body)}`);
    const contract = await srv.api(
      'POST',
      '/contracts',
      {
        scope: 'new_employment',
        kind: 'comprehensive',
        title: '成都速达同城配送骑手集体合同',
        regionCode: '510104',
        partyOrganizationIds: [enterprise.user.organizationId],
        invitationId: inv.body.id,
        signedAt: '2024-03-10',
        effectiveFrom: '2024-03-10',
        expiresAt: '2027-03-09',
        enterprisesCovered: 1,
        workersCovered: 3200,
      },
      organizer.token,
    );
    if (contract.status !== 201) throw new Error(`contract: ${contract.status} ${JSON.stringify(contract.body)}`);
    Object.assign(query, {
      'pages/vote/index': `id=${consultation.id}`,
      'pages/result/index': `id=${consultation.id}`,
      'pkg-organizer/results/index': `id=${consultation.id}`,
      'pkg-organizer/edit/index': `id=${consultation.id}`,
      'pkg-invitations/detail/index': `id=${inv.body.id}`,
      'pkg-sessions/session-form/index': `invitationId=${inv.body.id}`,
      'pkg-sessions/publish/index': `id=${session.body.id}`,
      'pkg-sessions/contract-form/index': `invitationId=${inv.body.id}`,
      'pkg-sessions/contract/index': `id=${contract.body.id}`,
      'pkg-congress/draft/index': `sessionId=${session.body.id}`,
    });
  });

  it.each(pkg.pages)('%s opens without an error', async (route) => {
    const root = pkg.packageOf(route) ?? 'pages';
    const path = query[route] ? `${route}?${query[route]}` : route;
    app = await openApp({ server: srv.url, openid: OPENID[root], path });
    expect(app.route).toBe(route);
    if (shows[route]) await app.see(shows[route]);
    // Let the page's first loads finish.
    await app.settle(150);
    const text = app.text();
    expect(text.length).toBeGreaterThan(0);
    for (const english of ['Error', 'undefined', 'null', 'NaN']) expect(text).not.toMatch(new RegExp(`\\b${english}\\b`));
    const serverErrors = app.callsTo('request').filter((r) => r.statusCode >= 500 || r.errMsg);
    expect(serverErrors).toEqual([]);
    app.assertNoErrors();
  });

  it('asks for the statistics of the dates the admin picks', async () => {
    app = await openApp({ server: srv.url, openid: 'demo-admin', path: 'pkg-admin/stats/index' });
    await app.see('#stats-from');
    const before = app.callsTo('request').length;
    await app.pick('stats-from', '2024-01-01');
    await app.see('2024-01-01');
    const asked = app.callsTo('request').slice(before);
    expect(asked.some((r) => r.url.includes('2024-01-01'))).toBe(true);
    app.assertNoErrors();
  });
});
