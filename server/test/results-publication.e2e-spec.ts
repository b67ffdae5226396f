// Attacks on ballot secrecy through the results (results-publication.ts): whoever reads the results before and after
// one worker votes (an organizer, an admin of the region, a worker who already voted, an enterprise) must never see
// a difference of fewer than k ballots, and a small consultation must show no figure at all.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consultation, ConsultationResults, PublishedResults } from '@xst/shared-types';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../src/app.factory.js';
import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const K = 5;

describe('results published in steps of k ballots', () => {
  let s: TestServer;
  let w: InvitationWorld;
  const riders: Actor[] = [];

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'pub');
    for (let i = 0; i < 16; i++) riders.push(await s.worker(`pub-rider-${i}`, '510104', 'rider'));
  });
  afterAll(async () => {
    s.clock.setOffset(0);
    await s.stop();
  });

  /** A 成都 consultation the city union shares with the enterprise through an invitation. */
  async function sharedConsultation(over: Parameters<typeof makeConsultation>[2] = {}): Promise<Consultation> {
    const c = await makeConsultation(s, w.cityOrganizer, { regionCode: '510100', industries: ['rider'], ...over });
    await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: c.id });
    return c;
  }

  const results = (a: Actor, c: Consultation) => s.api(a).get(`/consultations/${c.id}/results`);

  it('shows no count, share, suggestion or participation while fewer than k have voted, to any role, even after close', async () => {
    const c = await sharedConsultation({ allowSuggestions: true });
    for (const [i, r] of riders.slice(0, K - 1).entries()) {
      expect((await vote(s, r, c, [topicIds(c)[i % 2]], `小范围的建议${i}`)).status).toBe(200);
    }
    for (const reader of [w.cityOrganizer, w.admin, riders[0]]) {
      const res = await results(reader, c);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        consultationId: c.id,
        status: 'open',
        mode: c.mode,
        published: false,
        reason: 'too_few',
        publication: { step: K, final: false, untilNext: 1 },
      });
      expect(res.text).not.toContain('小范围的建议');
    }
    expect((await s.api(w.cityOrganizer).get(`/consultations/${c.id}`)).body.ballots).toBeNull();
    expect((await s.api(w.admin).get('/consultations')).body.find((x: Consultation) => x.id === c.id).ballots).toBeNull();
    expect((await s.api(w.cityOrganizer).get(`/consultations/${c.id}/participation`)).body).toMatchObject({ ballots: null, rate: null });
    for (const file of ['results.xlsx', 'results.csv']) {
      const res = await s.api(w.cityOrganizer).get(`/consultations/${c.id}/${file}`);
      expect([res.status, res.body.code]).toEqual([409, 'results_not_published']);
      expect(res.body.message).toContain(`不足 ${K} 人`);
    }

    expect((await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    for (const reader of [w.cityOrganizer, w.admin, riders[0], w.enterprise]) {
      const res = await results(reader, c);
      expect(res.body).toMatchObject({ published: false, reason: 'too_few', publication: { step: K, final: true, untilNext: null } });
      expect(res.body).not.toHaveProperty('ballots');
      expect(res.text).not.toContain('小范围的建议');
    }
    const roll = await s.api(w.cityOrganizer).get(`/consultations/${c.id}/roll`);
    expect(roll.body).toMatchObject({ ballots: null, rate: null, byIndustry: [], byCity: [] });
  });

  it('shows the final results from k ballots on, the same to the enterprise as to the union', async () => {
    const c = await sharedConsultation({ allowSuggestions: true });
    const [a, b] = topicIds(c);
    for (const [i, r] of riders.slice(0, K).entries())
      await vote(s, r, c, i < 3 ? [a] : [a, b], i === 1 ? '  ＡＢ 夜间配送补贴  ' : undefined);
    expect((await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const union = (await results(w.cityOrganizer, c)).body as PublishedResults;
    expect(union).toMatchObject({ published: true, ballots: K, publication: { step: K, final: true, untilNext: null } });
    expect(union.topics.map((t) => t.votes)).toEqual([5, 2, 0, 0]);
    // the suggestion as text only, normalised (full-width letters, spaces): nothing tells when it came
    expect(union.suggestions).toEqual(['AB 夜间配送补贴']);
    const enterprise = await results(w.enterprise, c);
    expect(enterprise.status).toBe(200);
    expect(enterprise.body).toEqual(union);
    expect((await s.api(w.cityOrganizer).get(`/consultations/${c.id}`)).body.ballots).toBe(K);
    expect((await s.api(w.cityOrganizer).get(`/consultations/${c.id}/participation`)).body.ballots).toBe(K);
  });

  it('refuses an enterprise before close with a clear 403, and the staff of an after_close consultation too', async () => {
    const shared = await sharedConsultation();
    for (const r of riders.slice(0, 2 * K)) await vote(s, r, shared, [topicIds(shared)[0]]);
    const early = await results(w.enterprise, shared);
    expect([early.status, early.body.code]).toEqual([403, 'results_after_close']);
    expect(early.body.message).toContain('企业账号在意见征集结束后才能查看结果');
    expect((await s.api(w.enterprise).get(`/consultations/${shared.id}`)).body).toMatchObject({ status: 'open', canSeeResults: false });
    // an enterprise has no participation, roll or export endpoint at all
    for (const path of ['participation', 'roll', 'results.csv']) {
      expect((await s.api(w.enterprise).get(`/consultations/${shared.id}/${path}`)).status).toBe(403);
    }

    const hidden = await sharedConsultation({ resultsVisibility: 'after_close' });
    for (const r of riders.slice(0, 2 * K)) await vote(s, r, hidden, [topicIds(hidden)[0]]);
    for (const staff of [w.cityOrganizer, w.admin]) {
      for (const path of ['results', 'results.xlsx', 'results.csv']) {
        const res = await s.api(staff).get(`/consultations/${hidden.id}/${path}`);
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'results_after_close']);
      }
      expect((await s.api(staff).get(`/consultations/${hidden.id}/participation`)).body.ballots).toBeNull();
    }
    // the other side: once closed, the union reads it, and so does the enterprise
    s.clock.setOffset(8 * 86400_000);
    try {
      expect((await results(w.cityOrganizer, hidden)).body).toMatchObject({ published: true, ballots: 2 * K });
      expect((await results(w.enterprise, hidden)).body).toMatchObject({ published: true, ballots: 2 * K });
      expect((await s.api(w.cityOrganizer).get(`/consultations/${hidden.id}/results.csv`)).status).toBe(200);
    } finally {
      s.clock.setOffset(0);
    }
  });

  it('never lets any reader isolate a ballot: read, one vote or a changed vote, read — up to and after close', async () => {
    const c = await sharedConsultation({ mode: 'single', maxChoices: 1, allowSuggestions: true });
    const [a, b, x, d] = topicIds(c);
    // The ballots, one step at a time: new ballots, and ballots changed to d (the reading worker's own among them).
    // Every step changes (ballots, votes for d), so each published view names exactly one point of this log.
    type Step = { who: number; choice: string; suggestion?: string };
    const log: Step[] = [];
    const fresh = [a, b, x, a, b];
    for (let i = 0; i < 14; i++) {
      log.push({
        who: i,
        choice: fresh[i % fresh.length],
        ...(i % 3 === 0 ? { suggestion: `建议${String.fromCharCode(0x4e00 + i)}` } : {}),
      });
      if (i === 6) log.push({ who: 1, choice: d });
      if (i === 9) log.push({ who: 2, choice: d }, { who: 3, choice: d, suggestion: '改了主意' });
      if (i === 12) log.push({ who: 0, choice: d });
    }
    const stateAfter = (n: number) => {
      const latest = new Map<number, Step>();
      for (const step of log.slice(0, n)) latest.set(step.who, step);
      const ballots = [...latest.values()];
      return {
        ballots: ballots.length,
        votes: [a, b, x, d].map((t) => ballots.filter((bl) => bl.choice === t).length),
        suggestions: ballots.flatMap((bl) => (bl.suggestion ? [bl.suggestion] : [])).sort(),
      };
    };
    const pointOf = (r: PublishedResults) => {
      const points = [];
      for (let n = 0; n <= log.length; n++) {
        const st = stateAfter(n);
        if (st.ballots === r.ballots && JSON.stringify(st.votes) === JSON.stringify(r.topics.map((t) => t.votes))) points.push(n);
      }
      expect(points).toHaveLength(1);
      return points[0];
    };
    const observer = riders[0];
    const views: { after: number; point: number | null; reader: string }[] = [];
    const readAll = async (after: number) => {
      const round: (number | null)[] = [];
      for (const [name, reader] of [
        ['organizer', w.cityOrganizer],
        ['admin', w.admin],
        ['worker who voted', observer],
      ] as const) {
        const res = await results(reader, c);
        if (reader === observer && after === 0) {
          expect(res.status).toBe(403);
          continue;
        }
        expect(res.status).toBe(200);
        const r = res.body as ConsultationResults;
        let point: number | null = null;
        if (r.published) {
          expect(r.ballots).toBeGreaterThanOrEqual(K);
          point = pointOf(r);
          expect(r.suggestions).toEqual(stateAfter(point).suggestions);
          for (const g of [...r.breakdowns.industry, ...r.breakdowns.city]) expect(g.ballots).toBeGreaterThanOrEqual(5);
        } else {
          expect(Object.keys(r).sort()).toEqual(['consultationId', 'mode', 'publication', 'published', 'reason', 'status']);
        }
        round.push(point);
        views.push({ after, point, reader: name });
        if (reader !== observer) {
          const shown = point === null ? null : stateAfter(point).ballots;
          expect((await s.api(reader).get(`/consultations/${c.id}`)).body.ballots).toBe(shown);
          expect((await s.api(reader).get(`/consultations/${c.id}/participation`)).body.ballots).toBe(shown);
        }
      }
      // within a round every role reads the same snapshot
      expect(new Set(round).size).toBe(1);
      if (after < log.length + 1) expect((await results(w.enterprise, c)).status).toBe(403);
    };

    await readAll(0);
    for (const [i, step] of log.entries()) {
      expect((await vote(s, riders[step.who], c, [step.choice], step.suggestion)).status).toBe(200);
      await readAll(i + 1);
    }
    expect((await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    await readAll(log.length + 1);
    const final = (await results(w.enterprise, c)).body as PublishedResults;
    expect(final.publication.final).toBe(true);
    expect(pointOf(final)).toBe(log.length);
    views.push({ after: log.length + 1, point: log.length, reader: 'enterprise' });

    // Any two different views lie k ballots or more apart: k different workers voted or changed their vote between.
    const points = [...new Set(views.map((v) => v.point))].sort((p, q) => (p ?? -1) - (q ?? -1));
    expect(points.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < points.length; i++) {
      const from = points[i - 1] ?? 0;
      const between = new Set(log.slice(from, points[i]!).map((step) => step.who));
      expect(between.size).toBeGreaterThanOrEqual(K);
    }
    // and the view never changed right after a single step while the step before showed something else
    for (const [i, v] of views.entries()) {
      const prev = views
        .slice(0, i)
        .reverse()
        .find((p) => p.reader === v.reader && p.after === v.after - 1);
      if (prev && prev.point !== v.point && prev.point !== null) {
        expect(new Set(log.slice(prev.point, v.point ?? 0).map((step) => step.who)).size).toBeGreaterThanOrEqual(K);
      }
    }
  });

  it('advances a snapshot once when many readers arrive together', async () => {
    const c = await sharedConsultation();
    for (const r of riders.slice(0, K)) await vote(s, r, c, [topicIds(c)[0]]);
    // the first snapshot is taken (and kept back one step), then k more ballots come
    expect((await results(w.cityOrganizer, c)).body).toMatchObject({ published: false, reason: 'first_pending' });
    for (const r of riders.slice(K, 2 * K)) await vote(s, r, c, [topicIds(c)[1]]);
    const reads = await Promise.all(Array.from({ length: 8 }, () => results(w.cityOrganizer, c)));
    const bodies = new Set(reads.map((r) => JSON.stringify(r.body)));
    expect(bodies.size).toBe(1);
    expect(reads[0].body).toMatchObject({ published: true, ballots: K, publication: { untilNext: K } });
    const [row] = await s.db.query('SELECT version FROM result_snapshots WHERE consultationId = ?', [c.id]);
    expect(Number(row.version)).toBe(2);
  });

  it('shows on a second server every snapshot the first one publishes, at its next read, never one not yet published', async () => {
    // A second server on the same database keeps its own copy of the snapshots it read.
    const second: NestFastifyApplication = await createApp(s.config, s.clock);
    await second.listen(0, '127.0.0.1');
    const secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
    const onSecond = async (c: Consultation) =>
      (await request(secondUrl).get(`/api/consultations/${c.id}/results`).set('authorization', `Bearer ${w.cityOrganizer.token}`))
        .body as ConsultationResults;
    const version = async (c: Consultation) =>
      Number((await s.db.query('SELECT version FROM result_snapshots WHERE consultationId = ?', [c.id]))[0]?.version ?? 0);
    try {
      const c = await sharedConsultation();
      const [a, b] = topicIds(c);
      const seen: number[] = [];
      for (let step = 1; step <= 3; step++) {
        const voters = riders.slice((step - 1) * K, step * K);
        for (const r of voters.slice(0, -1)) expect((await vote(s, r, c, [step % 2 ? a : b])).status).toBe(200);
        // One ballot short of a step, the second server reads (and keeps) the snapshot shown now…
        const before = await onSecond(c);
        expect(await version(c)).toBe(step - 1);
        expect((await vote(s, voters[K - 1], c, [a])).status).toBe(200);
        // …then the first server publishes the next one: the second shows it at its very next read.
        const first = (await results(w.cityOrganizer, c)).body as ConsultationResults;
        expect(await version(c)).toBe(step);
        const after = await onSecond(c);
        expect(after).toEqual(first);
        // The consultation as the second server lists it carries the same shown ballots.
        const listed = await request(secondUrl).get(`/api/consultations/${c.id}`).set('authorization', `Bearer ${w.cityOrganizer.token}`);
        expect(listed.body.ballots).toBe(first.published ? first.ballots : null);
        // What the second server showed before the advance was the snapshot stored then, not the newer one.
        if (step > 1) expect(before).not.toEqual(first);
        seen.push(first.published ? first.ballots : 0);
      }
      expect(seen).toEqual([0, K, 2 * K]);
      // Closing on the first server: the second shows the final snapshot at once, though it had the last one cached.
      expect((await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
      const final = (await results(w.cityOrganizer, c)).body as PublishedResults;
      expect(final).toMatchObject({ published: true, ballots: 3 * K, publication: { final: true } });
      expect(await onSecond(c)).toEqual(final);
    } finally {
      await second.close();
    }
  });
});
