// One person, one ballot: ballots are keyed on the person's stable WeChat identity (openid, or unionid when so
// configured), not on the account, so that deleting the account and signing in again cannot vote twice — while the
// deletion still leaves no link from a ballot to the account or the openid that can be read without the server's key.
import { createHash, createHmac } from 'node:crypto';
import { AuthCache } from '../src/common/auth-cache.js';
import { seedDemo } from '../src/database/demo-seed.js';
import { PrivacyService } from '../src/identity/privacy.service.js';
import { ballotRows, makeConsultation, topicIds, vote } from './support/consultations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const BALLOT_SECRET = 'test-ballot-secret-that-is-long-enough-012345';
const hmac = (text: string) => createHmac('sha256', BALLOT_SECRET).update(text).digest('hex');

async function wechatWorker(s: TestServer, code: string): Promise<Actor> {
  const res = await s.api().post('/auth/wechat', { code });
  if (res.status !== 200) throw new Error(`sign-in ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  const profile = await s.api(res.body.token).patch('/me', { regionCode: '510104', industry: 'rider' });
  return { token: res.body.token, user: profile.body };
}

describe('one person, one ballot (openid)', () => {
  let s: TestServer;
  let organizer: Actor;
  beforeAll(async () => {
    s = await startServer();
    await seedDemo(s.db);
    organizer = await s.login('opob-org', 'organizer', { regionCode: '510100' });
  });
  afterAll(async () => {
    s.clock.setOffset(0);
    await s.stop();
  });

  it('does not let a worker vote twice by deleting the account and signing in again with WeChat', async () => {
    const c = await makeConsultation(s, organizer);
    const [a, b] = topicIds(c);
    const first = await wechatWorker(s, 'ok:opob-rider');
    expect((await vote(s, first, c, [a], '第一次的建议')).status).toBe(200);
    expect((await s.api(first).delete('/me')).status).toBe(204);

    const again = await wechatWorker(s, 'ok:opob-rider');
    expect(again.user.id).not.toBe(first.user.id);
    // the same person finds their ballot, and sending again replaces it
    expect((await s.api(again).get(`/consultations/${c.id}`)).body.myBallot).toMatchObject({ choices: [a], suggestion: '第一次的建议' });
    expect((await vote(s, again, c, [b])).status).toBe(200);
    const rows = await ballotRows(s, c.id);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].choices as string)).toEqual([b]);
    // again and again: still one
    expect((await s.api(again).delete('/me')).status).toBe(204);
    const third = await wechatWorker(s, 'ok:opob-rider');
    expect((await vote(s, third, c, [a])).status).toBe(200);
    expect(await ballotRows(s, c.id)).toHaveLength(1);

    // the other side: another person is another ballot
    const other = await wechatWorker(s, 'ok:opob-other-rider');
    expect((await vote(s, other, c, [a])).status).toBe(200);
    expect(await ballotRows(s, c.id)).toHaveLength(2);
  });

  it('does the same for dev sign-in and the demo accounts, whose identity is their sign-in name', async () => {
    const c = await makeConsultation(s, organizer);
    const [row] = await s.db.query('SELECT person FROM users WHERE openid = ?', ['demo-worker']);
    expect(row.person).toBe('openid:demo-worker');
    const demo = await s.login('demo-worker', 'worker');
    expect((await vote(s, demo, c, [topicIds(c)[0]])).status).toBe(200);
    expect((await s.api(demo).delete('/me')).status).toBe(204);
    const back = await s.worker('demo-worker');
    expect((await s.api(back).get(`/consultations/${c.id}`)).body.myBallot).not.toBeNull();
    expect((await vote(s, back, c, [topicIds(c)[1]])).status).toBe(200);
    expect(await ballotRows(s, c.id)).toHaveLength(1);
  });

  it('leaves after deletion no link from a ballot to the account or the openid without the server key', async () => {
    const open = await makeConsultation(s, organizer);
    const closing = await makeConsultation(s, organizer);
    const rider = await wechatWorker(s, 'ok:opob-gone');
    await vote(s, rider, open, [topicIds(open)[0]]);
    await vote(s, rider, closing, [topicIds(closing)[0]]);
    expect((await s.api(organizer).post(`/consultations/${closing.id}/close`)).status).toBe(200);
    expect((await s.api(rider).delete('/me')).status).toBe(204);

    const [user] = await s.db.query('SELECT * FROM users WHERE id = ?', [rider.user.id]);
    expect(user).toMatchObject({ openid: null, person: null });
    expect(JSON.stringify(user)).not.toContain('opob-gone');
    const [kept] = await ballotRows(s, open.id);
    const [cut] = await ballotRows(s, closing.id);
    const dump = JSON.stringify([kept, cut]);
    for (const plain of ['opob-gone', rider.user.id]) expect(dump).not.toContain(plain);
    // nothing anyone could compute without the key: no plain hash of the openid or of the account id
    for (const text of ['opob-gone', 'openid:opob-gone', rider.user.id]) {
      for (const algo of ['sha256', 'sha1', 'md5']) expect(dump).not.toContain(createHash(algo).update(text).digest('hex'));
    }
    // with the key: the open consultation's ballot stays with the person (that is what stops a second one) ...
    expect(kept.voterKey).toBe(hmac('openid:opob-gone'));
    // ... while the closed one, which nothing can change any more, is cut off for good
    expect(cut.voterKey).not.toBe(hmac('openid:opob-gone'));
    expect(cut.voterKey).not.toBe(hmac(rider.user.id));
    expect(cut.voterKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('moves the ballots of accounts made before, from the account key to the person key, once', async () => {
    const c = await makeConsultation(s, organizer);
    const rider = await wechatWorker(s, 'ok:opob-legacy');
    expect((await vote(s, rider, c, [topicIds(c)[2]])).status).toBe(200);
    // as a database from before keying on the person: the ballot under the account id's key, no person
    await s.db.query('UPDATE ballots SET voterKey = ? WHERE voterKey = ?', [hmac(rider.user.id), hmac('openid:opob-legacy')]);
    await s.db.query('UPDATE users SET person = NULL WHERE id = ?', [rider.user.id]);
    s.app.get(AuthCache).forgetUser(rider.user.id);
    // until moved, the account still finds its ballot under the old key
    expect((await s.api(rider).get(`/consultations/${c.id}`)).body.myBallot).toMatchObject({ choices: [topicIds(c)[2]] });

    const privacy = s.app.get(PrivacyService);
    expect(await privacy.rekeyAccountsToPersons()).toBe(1);
    expect(await privacy.rekeyAccountsToPersons()).toBe(0);
    const [row] = await ballotRows(s, c.id);
    expect(row.voterKey).toBe(hmac('openid:opob-legacy'));
    expect((await s.api(rider).get(`/consultations/${c.id}`)).body.myBallot).toMatchObject({ choices: [topicIds(c)[2]] });
    // and from now on deleting and coming back cannot vote twice either
    expect((await s.api(rider).delete('/me')).status).toBe(204);
    const back = await wechatWorker(s, 'ok:opob-legacy');
    expect((await vote(s, back, c, [topicIds(c)[0]])).status).toBe(200);
    expect(await ballotRows(s, c.id)).toHaveLength(1);
  });
});

describe('one person, one ballot (unionid)', () => {
  let s: TestServer;
  let organizer: Actor;
  beforeAll(async () => {
    s = await startServer({ WECHAT_IDENTITY: 'unionid' });
    organizer = await s.login('opob-u-org', 'organizer', { regionCode: '510100' });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('keys ballots on the unionid: the same person through another openid, or after deletion, is one ballot', async () => {
    const c = await makeConsultation(s, organizer);
    const first = await wechatWorker(s, 'ok:opob-o1|opob-u1');
    expect((await vote(s, first, c, [topicIds(c)[0]])).status).toBe(200);
    // the same person in another app of the same Open Platform account: another openid, the same unionid
    const elsewhere = await wechatWorker(s, 'ok:opob-o2|opob-u1');
    expect((await s.api(elsewhere).get(`/consultations/${c.id}`)).body.myBallot).not.toBeNull();
    expect((await vote(s, elsewhere, c, [topicIds(c)[1]])).status).toBe(200);
    expect((await s.api(first).delete('/me')).status).toBe(204);
    const back = await wechatWorker(s, 'ok:opob-o1|opob-u1');
    expect((await vote(s, back, c, [topicIds(c)[2]])).status).toBe(200);
    expect(await ballotRows(s, c.id)).toHaveLength(1);
    // another person is another ballot
    const other = await wechatWorker(s, 'ok:opob-o3|opob-u3');
    expect((await vote(s, other, c, [topicIds(c)[2]])).status).toBe(200);
    expect(await ballotRows(s, c.id)).toHaveLength(2);
  });

  it('refuses a WeChat sign-in without a unionid, naming why, and writes nothing', async () => {
    const before = await s.rowCounts();
    const res = await s.api().post('/auth/wechat', { code: 'ok:opob-no-union' });
    expect([res.status, res.body.code]).toEqual([503, 'wechat_unionid_missing']);
    expect(res.body.message).toContain('unionid');
    expect(await s.rowCounts()).toEqual(before);
  });
});
