// WeChat journey 5: the suggestions of a consultation as groups, in the built weapp package. The organizer sees the
// groups with their counts, finds one, joins two and makes one a topic of the next consultation; a rider who voted
// sees the same published groups; below five ballots nobody sees any.
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { openRiderConsultation, weappServer } from '../support/journey.js';

const TEXTS = [
  '希望平台降低抽成比例',
  '希望平台降低抽成比例！',
  '平台抽成比例降低一些',
  '雨天配送要有补贴',
  '雨天配送补贴',
  '电动车换电太贵',
];

// Written before suggestions followed the published results snapshot (they appear one step of RESULTS_STEP ballots
// after they are written, or at close): to be rewritten to vote in steps; the server's suggestions tests cover the rules.
describe.skip('suggestions in groups, in WeChat', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  async function consultationWith(title: string, texts: string[], prefix: string) {
    const { consultation, organizer } = await openRiderConsultation(title);
    for (const [i, suggestion] of texts.entries()) {
      const w = await srv.login(`${prefix}-${i}`, 'worker');
      await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, w.token);
      const r = await srv.api(
        'PUT',
        `/consultations/${consultation.id}/ballot`,
        { choices: [consultation.topics[0].id], suggestion },
        w.token,
      );
      if (r.status !== 200) throw new Error(`ballot: ${r.status} ${JSON.stringify(r.body)}`);
    }
    return { consultation, organizer };
  }

  it('shows the organizer the groups, finds, joins and turns one into a topic of the next consultation', async () => {
    const { consultation } = await consultationWith('建议分组（微信）', TEXTS, 'weapp5-rider');
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `pkg-organizer/results/index?id=${consultation.id}` });
    await app.see('#suggestion-groups');
    await app.see('共 6 条建议，5 种说法');
    await app.see('3 人提到');
    expect(app.text()).toContain('×2');
    await app.type('suggestions-search', '雨天');
    await app.tap('#suggestions-search-go');
    await app.see('“雨天”：1 组');
    await app.tap('#suggestions-search-clear');
    await app.see('3 人提到');
    // Join the second and third groups.
    await app.tap('#sg-pick-1');
    await app.see('再选一组');
    await app.tap('#sg-pick-2');
    await app.see('归成 3 组');
    await app.tap('#suggestions-merge');
    await app.see('归成 2 组');
    const merge = app.callsTo('request').find((r) => r.method === 'POST' && r.url.includes('/suggestions/merge'));
    expect(merge?.statusCode).toBe(200);
    // The largest group becomes a topic of the next consultation: the form opens with it.
    await app.tap('#sg-topic-0');
    await app.onPage('pkg-organizer/create/index');
    await app.see('希望平台降低抽成比例');
    app.assertNoErrors();
  });

  it('shows a rider who voted the same published groups, and nobody any below five ballots', async () => {
    const { consultation } = await consultationWith('建议分组（骑手）', TEXTS.slice(0, 5), 'weapp5-voter');
    app = await openApp({ server: srv.url, openid: 'weapp5-voter-0', path: `pages/result/index?id=${consultation.id}` });
    await app.see('#result-suggestions');
    await app.see('3 人提到');
    await app.see('雨天配送补贴');
    expect(app.text()).not.toContain('选中合并');
    app.kill();

    const few = await consultationWith('建议太少（骑手）', TEXTS.slice(0, 4), 'weapp5-few');
    app = await openApp({ server: srv.url, openid: 'weapp5-few-0', path: `pages/result/index?id=${few.consultation.id}` });
    await app.see('#suggestions-unpublished');
    await app.see('参与满 5 人后公布大家的建议');
    expect(app.text()).not.toContain('希望平台降低抽成比例');
    app.assertNoErrors();
  });
});
