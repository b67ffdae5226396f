import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { startServer, type TestServer } from './support/server.js';

describe("a worker's own data", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
  });

  it('exports everything held about the worker, including their own choices, to them alone', async () => {
    const organizer = await s.login('priv-org', 'organizer', { regionCode: '510100' });
    const c = await makeConsultation(s, organizer);
    const rider = await s.worker('priv-rider');
    expect((await vote(s, rider, c, [topicIds(c)[0], topicIds(c)[2]], '希望增加休息站')).status).toBe(200);
    const res = await s.api(rider).get('/me/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    expect(res.body.account.id).toBe(rider.user.id);
    expect(res.body.ballots).toHaveLength(1);
    expect(res.body.ballots[0]).toMatchObject({
      consultationId: c.id,
      choices: [c.topics[0].title, c.topics[2].title],
      suggestion: '希望增加休息站',
    });
    const other = await s.worker('priv-other');
    expect((await s.api(other).get('/me/export')).body.ballots).toEqual([]);
  });

  it('deletes the account: identity gone, ballots and suggestions kept under no name, counts unchanged', async () => {
    const organizer = await s.login('priv-org2', 'organizer', { regionCode: '510100' });
    const c = await makeConsultation(s, organizer);
    const riders = [];
    for (let i = 1; i <= 5; i++) riders.push(await s.worker(`del-${i}`));
    for (const r of riders) await vote(s, r, c, [topicIds(c)[1]], `建议 ${r.user.id.slice(0, 4)}`);
    const keyBefore = (await s.db.query('SELECT voterKey FROM ballots WHERE consultationId = ? ORDER BY voterKey', [c.id])).map(
      (r: { voterKey: string }) => r.voterKey,
    );

    expect((await s.api(riders[0]).delete('/me')).status).toBe(204);
    expect((await s.api(riders[0]).get('/me')).status).toBe(401);

    // the final results, counted after the deletion, still hold all five ballots and suggestions
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const after = (await s.api(organizer).get(`/consultations/${c.id}/results`)).body;
    expect(after.ballots).toBe(5);
    expect(after.topics.map((t: { votes: number }) => t.votes)).toEqual([0, 5, 0, 0]);
    expect(after.suggestions).toHaveLength(5);
    const keyAfter = (await s.db.query('SELECT voterKey FROM ballots WHERE consultationId = ? ORDER BY voterKey', [c.id])).map(
      (r: { voterKey: string }) => r.voterKey,
    );
    expect(keyAfter).toHaveLength(5);
    // the ballot of this open consultation stays with the person (one-person-one-ballot.e2e-spec.ts)
    expect(keyAfter).toEqual(keyBefore);
    const [user] = await s.db.query('SELECT openid, deletedAt FROM users WHERE id = ?', [riders[0].user.id]);
    expect(user.openid).toBeNull();
    expect(user.deletedAt).not.toBeNull();
    // the same WeChat user coming back gets a new account, with nothing of the old one
    const back = await s.api().post('/auth/wechat', { code: 'ok:del-1' });
    expect(back.body.user).toMatchObject({ role: 'worker', industry: null, regionCode: null });
    expect(back.body.user.id).not.toBe(riders[0].user.id);
  });

  it('refuses to delete a staff account from the phone', async () => {
    const organizer = await s.login('priv-org3', 'organizer', { regionCode: '510100' });
    expect((await s.api(organizer).delete('/me')).status).toBe(403);
  });
});
