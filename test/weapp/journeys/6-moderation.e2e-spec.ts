// WeChat journey 6: a rider's suggestion that WeChat's content check sends for review is kept but shown to nobody;
// the organizer of the region finds it under 内容审核 on the 工作台 and approves it, and only then it is read.
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { openRiderConsultation, weappServer } from '../support/journey.js';

describe('a held suggestion cleared on the phone', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  // Reads the results at one ballot, below the published snapshot's step (RESULTS_STEP): to be rewritten to vote in
  // steps as journeys 1 and 2 do. The server's moderation tests cover the rule on both databases meanwhile.
  it.skip('keeps the suggestion from the results until the organizer approves it in 内容审核', async () => {
    const { consultation, organizer } = await openRiderConsultation('内容审核的意见征集');
    const rider = await srv.login('weapp5-rider', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, rider.token);
    const text = '站长说的待审词要核实';
    const ballot = await srv.api(
      'PUT',
      `/consultations/${consultation.id}/ballot`,
      { choices: [consultation.topics[0].id], suggestion: text },
      rider.token,
    );
    expect(ballot.status).toBe(200);
    const before = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(before.body.suggestions).not.toContain(text);

    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: 'pkg-organizer/home/index' });
    await app.see('#wb-moderation');
    await app.tap('#wb-moderation');
    await app.onPage('pkg-organizer/moderation/index');
    await app.see(text);
    const items = (await srv.api('GET', '/moderation', undefined, organizer.token)).body.items as { id: string; text: string }[];
    const item = items.find((i) => i.text === text)!;
    await app.tap(`#mod-approve-${item.id}`);
    expect(app.dialog).toMatchObject({ title: '通过' });
    await app.answer(true);
    await app.notSee(text);
    const after = await srv.api('GET', `/consultations/${consultation.id}/results`, undefined, organizer.token);
    expect(after.body.suggestions).toContain(text);
    app.assertNoErrors();
  });
});
