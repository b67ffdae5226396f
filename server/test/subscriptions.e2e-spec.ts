// Subscribe messages with consent: the server counts what each user accepted in WeChat's dialog, sends only against
// it and spends one acceptance per message; the fake WeChat keeps its own count (from the phone, never from the
// server) and refuses any send without one with 43101, which the server records as no consent and never retries.
import type { SubscriptionStatus } from '@xst/shared-types';
import { SUBSCRIPTION_QUOTA_MAX } from '@xst/shared-types';
import {
  invitationWorld,
  makeInvitation,
  messagesFor,
  reminderRows,
  remindersSettled,
  sweep,
  type InvitationWorld,
} from './support/invitations.js';
import { startServer, type TestServer } from './support/server.js';
import { acceptSubscriptions } from './support/subscriptions.js';

describe('subscribe messages with consent', () => {
  let s: TestServer;
  let w: InvitationWorld;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'sub');
  });
  afterAll(async () => {
    await s.stop();
  });
  afterEach(async () => {
    await remindersSettled(s);
  });

  const quota = async (actor: typeof w.worker) => ((await s.api(actor).get('/subscriptions')).body as SubscriptionStatus).quotas;
  const stateOf = async (invitationId: string, kind: string, recipientUserId: string) =>
    (await reminderRows(s, invitationId)).find((r) => r.kind === kind && r.recipientUserId === recipientUserId);

  it('offers each role the template of its own news, with nothing accepted yet', async () => {
    expect(await quota(w.worker)).toEqual([
      { kind: 'negotiation_progress', templateId: 'negotiation_progress', label: '协商有进展时通知我', remaining: 0 },
    ]);
    expect((await quota(w.enterprise)).map((q) => [q.kind, q.label])).toEqual([['invitation_deadline', '截止前提醒我']]);
    expect((await quota(w.cityOrganizer)).map((q) => [q.kind, q.label])).toEqual([
      ['invitation_reply', '对方答复时通知我'],
      ['petition_reached', '职工联署达到比例时通知我'],
    ]);
    expect((await s.api().get('/subscriptions')).status).toBe(401);
  });

  it('counts one message per acceptance reported, nothing for a refusal, and at most the cap', async () => {
    const report = (results: object) => s.api(w.worker).post('/subscriptions', { results });
    expect((await report({ negotiation_progress: 'reject' })).body.quotas[0].remaining).toBe(0);
    expect((await report({ negotiation_progress: 'accept' })).body.quotas[0].remaining).toBe(1);
    expect((await report({ negotiation_progress: 'accept' })).body.quotas[0].remaining).toBe(2);
    for (let i = 0; i < SUBSCRIPTION_QUOTA_MAX; i++) await report({ negotiation_progress: 'accept' });
    expect((await quota(w.worker))[0].remaining).toBe(SUBSCRIPTION_QUOTA_MAX);
  });

  it('refuses a report naming a template not offered to the caller, an answer WeChat never gives, or more than 3 templates, writing nothing', async () => {
    const counts = await s.rowCounts();
    const cases: [object, RegExp][] = [
      [{ invitation_reply: 'accept' }, /不是给你的订阅消息/],
      [{ negotiation_progress: 'accept' }, /不是给你的订阅消息/],
      [{ invitation_deadline: 'yes' }, /accept、reject、ban 或 filter/],
      [{ invitation_deadline: 1 }, /accept、reject、ban 或 filter/],
      [{}, /1 到 3 个模板/],
      [{ a: 'accept', b: 'accept', c: 'accept', d: 'accept' }, /1 到 3 个模板/],
    ];
    for (const [results, message] of cases) {
      const res = await s.api(w.enterprise).post('/subscriptions', { results });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.fields[0].field).toMatch(/^results/);
    }
    for (const body of [{}, { results: 'accept' }, { results: ['x'] }, { results: {}, extra: 1 }]) {
      expect((await s.api(w.enterprise).post('/subscriptions', body)).status).toBe(400);
    }
    expect(await s.rowCounts()).toEqual(counts);
  });

  it('sends no reminder to an account that never accepted, records it as no consent and never retries it', async () => {
    const inv = await makeInvitation(s, w.countyOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(messagesFor(s, inv.id)).toHaveLength(0);
    // The server did not even try: WeChat saw no send for this invitation.
    expect(s.wechat.refusedSends.filter((m) => m.page?.endsWith(inv.id))).toHaveLength(0);
    const row = await stateOf(inv.id, 'invitation_received', w.enterprise.user.id);
    expect(row).toMatchObject({ state: 'no_consent' });
    s.clock.setOffset(s.clock.offset() + 7 * 3600_000);
    await sweep(s);
    expect(await stateOf(inv.id, 'invitation_received', w.enterprise.user.id)).toMatchObject({ state: 'no_consent', attempts: 1 });
    expect(messagesFor(s, inv.id)).toHaveLength(0);
  });

  it('spends one acceptance per message: the first invitation reaches the representative, the second does not', async () => {
    await acceptSubscriptions(s, s.wechat, w.enterprise, 'sub-ent');
    expect((await quota(w.enterprise))[0].remaining).toBe(1);
    const first = await makeInvitation(s, w.countyOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(messagesFor(s, first.id).map((m) => [m.touser, m.template_id])).toEqual([['sub-ent', 'invitation_deadline']]);
    expect((await quota(w.enterprise))[0].remaining).toBe(0);
    expect(s.wechat.acceptancesLeft('sub-ent', 'invitation_deadline')).toBe(0);
    const second = await makeInvitation(s, w.countyOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(messagesFor(s, second.id)).toHaveLength(0);
    expect(await stateOf(second.id, 'invitation_received', w.enterprise.user.id)).toMatchObject({ state: 'no_consent' });
  });

  it('takes WeChat’s 43101 as no consent: not retried, and the count it contradicts is set to none', async () => {
    // The phone reported an acceptance WeChat never recorded (an app that reports without asking, say).
    await s.api(w.enterprise2).post('/subscriptions', { results: { invitation_deadline: 'accept' } });
    await s.api(w.enterprise2).post('/subscriptions', { results: { invitation_deadline: 'accept' } });
    const inv = await makeInvitation(s, w.countyOrganizer, w.enterprise2);
    await remindersSettled(s);
    expect(messagesFor(s, inv.id)).toHaveLength(0);
    expect(s.wechat.refusedSends.filter((m) => m.page?.endsWith(inv.id)).map((m) => m.touser)).toEqual(['sub-ent2']);
    const row = await stateOf(inv.id, 'invitation_received', w.enterprise2.user.id);
    expect(row).toMatchObject({ state: 'no_consent', attempts: 1 });
    expect(String(row!.lastError)).toMatch(/43101/);
    expect((await quota(w.enterprise2))[0].remaining).toBe(0);
    s.clock.setOffset(s.clock.offset() + 7 * 3600_000);
    await sweep(s);
    expect(s.wechat.refusedSends.filter((m) => m.page?.endsWith(inv.id))).toHaveLength(1);
  });

  it('gives the acceptance back when WeChat fails for a passing reason, and sends on a later sweep', async () => {
    await acceptSubscriptions(s, s.wechat, w.enterprise, 'sub-ent');
    s.wechat.failNextSends = 1;
    const inv = await makeInvitation(s, w.countyOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(await stateOf(inv.id, 'invitation_received', w.enterprise.user.id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect((await quota(w.enterprise))[0].remaining).toBe(1);
    s.clock.setOffset(s.clock.offset() + 2 * 60_000);
    await sweep(s);
    expect(messagesFor(s, inv.id).map((m) => m.touser)).toEqual(['sub-ent']);
    expect((await quota(w.enterprise))[0].remaining).toBe(0);
  });

  it('tells the sending union of the reply only on the accounts that asked when sending', async () => {
    await acceptSubscriptions(s, s.wechat, w.cityOrganizer, 'sub-city-org');
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const res = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '本月已与区工会开展协商' });
    expect(res.status).toBe(200);
    await remindersSettled(s);
    const news = messagesFor(s, inv.id).filter((m) => m.data.thing1.value === '对方已答复要约');
    expect(news.map((m) => [m.touser, m.template_id, m.data.thing4.value])).toEqual([
      ['sub-city-org', 'invitation_reply', '对方拒绝了要约，请查看理由'],
    ]);
    expect(await stateOf(inv.id, 'invitation_replied', w.cityOrganizer2.user.id)).toMatchObject({ state: 'no_consent' });
  });

  it('exports what a worker accepted and forgets it with the account', async () => {
    const worker = await s.worker('sub-leaving-worker');
    await acceptSubscriptions(s, s.wechat, worker, 'sub-leaving-worker', 2);
    const exported = await s.api(worker).get('/me/export');
    expect(exported.body.subscriptions).toEqual([{ kind: 'negotiation_progress', remaining: 2 }]);
    expect((await s.api(worker).delete('/me')).status).toBe(204);
    const rows = await s.db.query('SELECT COUNT(*) AS n FROM subscription_quotas WHERE userId = ?', [worker.user.id]);
    expect(Number(rows[0].n)).toBe(0);
  });
});
