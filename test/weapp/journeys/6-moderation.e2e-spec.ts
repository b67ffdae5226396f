// WeChat journey 6: riders' suggestions that WeChat's content check sends for review are kept but shown to nobody,
// not even once the results they belong to are published; the organizer of the region finds them under 内容审核 on
// the 工作台, approves one (from then on it is read with the others) and hides the other (never read, not at close).
import { ridersVoteInSteps } from '../../support/journey.js';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { openRiderConsultation, weappServer } from '../support/journey.js';

describe('held suggestions cleared on the phone', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  it('keeps held suggestions from the results until the organizer approves one in 内容审核, and the hidden one for good', async () => {
    const { consultation, organizer } = await openRiderConsultation('内容审核的意见征集');
    const approved = '站长说的待审词要核实';
    const hidden = '待审词里点名了一位站长';
    const passing = ['希望站点多装充电桩', '雨天配送要有补贴'];
    // Ten riders vote, in two steps: the first five, two of them writing texts WeChat asks to review, are published.
    const first = [approved, hidden, ...passing];
    await ridersVoteInSteps(
      srv,
      consultation.id,
      (i) => [consultation.topics[i % 2].id],
      organizer.token,
      'weapp6-rider',
      (i) => first[i],
    );
    const published = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(published.body).toMatchObject({ published: true, ballots: 5 });
    // Only the passing texts are read: the held ones are in the snapshot but shown to nobody.
    expect([...published.body.suggestions].sort()).toEqual([...passing].sort());
    const queue = (await srv.api('GET', '/moderation', undefined, organizer.token)).body.items as { id: string; text: string }[];
    const itemOf = (text: string) => {
      const item = queue.find((i) => i.text === text);
      if (!item) throw new Error(`${text} is not held: ${JSON.stringify(queue)}`);
      return item;
    };
    const toApprove = itemOf(approved);
    const toHide = itemOf(hidden);

    // The rider who wrote the first held text sees the published suggestions without it, and without the other.
    app = await openApp({ server: srv.url, openid: 'weapp6-rider-0', path: `pages/result/index?id=${consultation.id}` });
    await app.see('#result-suggestions');
    await app.see(passing[0]);
    await app.see(passing[1]);
    expect(app.text()).not.toContain(approved);
    expect(app.text()).not.toContain(hidden);
    app.assertNoErrors();
    app.kill();

    // The organizer: 工作台 → 内容审核, both held texts; one approved, one hidden, each after its dialog.
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: 'pkg-organizer/home/index' });
    await app.see('#wb-moderation');
    await app.see(`${queue.length} 待审核`);
    await app.tap('#wb-moderation');
    await app.onPage('pkg-organizer/moderation/index');
    await app.see(approved);
    await app.see(hidden);
    expect(app.text()).not.toContain(passing[0]);
    await app.tap(`#mod-approve-${toApprove.id}`);
    expect(app.dialog).toMatchObject({ title: '通过' });
    await app.answer(true);
    await app.notSee(approved);
    await app.see(hidden);
    await app.tap(`#mod-hide-${toHide.id}`);
    expect(app.dialog).toMatchObject({ title: '不予显示' });
    await app.answer(true);
    await app.notSee(hidden);
    if (queue.length === 2) await app.see('没有待审核的内容');
    const decisions = app.callsTo('request').filter((r) => r.method === 'POST' && r.url.includes('/api/moderation/'));
    expect(decisions.map((r) => [r.url.split('/').slice(-2)[0], r.data, r.statusCode])).toEqual([
      [toApprove.id, { decision: 'approve' }, 200],
      [toHide.id, { decision: 'hide' }, 200],
    ]);
    app.assertNoErrors();
    app.kill();

    // The rider again: the approved text is read with the others at once; the hidden one is not.
    app = await openApp({ server: srv.url, openid: 'weapp6-rider-0', path: `pages/result/index?id=${consultation.id}` });
    await app.see('#result-suggestions');
    await app.see(approved);
    await app.see(passing[0]);
    expect(app.text()).not.toContain(hidden);
    app.assertNoErrors();

    // At close every ballot counts: the approved text among the suggestions, the hidden one still left out.
    await srv.api('POST', `/consultations/${consultation.id}/close`, undefined, organizer.token);
    const final = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(final.body.ballots).toBe(10);
    expect(final.body.suggestions).toContain(approved);
    expect(final.body.suggestions).not.toContain(hidden);
  });
});
