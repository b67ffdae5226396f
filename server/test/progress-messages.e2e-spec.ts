// 协商有进展时通知我: a worker who took part in a consultation and accepted the template hears, once, that its results
// are published and that minutes or an outcome are out. Nobody without an acceptance is sent anything (the fake
// WeChat would refuse it with 43101); the message is the same for everyone and the outbox never names who voted.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consultation, Invitation, SubscriptionStatus } from '@xst/shared-types';
import { createApp } from '../src/app.factory.js';
import { ConsultationsService } from '../src/consultations/consultations.service.js';
import { SubscribeOutbox } from '../src/subscriptions/subscribe-outbox.js';
import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { type Actor, startServer, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';
import { acceptSubscriptions } from './support/subscriptions.js';

const HOUR = 3600_000;

describe('progress messages to those who took part', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let riders: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', Actor>;

  const settled = () => s.app.get(SubscribeOutbox).settled();
  const sentTo = (page: string) => s.wechat.sent.filter((m) => m.page === page);
  const remaining = async (actor: Actor) => ((await s.api(actor).get('/subscriptions')).body as SubscriptionStatus).quotas[0].remaining;
  const rowsOf = (subjectId: string) =>
    s.db.query('SELECT kind, recipient, state FROM subscribe_messages WHERE subjectId = ? ORDER BY recipient', [subjectId]);

  beforeAll(async () => {
    s = await startServer({ RESULTS_STEP: '3' });
    w = await invitationWorld(s, 'pg');
    riders = {
      a: await s.worker('pg-a'),
      b: await s.worker('pg-b'),
      c: await s.worker('pg-c'),
      d: await s.worker('pg-d'),
      e: await s.worker('pg-e'),
      f: await s.worker('pg-f'),
      g: await s.worker('pg-g'),
    };
  });
  afterAll(async () => {
    await settled();
    await s.stop();
  });

  /** a, b, c and e vote; a, b and d accept the template (d never votes in it), c and e do not. */
  async function consultationVotedOn(over: Parameters<typeof makeConsultation>[2] = {}): Promise<Consultation> {
    const c = await makeConsultation(s, w.cityOrganizer, over);
    const [t1, t2, t3] = topicIds(c);
    for (const [r, choices] of [
      [riders.a, [t1]],
      [riders.b, [t2, t3]],
      [riders.c, [t1, t3]],
      [riders.e, [t2]],
    ] as const) {
      expect((await vote(s, r, c, [...choices])).status).toBe(200);
    }
    for (const k of ['a', 'b', 'd'] as const) await acceptSubscriptions(s, s.wechat, riders[k], `pg-${k}`);
    return c;
  }

  it('tells each worker who took part and accepted that the results are out, once, in the same words, when the organizer closes', async () => {
    const c = await consultationVotedOn();
    s.wechat.sent.length = 0;
    expect((await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    await settled();
    const sent = sentTo(`pages/result/index?id=${c.id}`);
    expect(sent.map((m) => m.touser).sort()).toEqual(['pg-a', 'pg-b']);
    expect(sent[0].data).toEqual(sent[1].data);
    expect(sent[0].data.thing1.value).toBe('意见征集结果已公布');
    expect(sent[0].data.thing2.value).toBe(c.title.slice(0, 19) + (c.title.length > 20 ? '…' : ''));
    expect(await remaining(riders.a)).toBe(0);
    // d accepted but did not take part: their acceptance is kept for news of their own consultations.
    expect(await remaining(riders.d)).toBe(1);
    // Reading the results again, or the sweep, tells no one a second time.
    await s.api(riders.a).get(`/consultations/${c.id}/results`);
    await s.app.get(ConsultationsService).publishClosed();
    await s.app.get(SubscribeOutbox).deliverDue();
    await settled();
    expect(sentTo(`pages/result/index?id=${c.id}`)).toHaveLength(2);
  });

  it('queues nothing for a worker without an acceptance, and keeps no account in the outbox: only ballot pseudonyms', async () => {
    const c = await consultationVotedOn();
    await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`);
    await settled();
    const rows = (await rowsOf(c.id)) as { kind: string; recipient: string; state: string }[];
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent']);
    const ids = Object.values(riders).map((r) => r.user.id);
    for (const r of rows) {
      expect(ids).not.toContain(r.recipient);
      expect(r.recipient).toMatch(/^[0-9a-f]{64}$/);
    }
    // The pseudonyms are those the ballots already hold: the outbox adds nothing about who voted.
    const keys = (await s.db.query('SELECT voterKey FROM ballots WHERE consultationId = ?', [c.id])).map(
      (b: { voterKey: string }) => b.voterKey,
    );
    for (const r of rows) expect(keys).toContain(r.recipient);
    expect(s.wechat.sent.filter((m) => m.touser === 'pg-c' || m.touser === 'pg-e')).toHaveLength(0);
    // Nor does the acceptance the message spent keep a time: beside the time the message was sent under a pseudonym,
    // it would name the account behind that pseudonym, and so its ballot.
    const [quota] = await s.db.query('SELECT * FROM subscription_quotas WHERE userId = ?', [riders.a.user.id]);
    expect(Object.keys(quota).sort()).toEqual(['kind', 'remaining', 'userId']);
  });

  it('tells of results that close on their own at the sweep, once however often it runs', async () => {
    const now = s.clock.now().getTime();
    const c = await consultationVotedOn({ opensAt: new Date(now - HOUR).toISOString(), closesAt: new Date(now + HOUR).toISOString() });
    s.clock.setOffset(s.clock.offset() + 2 * HOUR);
    try {
      const consultations = s.app.get(ConsultationsService);
      await Promise.all([consultations.publishClosed(), consultations.publishClosed()]);
      await consultations.publishClosed();
      await settled();
      expect(
        sentTo(`pages/result/index?id=${c.id}`)
          .map((m) => m.touser)
          .sort(),
      ).toEqual(['pg-a', 'pg-b']);
    } finally {
      s.clock.setOffset(s.clock.offset() - 2 * HOUR);
    }
  });

  it('sends nothing when too few took part for results to be shown', async () => {
    const c = await makeConsultation(s, w.cityOrganizer);
    for (const k of ['f', 'g'] as const) {
      await vote(s, riders[k], c, [topicIds(c)[0]]);
      await acceptSubscriptions(s, s.wechat, riders[k], `pg-${k}`);
    }
    await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`);
    await settled();
    expect(sentTo(`pages/result/index?id=${c.id}`)).toHaveLength(0);
    expect(await rowsOf(c.id)).toHaveLength(0);
  });

  it('forgets the messages of a worker who deletes the account: none is left under their pseudonym', async () => {
    const c = await makeConsultation(s, w.cityOrganizer);
    const leaving = await s.worker('pg-leaving');
    for (const r of [leaving, riders.c, riders.e]) expect((await vote(s, r, c, [topicIds(c)[0]])).status).toBe(200);
    await acceptSubscriptions(s, s.wechat, leaving, 'pg-leaving', 2);
    await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`);
    await settled();
    expect(((await rowsOf(c.id)) as { state: string }[]).map((r) => r.state)).toEqual(['sent']);
    expect((await s.api(leaving).delete('/me')).status).toBeLessThan(300);
    expect(await rowsOf(c.id)).toHaveLength(0);
  });

  describe('minutes and outcomes', () => {
    let c: Consultation;
    let inv: Invitation;

    beforeAll(async () => {
      c = await consultationVotedOn();
      inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: c.id });
      expect((await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(200);
      s.wechat.sent.length = 0;
    });

    it('tells those who took part and accepted when minutes are published, and not again without a new acceptance', async () => {
      const session = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/sessions`, sessionRequest());
      expect((await s.api(w.cityOrganizer).post(`/sessions/${session.body.id}/publish`, {})).status).toBe(201);
      await settled();
      const minutes = s.wechat.sent.filter((m) => m.data.thing1.value === '协商会议纪要已公开');
      expect(minutes.map((m) => m.touser).sort()).toEqual(['pg-a', 'pg-b']);
      expect(minutes.every((m) => m.page === 'pages/negotiation/index')).toBe(true);
      // The acceptances are spent: the outcome that follows reaches only whoever accepted again.
      await acceptSubscriptions(s, s.wechat, riders.b, 'pg-b');
      const outcome = await s
        .api(w.cityOrganizer)
        .post(`/invitations/${inv.id}/publications`, { title: '协商结果：抽成下调', body: '双方同意高峰时段抽成下调 1 个百分点。' });
      expect(outcome.status).toBe(201);
      await settled();
      const told = s.wechat.sent.filter((m) => m.data.thing1.value === '协商结果已公开');
      expect(told.map((m) => m.touser)).toEqual(['pg-b']);
      expect(s.wechat.sent.filter((m) => ['pg-c', 'pg-d', 'pg-e'].includes(m.touser))).toHaveLength(0);
    });

    it('gives the acceptance back when WeChat fails for a passing reason, and sends on a later delivery', async () => {
      await acceptSubscriptions(s, s.wechat, riders.a, 'pg-a');
      s.wechat.failNextSends = 1;
      const session = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/sessions`, sessionRequest());
      await s.api(w.cityOrganizer).post(`/sessions/${session.body.id}/publish`, {});
      await settled();
      expect(await remaining(riders.a)).toBe(1);
      const [pub] = (await s.db.query('SELECT id FROM publications WHERE sessionId = ?', [session.body.id])) as { id: string }[];
      expect(((await rowsOf(pub.id)) as { state: string }[]).map((r) => r.state)).toEqual(['pending']);
      s.clock.setOffset(s.clock.offset() + 5 * 60_000);
      try {
        await s.app.get(SubscribeOutbox).deliverDue();
      } finally {
        s.clock.setOffset(s.clock.offset() - 5 * 60_000);
      }
      expect(((await rowsOf(pub.id)) as { state: string }[]).map((r) => r.state)).toEqual(['sent']);
      expect(await remaining(riders.a)).toBe(0);
    });

    it('tells those who took part and accepted when a draft contract is put to them for comment, once, not while it is held', async () => {
      await acceptSubscriptions(s, s.wechat, riders.a, 'pg-a');
      const session = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/sessions`, sessionRequest());
      const title = '骑手权益专项集体合同（待审词）';
      const made = await s
        .api(w.cityOrganizer)
        .post('/drafts', { sessionId: session.body.id, kind: 'comprehensive', title, summary: '高峰时段抽成下调 1 个百分点。' });
      expect(made.status).toBe(201);
      const draftNews = () => s.wechat.sent.filter((m) => m.data.thing1.value === '合同草案公开征求意见');
      expect((await s.api(w.cityOrganizer).post(`/drafts/${made.body.id}/publish`)).status).toBe(200);
      await settled();
      // Its title is held by WeChat's check: nobody is told yet, and the acceptance is kept for when it is out.
      expect(draftNews()).toHaveLength(0);
      expect(await remaining(riders.a)).toBe(1);
      const held = (await s.api(w.cityOrganizer).get('/moderation?status=held')).body.items as { id: string; text: string }[];
      const item = held.find((i) => i.text === `合同草案征求意见：${title}`)!;
      expect((await s.api(w.cityOrganizer).post(`/moderation/${item.id}/decision`, { decision: 'approve' })).status).toBe(200);
      for (let i = 0; i < 2; i++) {
        s.clock.setOffset(s.clock.offset() + 11 * 60_000);
        try {
          await s.app.get(SubscribeOutbox).deliverDue();
        } finally {
          s.clock.setOffset(s.clock.offset() - 11 * 60_000);
        }
      }
      // Once, to the one who took part and accepted: b took part without a new acceptance, d accepted without taking part.
      expect(draftNews().map((m) => m.touser)).toEqual(['pg-a']);
      expect(draftNews()[0]).toMatchObject({ page: 'pages/negotiation/index' });
      expect(await remaining(riders.a)).toBe(0);
      expect(s.wechat.sent.filter((m) => ['pg-c', 'pg-d', 'pg-e'].includes(m.touser))).toHaveLength(0);
    });
  });
});

describe('progress messages from two instances', () => {
  let s: TestServer;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    s = await startServer({ RESULTS_STEP: '3' });
    // A second server on the same MySQL database; on the embedded SQLite the deliveries race inside one instance.
    second = s.dbKind === 'mysql' ? await createApp(s.config, s.clock) : s.app;
    if (second !== s.app) await second.init();
  });
  afterAll(async () => {
    await s.app.get(SubscribeOutbox).settled();
    if (second !== s.app) {
      await second.get(SubscribeOutbox).settled();
      await second.close();
    }
    await s.stop();
  });

  it('sends each worker one message when both instances publish the results and deliver at the same moment', async () => {
    const w = await invitationWorld(s, 'pg2');
    const now = s.clock.now().getTime();
    const c = await makeConsultation(s, w.cityOrganizer, {
      opensAt: new Date(now - HOUR).toISOString(),
      closesAt: new Date(now + HOUR).toISOString(),
    });
    const openids = ['pg2-1', 'pg2-2', 'pg2-3', 'pg2-4'];
    for (const openid of openids) {
      const r = await s.worker(openid);
      await vote(s, r, c, [topicIds(c)[0]]);
      await acceptSubscriptions(s, s.wechat, r, openid, 3);
    }
    s.clock.setOffset(2 * HOUR);
    const apps = [s.app, second, s.app, second];
    await Promise.all(apps.map((app) => app.get(ConsultationsService).publishClosed()));
    await Promise.all(apps.map((app) => app.get(SubscribeOutbox).deliverDue()));
    await s.app.get(SubscribeOutbox).settled();
    await second.get(SubscribeOutbox).settled();
    const sent = s.wechat.sent.filter((m) => m.page === `pages/result/index?id=${c.id}`);
    expect(sent.map((m) => m.touser).sort()).toEqual(openids);
  });
});
