// Topic consultations: organizing them, who sees which, and every rule of the ballot.
import { TOPIC_CATALOG, type Consultation } from '@xst/shared-types';
import { ballotRows, consultationRequest, makeConsultation, topicIds, vote } from './support/consultations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const DAY = 86400_000;

describe('topic consultations', () => {
  let s: TestServer;
  let organizer: Actor;
  let otherCityOrganizer: Actor;
  let admin: Actor;
  let enterprise: Actor;
  let rider: Actor;
  let courier: Actor;
  let zigongRider: Actor;
  let c: Consultation;

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('org-chengdu', 'organizer', { regionCode: '510100' });
    otherCityOrganizer = await s.login('org-zigong', 'organizer', { regionCode: '510300' });
    admin = await s.login('admin-sichuan', 'admin', { regionCode: '510000' });
    enterprise = await s.login('ent-1', 'enterprise', { regionCode: '510104' });
    rider = await s.worker('rider-1', '510104', 'rider');
    courier = await s.worker('courier-1', '510104', 'courier');
    zigongRider = await s.worker('rider-zg', '510302', 'rider');
    c = await makeConsultation(s, organizer);
  });
  afterAll(async () => {
    s.clock.setOffset(0);
    await s.stop();
  });
  afterEach(() => s.clock.setOffset(0));

  it('offers the standard topic catalog with stable codes', async () => {
    const res = await s.api(rider).get('/topics/catalog');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(TOPIC_CATALOG);
  });

  describe('organizing', () => {
    it('creates a consultation from catalog topics and the organizer’s own, open by its times, and audits it', async () => {
      expect(c.status).toBe('open');
      expect(c.topics.map((t) => [t.code, t.title])).toEqual([
        ['commission_rate', '抽成比例'],
        ['algorithm', '算法调整'],
        ['order_dispatch', '订单分配'],
        [null, '电动车充电和换电'],
      ]);
      // nothing published yet: no count, not even 0
      expect(c.ballots).toBeNull();
      expect(c.regionName).toBe('四川省 成都市');
      const audit = await s.db.query("SELECT action FROM audit_log WHERE entity = 'consultation' AND entityId = ?", [c.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['created']);
    });

    it.each([
      ['a closing time before the opening', (r: ReturnType<typeof consultationRequest>) => ({ ...r, closesAt: r.opensAt }), 'closesAt'],
      [
        'a closing time already past',
        (r: ReturnType<typeof consultationRequest>) => ({
          ...r,
          opensAt: new Date(Date.now() - 3 * DAY).toISOString(),
          closesAt: new Date(Date.now() - DAY).toISOString(),
        }),
        'closesAt',
      ],
      ['a single topic', (r: ReturnType<typeof consultationRequest>) => ({ ...r, topics: [{ code: 'algorithm' }] }), 'topics'],
      [
        '21 topics',
        (r: ReturnType<typeof consultationRequest>) => ({ ...r, topics: Array.from({ length: 21 }, (_, i) => ({ title: `议题${i}` })) }),
        'topics',
      ],
      ['a region outside the organizer’s', (r: ReturnType<typeof consultationRequest>) => ({ ...r, regionCode: '510300' }), 'regionCode'],
      ['an unknown region', (r: ReturnType<typeof consultationRequest>) => ({ ...r, regionCode: '510199' }), 'regionCode'],
      [
        'single mode allowing two choices',
        (r: ReturnType<typeof consultationRequest>) => ({ ...r, mode: 'single' as const, maxChoices: 2 }),
        'maxChoices',
      ],
      ['more choices than topics', (r: ReturnType<typeof consultationRequest>) => ({ ...r, maxChoices: 5 }), 'maxChoices'],
      [
        'a custom topic without a title',
        (r: ReturnType<typeof consultationRequest>) => ({ ...r, topics: [...r.topics, { description: '没有名称' }] }),
        'topics[4].title',
      ],
      [
        'the same catalog topic twice',
        (r: ReturnType<typeof consultationRequest>) => ({ ...r, topics: [...r.topics, { code: 'algorithm' }] }),
        'topics',
      ],
      [
        'an unknown catalog code',
        (r: ReturnType<typeof consultationRequest>) => ({ ...r, topics: [...r.topics, { code: 'nope' }] }),
        'topics[4].code',
      ],
      ['an unknown industry', (r: ReturnType<typeof consultationRequest>) => ({ ...r, industries: ['pilot'] }), 'industries'],
    ])('refuses a consultation with %s, naming the field and writing nothing', async (_what, change, field) => {
      const before = await s.rowCounts();
      const res = await s.api(organizer).post('/consultations', change(consultationRequest(s)));
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await s.rowCounts()).toEqual(before);
    });

    it('lets the organizer change everything before it opens, and nothing once it is open', async () => {
      const upcoming = await makeConsultation(s, organizer, {
        opensAt: new Date(Date.now() + DAY).toISOString(),
        closesAt: new Date(Date.now() + 8 * DAY).toISOString(),
      });
      expect(upcoming.status).toBe('upcoming');
      const res = await s.api(organizer).patch(`/consultations/${upcoming.id}`, {
        mode: 'ranking',
        topics: [{ code: 'workload' }, { code: 'working_time' }, { code: 'labour_protection' }],
        resultsVisibility: 'after_close',
      });
      expect(res.status).toBe(200);
      expect(res.body.mode).toBe('ranking');
      expect(res.body.maxChoices).toBe(3);
      expect(res.body.topics.map((t: { code: string }) => t.code)).toEqual(['workload', 'working_time', 'labour_protection']);

      s.clock.setOffset(2 * DAY);
      const before = await s.rowCounts();
      const late = await s.api(organizer).patch(`/consultations/${upcoming.id}`, { title: '改个标题' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('consultation_already_open');
      expect(await s.rowCounts()).toEqual(before);
    });

    it('closes early: ballots stop at once and the consultation lists as closed', async () => {
      const x = await makeConsultation(s, organizer);
      expect((await vote(s, rider, x, [topicIds(x)[0]])).status).toBe(200);
      const closed = await s.api(organizer).post(`/consultations/${x.id}/close`);
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      expect(closed.body.closedEarly).toBe(true);
      const late = await vote(s, courier.user.industry === 'rider' ? courier : rider, x, [topicIds(x)[1]]);
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('consultation_closed');
      expect((await s.api(organizer).post(`/consultations/${x.id}/close`)).status).toBe(409);
      const list = await s.api(organizer).get('/consultations?status=closed');
      expect(list.body.map((i: Consultation) => i.id)).toContain(x.id);
    });

    it('extends an open consultation to a later closing time only', async () => {
      const x = await makeConsultation(s, organizer);
      const later = new Date(new Date(x.closesAt).getTime() + 3 * DAY).toISOString();
      const res = await s.api(organizer).post(`/consultations/${x.id}/extend`, { closesAt: later });
      expect(res.status).toBe(200);
      expect(res.body.closesAt).toBe(later);
      const earlier = await s.api(organizer).post(`/consultations/${x.id}/extend`, { closesAt: x.closesAt });
      expect(earlier.status).toBe(400);
      expect(earlier.body.fields[0].field).toBe('closesAt');
      s.clock.setOffset(20 * DAY);
      const closed = await s
        .api(organizer)
        .post(`/consultations/${x.id}/extend`, { closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
      expect(closed.status).toBe(409);
      const audit = await s.db.query("SELECT action FROM audit_log WHERE entity = 'consultation' AND entityId = ? ORDER BY at", [x.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['created', 'extended']);
    });

    it('lets only organizers of the region subtree manage it', async () => {
      expect((await s.api(otherCityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(404);
      expect((await s.api(otherCityOrganizer).get(`/consultations/${c.id}`)).status).toBe(404);
      expect((await s.api(otherCityOrganizer).get(`/consultations/${c.id}/participation`)).status).toBe(404);
      expect((await s.api(admin).get(`/consultations/${c.id}`)).status).toBe(200);
    });
  });

  describe('who sees which consultation', () => {
    it('lists for a worker those whose region holds their city and whose industries include theirs', async () => {
      const open = await s.api(rider).get('/consultations?status=open');
      expect(open.status).toBe(200);
      expect(open.body.map((i: Consultation) => i.id)).toContain(c.id);
      expect(open.body.every((i: Consultation) => i.status === 'open')).toBe(true);
      expect((await s.api(courier).get('/consultations')).body.map((i: Consultation) => i.id)).not.toContain(c.id);
      expect((await s.api(zigongRider).get('/consultations')).body.map((i: Consultation) => i.id)).not.toContain(c.id);
      expect((await s.api(courier).get(`/consultations/${c.id}`)).status).toBe(404);
    });

    it('asks a worker without a profile to set industry and city in 我的', async () => {
      const bare = await s.login('no-profile', 'worker');
      const res = await s.api(bare).get('/consultations');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('profile_required');
      expect(res.body.message).toContain('我的');
      const ballot = await vote(s, bare, c, [topicIds(c)[0]]);
      expect(ballot.status).toBe(409);
      expect(ballot.body.code).toBe('profile_required');
    });

    it('lists for an organizer the consultations of their region subtree, filtered by status', async () => {
      const mine = await s.api(organizer).get('/consultations');
      expect(mine.body.map((i: Consultation) => i.id)).toContain(c.id);
      expect((await s.api(otherCityOrganizer).get('/consultations')).body).toEqual([]);
      expect((await s.api(admin).get('/consultations?status=open')).body.map((i: Consultation) => i.id)).toContain(c.id);
      expect((await s.api(admin).get('/consultations?status=upcoming')).body.map((i: Consultation) => i.id)).not.toContain(c.id);
      expect((await s.api(admin).get('/consultations?status=someday')).status).toBe(400);
    });

    it('shows an enterprise nothing until a consultation is attached to an invitation addressed to it', async () => {
      expect((await s.api(enterprise).get(`/consultations/${c.id}`)).status).toBe(404);
      expect((await s.api(enterprise).get(`/consultations/${c.id}/results`)).status).toBe(404);
    });
  });

  describe('the ballot', () => {
    it('refuses every bad ballot with its own status and writes nothing', async () => {
      const ids = topicIds(c);
      const single = await makeConsultation(s, organizer, { mode: 'single', maxChoices: 1, allowSuggestions: false });
      const upcoming = await makeConsultation(s, organizer, {
        opensAt: new Date(Date.now() + DAY).toISOString(),
        closesAt: new Date(Date.now() + 2 * DAY).toISOString(),
      });
      const otherTopic = topicIds(single)[0];
      const cases: [string, () => Promise<{ status: number; body: { code: string; fields?: { field: string }[] } }>, number, string][] = [
        ['before it opens', () => vote(s, rider, upcoming, [topicIds(upcoming)[0]]), 409, 'consultation_not_open'],
        ['from another industry', () => vote(s, courier, c, [ids[0]]), 403, 'forbidden'],
        ['from another city', () => vote(s, zigongRider, c, [ids[0]]), 403, 'forbidden'],
        ['with a topic of another consultation', () => vote(s, rider, c, [ids[0], otherTopic]), 400, 'validation_failed'],
        ['with a topic id that is not one', () => vote(s, rider, c, ['not-a-topic']), 400, 'validation_failed'],
        ['with the same topic twice', () => vote(s, rider, c, [ids[0], ids[0]]), 400, 'validation_failed'],
        ['with more choices than allowed', () => vote(s, rider, c, ids), 400, 'validation_failed'],
        ['with no choice', () => vote(s, rider, c, []), 400, 'validation_failed'],
        ['with two choices in single mode', () => vote(s, rider, single, topicIds(single).slice(0, 2)), 400, 'validation_failed'],
        ['with a suggestion of 501 characters', () => vote(s, rider, c, [ids[0]], '长'.repeat(501)), 400, 'validation_failed'],
        ['with a suggestion where none is asked', () => vote(s, rider, single, [topicIds(single)[0]], '建议'), 400, 'validation_failed'],
        [
          'with an unknown field',
          () => s.api(rider).put(`/consultations/${c.id}/ballot`, { choices: [ids[0]], workerId: rider.user.id }),
          400,
          'validation_failed',
        ],
        [
          'for a consultation that does not exist',
          () => s.api(rider).put('/consultations/00000000-0000-4000-8000-000000000000/ballot', { choices: [ids[0]] }),
          404,
          'not_found',
        ],
      ];
      const before = await s.rowCounts();
      const failures: string[] = [];
      for (const [what, call, status, code] of cases) {
        const res = await call();
        if (res.status !== status || res.body.code !== code) failures.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect(failures).toEqual([]);
      s.clock.setOffset(30 * DAY);
      const late = await vote(s, rider, c, [ids[0]]);
      expect([late.status, late.body.code]).toEqual([409, 'consultation_closed']);
      expect(await s.rowCounts()).toEqual(before);
    });

    it('names the field of a bad choice in Chinese', async () => {
      const res = await vote(s, rider, c, topicIds(c));
      expect(res.body.fields).toEqual([{ field: 'choices', message: '最多只能选择 3 个议题' }]);
    });

    it('keeps one ballot per worker: voting again replaces it, a retry changes nothing', async () => {
      const x = await makeConsultation(s, organizer);
      const [a, b, d] = topicIds(x);
      const first = await vote(s, rider, x, [a, b], '希望降低抽成');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ consultationId: x.id, choices: [a, b], suggestion: '希望降低抽成' });
      const [row1] = await ballotRows(s, x.id);

      s.clock.setOffset(60_000);
      expect((await vote(s, rider, x, [a, b], '希望降低抽成')).status).toBe(200);
      const rowsAfterRetry = await ballotRows(s, x.id);
      expect(rowsAfterRetry).toEqual([row1]);

      expect((await vote(s, rider, x, [d])).status).toBe(200);
      const rows = await ballotRows(s, x.id);
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0].choices as string)).toEqual([d]);
      expect(rows[0].suggestion).toBeNull();

      const mine = await s.api(rider).get(`/consultations/${x.id}`);
      expect(mine.body.myBallot).toMatchObject({ choices: [d], suggestion: null });
      // one ballot is never shown as a count (results-publication.e2e-spec.ts)
      expect((await s.api(organizer).get(`/consultations/${x.id}`)).body.ballots).toBeNull();
      expect((await s.api(rider).get('/consultations?voted=true')).body.map((i: Consultation) => i.id)).toContain(x.id);
    });

    it('takes a full or partial order in ranking mode, up to the limit', async () => {
      const x = await makeConsultation(s, organizer, { mode: 'ranking', maxChoices: 3 });
      const [a, b, d, e] = topicIds(x);
      expect((await vote(s, rider, x, [d, a, b])).status).toBe(200);
      expect((await vote(s, rider, x, [e])).status).toBe(200);
      expect((await vote(s, rider, x, [e, d, b, a])).status).toBe(400);
      const mine = await s.api(rider).get(`/consultations/${x.id}`);
      expect(mine.body.myBallot.choices).toEqual([e]);
    });

    it('keeps a worker’s past ballots in 我的参与 after they move to another city', async () => {
      const x = await makeConsultation(s, organizer);
      const mover = await s.worker('mover', '510104', 'rider');
      expect((await vote(s, mover, x, [topicIds(x)[0]])).status).toBe(200);
      const moved = await s.worker('mover', '510302', 'rider');
      const history = await s.api(moved).get('/consultations?voted=true');
      expect(history.body.map((i: Consultation) => i.id)).toEqual([x.id]);
      expect(history.body[0].myBallot.choices).toEqual([topicIds(x)[0]]);
      expect((await s.api(moved).get(`/consultations/${x.id}`)).status).toBe(200);
    });
  });
});
