// WeChat journey 1: a rider opens the mini-program for the first time. No sign-in form: wx.login's code goes to the
// server, which exchanges it at (fake) WeChat's jscode2session; then industry and city, a vote, the results.
import { ridersVoteInSteps } from '../../support/journey.js';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { openRiderConsultation, wechatAcceptances, weappServer } from '../support/journey.js';

describe('a rider opens 协商通 in WeChat for the first time', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  it('signs in silently, asks industry and city, takes the vote and shows where the others stand', async () => {
    const { consultation, organizer } = await openRiderConsultation('成都外卖骑手议题征集（微信）');
    await ridersVoteInSteps(
      srv as any,
      consultation.id,
      (i) => [consultation.topics[i % 2].id, consultation.topics[3].id],
      organizer.token,
      'weapp1-rider',
    );

    app = await openApp({ server: srv.url, openid: 'weapp1-first-open' });
    // Signed in by WeChat, without a form: wx.login, then its code to the server.
    const login = app.callsTo('login');
    expect(login).toHaveLength(1);
    const auth = app.callsTo('request').find((r) => r.url.endsWith('/api/auth/wechat'));
    expect(auth).toMatchObject({ method: 'POST', data: { code: 'ok:weapp1-first-open' }, statusCode: 200 });
    expect(app.phone.storage.has('xst.token')).toBe(true);

    await app.see('先选你的行业和城市');
    await app.tap('去选择');
    await app.onPage('pages/profile/index');
    await app.tap('#industry-rider');
    await app.tap('#region-picker');
    await app.see('四川省');
    await app.tap('四川省');
    await app.tap('成都市');
    await app.tap('武侯区');
    await app.tap('#profile-save');
    // WeChat's privacy guide, answered by the app's sheet, before the first personal data is sent.
    await app.tap('#privacy-agree');
    await app.onPage('pages/consultations/index');
    const me = app.callsTo('request').find((r) => r.method === 'PATCH' && r.url.endsWith('/api/me'));
    expect(me).toMatchObject({ data: { industry: 'rider', regionCode: '510107' }, statusCode: 200 });

    await app.see(`#consultation-${consultation.id}`);
    expect(app.text()).toMatch(/还剩 \d+ 天/);
    await app.tap(`#consultation-${consultation.id}`);
    await app.onPage('pages/vote/index');
    expect(app.query).toEqual({ id: consultation.id });
    await app.tap(`#topic-${consultation.topics[0].id}`);
    await app.tap(`#topic-${consultation.topics[2].id}`);
    await app.see('2/3');
    await app.type('vote-suggestion', '希望站点多装充电桩');
    await app.tap('#vote-submit');
    await app.onPage('pages/result/index');
    await app.see('#result-total');
    // the published snapshot (five ballots), and when it next changes
    expect(app.text()).toContain('共 5 人参与');
    expect(app.text()).toContain('结果每满 5 人更新一次');
    expect(app.text()).toContain('还差 5 人更新');
    // the rider's own suggestion is not in the published snapshot yet: it appears only k ballots later, with others'
    expect(app.text()).not.toContain('希望站点多装充电桩');

    // 协商有进展时通知我: asked inside the submit tap, accepted, reported to the server; WeChat holds it too.
    expect(app.subscriptions).toEqual([{ negotiation_progress: 'accept' }]);
    const reported = () => app!.callsTo('request').find((r) => r.method === 'POST' && r.url.endsWith('/api/subscriptions'));
    for (let i = 0; i < 50 && !reported()?.statusCode; i++) await new Promise((r) => setTimeout(r, 50));
    expect(reported()).toMatchObject({ data: { results: { negotiation_progress: 'accept' } }, statusCode: 200 });
    expect(await wechatAcceptances('weapp1-first-open', 'negotiation_progress')).toBe(1);

    await srv.api('POST', `/consultations/${consultation.id}/close`, undefined, organizer.token);
    const results = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(results.body.ballots).toBe(11);
    expect(results.body.suggestions).toContain('希望站点多装充电桩');
    app.assertNoErrors();
  });

  it('does not sign in with a code WeChat refuses, and signs in when the next code is good', async () => {
    app = await openApp({ server: srv.url, openid: 'weapp1-bad-code', phone: undefined });
    app.kill();
    const phone = app.phone;
    phone.storage.clear();
    phone.loginCode = () => 'bad';
    app = await openApp({ server: srv.url, phone });
    const auth = app.callsTo('request').find((r) => r.url.endsWith('/api/auth/wechat'));
    expect(auth.statusCode).toBe(401);
    expect(phone.storage.has('xst.token')).toBe(false);
    phone.loginCode = () => `ok:${phone.openid}`;
    app = await app.relaunch();
    expect(phone.storage.has('xst.token')).toBe(true);
    app.assertNoErrors();
  });
});
