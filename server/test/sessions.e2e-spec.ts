import type { Invitation, NegotiationSession } from '@xst/shared-types';
import { randomUUID } from 'node:crypto';
import { addDays } from '../src/common/clock.js';
import { makeConsultation } from './support/consultations.js';
import { setShanghaiTime } from './support/contracts.js';
import { advanceDays, invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';

describe('negotiation sessions logged from a phone', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let accepted: Invitation;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s);
    const consultation = await makeConsultation(s, w.cityOrganizer);
    accepted = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: consultation.id });
    const reply = await s.api(w.enterprise).post(`/invitations/${accepted.id}/reply`, { decision: 'accept' });
    expect(reply.status).toBe(200);
  });
  afterAll(async () => {
    await s.stop();
  });

  it('creates a session posted three times with one clientId exactly once', async () => {
    const body = sessionRequest();
    const first = await s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/sessions`, body);
    expect(first.status).toBe(201);
    const again = await Promise.all([1, 2].map(() => s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/sessions`, body)));
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(first.body.id);
    }
    const [{ n }] = await s.db.query('SELECT COUNT(*) AS n FROM negotiation_sessions WHERE clientId = ?', [body.clientId]);
    expect(Number(n)).toBe(1);
  });

  it('keeps one record when the same offline session arrives twice at the same moment', async () => {
    const body = sessionRequest();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/sessions`, body)),
    );
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('refuses a session dated before its invitation was sent, on create and on correction, and takes one held after', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
    const sentAt = Date.parse(inv.sentAt!);
    const before = await s.rowCounts();
    const early = await s
      .api(w.cityOrganizer)
      .post(
        `/invitations/${inv.id}/sessions`,
        sessionRequest({ heldAt: new Date(Math.floor(sentAt / 60_000) * 60_000 - 1000).toISOString() }),
      );
    expect(early.status).toBe(400);
    expect(early.body.fields[0].field).toBe('heldAt');
    expect(early.body.fields[0].message).toMatch(/不能早于要约发出/);
    expect(await s.rowCounts()).toEqual(before);
    // The minute it was sent counts as after it: meeting times are entered to the minute.
    const onTime = await s
      .api(w.cityOrganizer)
      .post(`/invitations/${inv.id}/sessions`, sessionRequest({ heldAt: new Date(Math.floor(sentAt / 60_000) * 60_000).toISOString() }));
    expect(onTime.status).toBe(201);
    const moved = await s.api(w.cityOrganizer).patch(`/sessions/${onTime.body.id}`, { heldAt: new Date(sentAt - 86400_000).toISOString() });
    expect(moved.status).toBe(400);
    expect(moved.body.fields[0].field).toBe('heldAt');
  });

  it('numbers rounds in the order sessions were held, even when an earlier one is synced later', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
    advanceDays(s, 3); // both sessions held after the invitation was sent
    const now = s.clock.now().getTime();
    const later = await s
      .api(w.cityOrganizer)
      .post(`/invitations/${inv.id}/sessions`, sessionRequest({ heldAt: new Date(now - 3600_000).toISOString() }));
    const earlier = await s
      .api(w.cityOrganizer)
      .post(`/invitations/${inv.id}/sessions`, sessionRequest({ heldAt: new Date(now - 2 * 86400_000).toISOString() }));
    const list = (await s.api(w.cityOrganizer).get(`/invitations/${inv.id}/sessions`)).body as NegotiationSession[];
    expect(list.map((x) => [x.id, x.round])).toEqual([
      [earlier.body.id, 1],
      [later.body.id, 2],
    ]);
    expect((await s.api(w.cityOrganizer).get(`/sessions/${later.body.id}`)).body.round).toBe(2);
    s.clock.setOffset(0);
  });

  it.each([
    [
      'unequal sides',
      { workerSide: { chief: '王建国', count: 5 }, employerSide: { chief: '李明', count: 4 } },
      'employerSide.count',
      /对等/,
    ],
    [
      'fewer than three per side',
      { workerSide: { chief: '王建国', count: 2 }, employerSide: { chief: '李明', count: 2 } },
      'workerSide.count',
      /不少于 3 人/,
    ],
    ['a side without a chief', { workerSide: { chief: '', count: 5 } }, 'workerSide.chief', /首席代表/],
    ['a recorder who is a chief', { recorder: '李明' }, 'recorder', /记录员/],
    ['a meeting in the future', { heldAt: new Date(Date.now() + 86400_000).toISOString() }, 'heldAt', /不能晚于现在/],
    ['an offline meeting without a place', { place: undefined, online: false }, 'place', /地点/],
    ['minutes over 20,000 characters', { minutes: '纪'.repeat(20001) }, 'minutes', /20000/],
    ['a bad clientId', { clientId: 'phone-1' }, 'clientId', /UUID/],
  ])('refuses a formal negotiation with %s, naming the rule, and writes nothing', async (_name, over, field, message) => {
    const before = await s.rowCounts();
    const res = await s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/sessions`, { ...sessionRequest(), ...over });
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe(field);
    expect(res.body.message).toMatch(message);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('accepts a 恳谈会 with unequal sides as long as both are present', async () => {
    const res = await s.api(w.cityOrganizer).post(
      `/invitations/${accepted.id}/sessions`,
      sessionRequest({
        type: 'consultation_meeting',
        online: true,
        place: undefined,
        workerSide: { chief: '王建国', count: 7 },
        employerSide: { chief: '李明', count: 2 },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.online).toBe(true);
  });

  it('stores the full 20,000 characters of minutes on both databases', async () => {
    const minutes = '会议纪要🙂'.repeat(4000);
    const res = await s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/sessions`, sessionRequest({ minutes }));
    expect(res.status).toBe(201);
    expect((await s.api(w.cityOrganizer).get(`/sessions/${res.body.id}`)).body.minutes).toBe(minutes);
  });

  it('refuses a session on an invitation that has not been accepted, naming its state', async () => {
    const pending = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const res = await s.api(w.cityOrganizer).post(`/invitations/${pending.id}/sessions`, sessionRequest());
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/待答复/);
  });

  it('hides sessions from organizers of another city and from enterprises not party to the invitation', async () => {
    const res = await s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/sessions`, sessionRequest());
    for (const actor of [w.otherCityOrganizer, w.otherEnterprise, w.otherAdmin]) {
      expect((await s.api(actor).get(`/sessions/${res.body.id}`)).status).toBe(404);
      expect((await s.api(actor).get(`/invitations/${accepted.id}/sessions`)).status).toBe(404);
    }
    expect((await s.api(w.enterprise).get(`/sessions/${res.body.id}`)).status).toBe(200);
    expect((await s.api(w.admin).get(`/sessions/${res.body.id}`)).status).toBe(200);
    const patch = await s.api(w.otherCityOrganizer).patch(`/sessions/${res.body.id}`, { minutes: '篡改' });
    expect(patch.status).toBe(404);
  });

  it('audits an edit of a session with its before and after values', async () => {
    const created = await s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/sessions`, sessionRequest());
    const res = await s.api(w.cityOrganizer).patch(`/sessions/${created.body.id}`, { minutes: '更正后的纪要' });
    expect(res.status).toBe(200);
    expect(res.body.minutes).toBe('更正后的纪要');
    const trail = (await s.api(w.admin).get(`/audit?entity=session&id=${created.body.id}`)).body;
    const edit = trail.find((e: { action: string }) => e.action === 'updated');
    expect(edit.before.minutes).toMatch(/双方就抽成比例/);
    expect(edit.after.minutes).toBe('更正后的纪要');
    const bad = await s.api(w.cityOrganizer).patch(`/sessions/${created.body.id}`, { employerSide: { chief: '李明', count: 2 } });
    expect(bad.status).toBe(400);
  });
});

describe('publishing minutes to workers, and their feedback', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let invitation: Invitation;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'pub');
    const consultation = await makeConsultation(s, w.cityOrganizer);
    invitation = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: consultation.id });
    await s.api(w.enterprise).post(`/invitations/${invitation.id}/reply`, { decision: 'accept' });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('counts the 10 days for publishing minutes as the law counts days: a last day in the National Day holiday moves after it', async () => {
    setShanghaiTime(s, '2024-09-02', '09:00:00');
    try {
      const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
      await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
      // Held Saturday 21 September 2024: the 10th day after is 1 October, so the minutes are due by 8 October.
      setShanghaiTime(s, '2024-09-21', '16:00:00');
      const held = await s
        .api(w.cityOrganizer)
        .post(`/invitations/${inv.id}/sessions`, sessionRequest({ heldAt: s.clock.now().toISOString() }));
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({ publishDueOn: '2024-10-08', publishOverdue: false });
      setShanghaiTime(s, '2024-10-08', '23:59:00');
      expect((await s.api(w.cityOrganizer).get(`/sessions/${held.body.id}`)).body.publishOverdue).toBe(false);
      setShanghaiTime(s, '2024-10-09', '00:00:01');
      expect((await s.api(w.cityOrganizer).get(`/sessions/${held.body.id}`)).body.publishOverdue).toBe(true);
    } finally {
      s.clock.setOffset(0);
    }
  });

  it('flags a new-employment session whose minutes are not published within 10 days', async () => {
    const res = await s.api(w.cityOrganizer).post(`/invitations/${invitation.id}/sessions`, sessionRequest());
    const due: string = res.body.publishDueOn;
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.publishOverdue).toBe(false);
    // The due day moves past weekends and holidays (see the test above), so the list is read around the day given.
    const flagged = async () => {
      const list = (await s.api(w.cityOrganizer).get('/sessions?unpublishedOnly=true&limit=100')).body.items as NegotiationSession[];
      return list.find((x) => x.id === res.body.id)?.publishOverdue;
    };
    try {
      setShanghaiTime(s, due, '23:59:00');
      expect(await flagged()).toBe(false);
      setShanghaiTime(s, addDays(due, 1), '00:00:01');
      expect(await flagged()).toBe(true);
    } finally {
      s.clock.setOffset(0);
    }
  });

  it('shows published minutes to the workers of the consultation, who rate them once each', async () => {
    const created = await s.api(w.cityOrganizer).post(`/invitations/${invitation.id}/sessions`, sessionRequest());
    const pub = await s.api(w.cityOrganizer).post(`/sessions/${created.body.id}/publish`, { summary: '抽成高峰时段下调 1 个百分点' });
    expect(pub.status).toBe(201);
    expect((await s.api(w.cityOrganizer).post(`/sessions/${created.body.id}/publish`, {})).status).toBe(409);

    const progress = (await s.api(w.worker).get('/negotiations')).body;
    const mine = progress.find((p: { invitationId: string }) => p.invitationId === invitation.id);
    expect(mine.steps.map((x: { done: boolean }) => x.done)).toEqual([true, true, true, false]);
    expect(mine.publications.map((p: { body: string }) => p.body)).toContain('抽成高峰时段下调 1 个百分点');

    const riders = [w.worker, await s.worker('pub-rider-2'), await s.worker('pub-rider-3', '510107')];
    const answers = [
      { rating: 5, knowsContract: true },
      { rating: 2, knowsContract: false },
      { rating: 4, knowsContract: true },
    ];
    for (let i = 0; i < riders.length; i++) {
      expect((await s.api(riders[i]).put(`/publications/${pub.body.id}/feedback`, { rating: 1, knowsContract: false })).status).toBe(200);
      expect((await s.api(riders[i]).put(`/publications/${pub.body.id}/feedback`, answers[i])).status).toBe(200);
    }
    const summary = (await s.api(w.cityOrganizer).get(`/publications/${pub.body.id}/feedback-summary`)).body;
    expect(summary).toEqual({ responses: 3, averageRating: 3.67, satisfactionRate: 0.667, awarenessRate: 0.667 });
    const rows = await s.db.query('SELECT * FROM publication_feedback');
    for (const r of riders) expect(JSON.stringify(rows)).not.toContain(r.user.id);
  });

  it('keeps minutes from workers outside the consultation', async () => {
    const created = await s.api(w.cityOrganizer).post(`/invitations/${invitation.id}/sessions`, sessionRequest());
    const pub = await s.api(w.cityOrganizer).post(`/sessions/${created.body.id}/publish`, {});
    const courier = await s.worker('pub-courier', '510104', 'courier');
    const mianyang = await s.worker('pub-mianyang', '510703', 'rider');
    for (const outsider of [courier, mianyang]) {
      expect((await s.api(outsider).get('/negotiations')).body).toEqual([]);
      expect((await s.api(outsider).put(`/publications/${pub.body.id}/feedback`, { rating: 5, knowsContract: true })).status).toBe(404);
    }
  });

  it('refuses publication of a session whose invitation names no consultation', async () => {
    const bare = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await s.api(w.enterprise).post(`/invitations/${bare.id}/reply`, { decision: 'accept' });
    const created = await s.api(w.cityOrganizer).post(`/invitations/${bare.id}/sessions`, sessionRequest({ clientId: randomUUID() }));
    const res = await s.api(w.cityOrganizer).post(`/sessions/${created.body.id}/publish`, {});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('no_consultation');
  });
});
