// WeChat journey 5: in the mini-program, the organizer drafts from a session's agreed outcome, publishes it for
// comment and calls the congress of the verified roll; a courier votes in WeChat; the organizer checks one in at the
// venue, closes with everyone in, sees the exact figures, records the contract, opens the resolution and sends the
// filing packet to a chat.
import { negotiatedSession, verifiedWorkers } from '../../support/congress.js';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { weappServer } from '../support/journey.js';

describe('a draft adopted by the workers congress, in WeChat', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  it('goes from the session outcome to the filing packet', async () => {
    // Couriers: an industry of their own on this shared server, so the roll is exactly these four.
    const world = await negotiatedSession(srv, 'courier');
    const couriers = await verifiedWorkers(
      srv,
      world.organizer,
      ['wx-courier-0', 'wx-courier-1', 'wx-courier-2', 'wx-courier-3'],
      'courier',
    );

    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `pkg-sessions/publish/index?id=${world.sessionId}` });
    await app.tap('#outcome-draft');
    await app.onPage('pkg-congress/draft/index');
    await app.type('dr-title', '2025年快递员权益保障集体合同');
    await app.type('dr-summary', '高峰时段抽成下调 1 个百分点。');
    await app.tap('#dr-create');
    await app.see('第1条 抽成比例：高峰时段抽成下调 1 个百分点');
    await app.tap('#dr-publish');
    await app.answer(true);
    await app.see('公开征求意见，收到 0 条意见');
    await app.tap('#dr-call');
    await app.onPage('pkg-congress/congress-form/index');
    await app.type('cf-title', '2025年快递员职工代表大会');
    await app.tap('#cf-length-2h');
    await app.type('cf-venue', '锦江区快递员之家');
    await app.tap('#cf-submit');
    await app.onPage('pkg-congress/congress/index');
    await app.see('还差 3 人达到法定到会人数（3 人）');
    app.assertNoErrors();
    app.kill();
    const list = await srv.api('GET', '/congresses', undefined, world.organizer.token);
    const congress = list.body.find((c: { title: string }) => c.title === '2025年快递员职工代表大会');
    expect(congress.attendance).toEqual({ electorate: 4, attendance: 0, checkedIn: 0, quorumNeeds: 3 });

    // A courier finds it under 协商, reads the summary and votes.
    app = await openApp({ server: srv.url, openid: 'wx-courier-0', path: 'pages/negotiation/index' });
    await app.tap(`#neg-congress-${congress.id}`);
    await app.onPage('pages/congress/index');
    await app.see('高峰时段抽成下调 1 个百分点。');
    await app.tap('#cg-vote-approve');
    await app.see('#cg-my-choice');
    expect(app.text()).toContain('你已投：赞成');
    expect(app.text()).not.toMatch(/赞成 \d+ 票/);
    app.assertNoErrors();
    app.kill();

    // Two more vote; the last is checked in at the venue, then votes too (counted once).
    await srv.api('PUT', `/congresses/${congress.id}/ballot`, { choice: 'approve' }, couriers[1].token);
    await srv.api('PUT', `/congresses/${congress.id}/ballot`, { choice: 'reject' }, couriers[2].token);
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `pkg-congress/congress/index?id=${congress.id}` });
    await app.tap(`#cg-checkin-${couriers[3].user.id}`);
    await app.see('已达到法定到会人数（3 人）');
    expect(app.text()).not.toMatch(/赞成 \d+ 票/);
    await srv.api('PUT', `/congresses/${congress.id}/ballot`, { choice: 'approve' }, couriers[3].token);
    await app.tap('#cg-close');
    await app.see('应到 4 人，实到 4 人（线上表决 4 人，现场签到 1 人）。赞成 3 票，反对 1 票，弃权 0 票。');
    expect(app.text()).toContain('通过');

    // The resolution opens in WeChat; the contract is recorded; the filing packet goes to a chat.
    await app.tap('#cg-resolution-docx');
    expect(app.callsTo('openDocument').map((c) => c.fileType)).toEqual(['docx']);
    await app.tap('#cg-record');
    await app.onPage('pkg-congress/record/index');
    await app.type('rc-workers', '800');
    await app.type('rc-worker-chief', '王建国');
    await app.type('rc-worker-members', '张伟、刘芳');
    await app.type('rc-employer-chief', '李明');
    await app.type('rc-employer-members', '周强、吴磊');
    await app.type('rc-chosen', '职工方代表由快递员民主推选产生，企业方代表由法定代表人书面委托。');
    await app.tap('#rc-submit');
    await app.onPage('pkg-congress/congress/index');
    await app.tap('#cg-filing');
    await app.answer(true);
    expect(app.callsTo('shareFileMessage').map((c) => c.fileName)).toEqual(['2025年快递员权益保障集体合同备案材料.zip']);
    const recorded = await srv.api('GET', `/congresses/${congress.id}`, undefined, world.organizer.token);
    const contract = await srv.api('GET', `/contracts/${recorded.body.contractId}`, undefined, world.organizer.token);
    expect(contract.body.resolution).toMatchObject({ electorate: 4, attendance: 4, approve: 3, reject: 1, abstain: 0 });
    app.assertNoErrors();
  });
});
