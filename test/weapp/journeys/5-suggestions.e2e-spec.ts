// WeChat journey 5: the suggestions of a consultation as groups, in the built weapp package. The organizer sees the
// groups with their counts, finds one, joins two and makes one a topic of the next consultation; a rider who voted
// sees the same published groups; below five ballots nobody sees any. Ballots come in steps of five, as results
// are published.
import { ridersVote, ridersVoteInSteps } from '../../support/journey.js';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { openRiderConsultation, weappServer } from '../support/journey.js';

// The first five ballots, published once five more are cast (results move in steps of five, one step behind):
// three riders on the commission (two of them in the same words), one on rain, one on battery swaps.
const PUBLISHED = ['希望平台降低抽成比例', '希望平台降低抽成比例！', '平台抽成比例降低一些', '雨天配送要有补贴', '电动车换电太贵'];
// Written in the second step: kept back until the step after it, or the close.
const NEXT_STEP = '雨天配送补贴';

describe('suggestions in groups, in WeChat', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  /** Ten riders vote in two steps; the first five wrote PUBLISHED, the sixth NEXT_STEP. */
  async function consultationWith(title: string, prefix: string) {
    const { consultation, organizer } = await openRiderConsultation(title);
    await ridersVoteInSteps(
      srv,
      consultation.id,
      () => [consultation.topics[0].id],
      organizer.token,
      prefix,
      (i) => (i < 5 ? PUBLISHED[i] : i === 5 ? NEXT_STEP : undefined),
    );
    return { consultation, organizer };
  }

  it('shows the organizer the groups, finds, joins and turns one into a topic of the next consultation', async () => {
    const { consultation } = await consultationWith('建议分组（微信）', 'weapp5-rider');
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `pkg-organizer/results/index?id=${consultation.id}` });
    await app.see('#suggestion-groups');
    await app.see('共 5 条建议，4 种说法，归成 3 组');
    await app.see('3 人提到');
    expect(app.text()).toContain('×2');
    // The sixth rider's suggestion waits for the next step.
    expect(app.text()).not.toContain(NEXT_STEP);
    await app.type('suggestions-search', '雨天');
    await app.tap('#suggestions-search-go');
    await app.see('“雨天”：1 组');
    await app.see('雨天配送要有补贴');
    expect(app.text()).not.toContain('3 人提到');
    await app.tap('#suggestions-search-clear');
    await app.see('3 人提到');
    // Join the second and third groups.
    await app.tap('#sg-pick-1');
    await app.see('再选一组');
    await app.tap('#sg-pick-2');
    await app.see('合并为一组');
    await app.tap('#suggestions-merge');
    await app.see('归成 2 组');
    await app.see('2 人提到');
    const merge = app.callsTo('request').find((r) => r.method === 'POST' && r.url.includes('/suggestions/merge'));
    expect(merge?.statusCode).toBe(200);
    // The largest group becomes a topic of the next consultation: the form opens with it.
    await app.tap('#sg-topic-0');
    await app.onPage('pkg-organizer/create/index');
    await app.see('希望平台降低抽成比例');
    app.assertNoErrors();
  });

  it('shows a rider who voted the same published groups, and nobody any below five ballots', async () => {
    const { consultation, organizer } = await consultationWith('建议分组（骑手）', 'weapp5-voter');
    app = await openApp({ server: srv.url, openid: 'weapp5-voter-0', path: `pages/result/index?id=${consultation.id}` });
    await app.see('#result-suggestions');
    await app.see('共 5 条建议，4 种说法，归成 3 组');
    await app.see('3 人提到');
    await app.see('雨天配送要有补贴');
    expect(app.text()).not.toContain(NEXT_STEP);
    expect(app.text()).not.toContain('选中合并');
    app.assertNoErrors();
    app.kill();
    // The sixth rider's suggestion was written, and is read at close.
    await srv.api('POST', `/consultations/${consultation.id}/close`, undefined, organizer.token);
    const final = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(final.body.suggestions).toContain(NEXT_STEP);

    // Four riders wrote: no results and no suggestion for the rider, and the organizer sees none either.
    const few = await openRiderConsultation('建议太少（骑手）');
    await ridersVote(
      srv,
      few.consultation.id,
      () => [few.consultation.topics[0].id],
      4,
      'weapp5-few',
      (i) => PUBLISHED[i],
    );
    app = await openApp({ server: srv.url, openid: 'weapp5-few-0', path: `pages/result/index?id=${few.consultation.id}` });
    await app.see('#results-unpublished');
    await app.see('不足 5 人，暂不公布');
    expect(app.has('#result-suggestions')).toBe(false);
    expect(app.text()).not.toContain('抽成');
    app.assertNoErrors();
    app.kill();
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `pkg-organizer/results/index?id=${few.consultation.id}` });
    await app.see('#suggestions-unpublished');
    await app.see('建议和结果一起公布，每满 5 人更新一次');
    await app.see('还差 1 人。');
    expect(app.text()).not.toContain('希望平台降低抽成比例');
    app.assertNoErrors();
  });
});
