// Results are read from counts kept as ballots commit: a storm of ballots and replacements on two servers of one
// database, with readers polling meanwhile, leaves counts that a recount from the ballots finds exact. The results
// shown are the published snapshots of those counts (results-publication.e2e-spec.ts): read here once closed.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consultation, ConsultationMode, ConsultationResults, PublishedResults } from '@xst/shared-types';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../src/app.factory.js';
import { compareCounts, countFromBallots, keptCounts, rebuildCounts, type CountRow } from '../src/consultations/ballot-counts.js';
import { CONSULTATION_LIMITS } from '@xst/shared-types';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

/** A small seeded generator: every run sends the same storm. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['510104', '510105', '510302', '510703'];
const INDUSTRIES = ['rider', 'courier'];

/** What the results must say, worked out here from the stored ballots without the server's counting code. */
async function expectedFrom(s: TestServer, c: Consultation) {
  const rows: { choices: string; industry: string; cityCode: string; suggestion: string | null }[] = await s.db.query(
    'SELECT choices, industry, cityCode, suggestion FROM ballots WHERE consultationId = ?',
    [c.id],
  );
  const ids = topicIds(c);
  const votes = new Map(ids.map((id) => [id, 0]));
  const points = new Map(ids.map((id) => [id, 0]));
  const industries = new Map<string, number>();
  const cities = new Map<string, number>();
  for (const r of rows) {
    (JSON.parse(r.choices) as string[]).forEach((id, i) => {
      votes.set(id, votes.get(id)! + 1);
      points.set(id, points.get(id)! + ids.length - i);
    });
    industries.set(r.industry, (industries.get(r.industry) ?? 0) + 1);
    cities.set(r.cityCode, (cities.get(r.cityCode) ?? 0) + 1);
  }
  return {
    ballots: rows.length,
    votes: ids.map((id) => votes.get(id)),
    points: ids.map((id) => points.get(id)),
    industries,
    cities,
    suggestions: rows.filter((r) => r.suggestion !== null).length,
  };
}

/** What every reader must see at any moment: a results view that adds up. */
function checkConsistent(res: ConsultationResults, workers: number) {
  if (!res.published) return;
  const r = res;
  expect(r.ballots).toBeLessThanOrEqual(workers);
  for (const by of [r.breakdowns.industry, r.breakdowns.city]) {
    expect(by.reduce((n, g) => n + g.ballots, 0)).toBe(r.ballots);
    r.topics.forEach((t, i) => {
      expect(by.reduce((n, g) => n + g.topics[i].votes, 0)).toBe(t.votes);
    });
  }
  for (const t of r.topics) expect(t.votes).toBeLessThanOrEqual(r.ballots);
}

describe('results from kept counts', () => {
  let s: TestServer;
  let organizer: Actor;
  let second: NestFastifyApplication;
  let secondUrl: string;

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('counts-org', 'organizer', { regionCode: '510000' });
    // A second server on the same database, as a second instance behind the load balancer would be.
    second = await createApp(s.config, s.clock);
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await second?.close();
    await s.stop();
  });

  const kept = (c: Consultation) => keptCounts(s.db.manager, c.id);
  /** Closes a consultation and reads its final results. */
  const finalResults = async (c: Consultation, url = s.url) => {
    await request(s.url).post(`/api/consultations/${c.id}/close`).set('authorization', `Bearer ${organizer.token}`);
    return (await request(url).get(`/api/consultations/${c.id}/results`).set('authorization', `Bearer ${organizer.token}`))
      .body as ConsultationResults;
  };
  const recountDifferences = async (c: Consultation) =>
    compareCounts(await kept(c), await countFromBallots(s.db.manager, c.id, c.mode as ConsultationMode));
  const count = (rows: CountRow[], dimension: string, groupKey: string, topicId = '', position = 0) =>
    rows.find((r) => r.dimension === dimension && r.groupKey === groupKey && r.topicId === topicId && r.position === position)?.n ?? 0;

  it('moves a replaced ballot out of its old choices and its old city into the new ones', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510000', mode: 'ranking', maxChoices: 3 });
    const [a, b, d] = topicIds(c);
    const w = await s.worker('counts-move', '510104');
    expect((await vote(s, w, c, [a, b], '多装充电桩')).status).toBe(200);
    let rows = await kept(c);
    expect([count(rows, 'all', ''), count(rows, 'all', '', a, 0), count(rows, 'all', '', b, 1), count(rows, 'city', '510100')]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(count(rows, 'suggestion', '')).toBe(1);
    // The worker moves to 绵阳 and ranks differently, without a suggestion.
    expect((await s.api(w).patch('/me', { regionCode: '510703' })).status).toBe(200);
    expect((await vote(s, w, c, [d, a])).status).toBe(200);
    rows = await kept(c);
    expect(count(rows, 'all', '')).toBe(1);
    expect([
      count(rows, 'all', '', a, 0),
      count(rows, 'all', '', a, 1),
      count(rows, 'all', '', b, 1),
      count(rows, 'all', '', d, 0),
    ]).toEqual([0, 1, 0, 1]);
    expect([count(rows, 'city', '510100'), count(rows, 'city', '510700'), count(rows, 'city', '510700', d, 0)]).toEqual([0, 1, 1]);
    expect(count(rows, 'suggestion', '')).toBe(0);
    // one ballot is never shown, even at close
    expect(await finalResults(c)).toMatchObject({ published: false, reason: 'too_few' });
    expect(await recountDifferences(c)).toEqual([]);
  });

  it('changes no count for a retry of the same ballot, nor for a refused one', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510000' });
    const [a, b] = topicIds(c);
    const w = await s.worker('counts-retry', '510104');
    expect((await vote(s, w, c, [a, b])).status).toBe(200);
    const once = await kept(c);
    expect((await vote(s, w, c, [a, b])).status).toBe(200);
    expect(await kept(c)).toEqual(once);
    const stranger = await s.worker('counts-out-of-scope', '510104', 'domestic');
    expect((await vote(s, stranger, c, [a])).status).toBe(403);
    expect((await vote(s, w, c, [a, a])).status).toBe(400);
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    expect((await vote(s, w, c, [b])).status).toBe(409);
    expect(await kept(c)).toEqual(once);
  });

  it('counts an empty consultation as no ballots at all', async () => {
    const c = await makeConsultation(s, organizer, { regionCode: '510000' });
    expect(await kept(c)).toEqual([]);
    expect(await finalResults(c)).toMatchObject({ published: false, reason: 'too_few' });
  });

  it('lists the suggestions in the results up to the limit, and beyond it only their number', async () => {
    const limit = CONSULTATION_LIMITS.suggestionsInResults;
    // Ballots written straight into the table, then counted by the rebuild the migration and `recount --repair` use.
    const seed = async (c: Consultation, n: number) => {
      const [a] = topicIds(c);
      for (let i = 0; i < n; i++) {
        await s.db.query(
          'INSERT INTO ballots (id, consultationId, voterKey, choices, suggestion, industry, cityCode, submittedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [
            randomUUID(),
            c.id,
            randomUUID(),
            JSON.stringify([a]),
            `建议 ${String(i).padStart(3, '0')}`,
            'rider',
            '510100',
            '2025-01-01 00:00:00.000',
          ],
        );
      }
      await s.db.transaction((em) => rebuildCounts(em, s.dbKind === 'mysql', c.id, 'multiple'));
    };
    const few = await makeConsultation(s, organizer, { regionCode: '510000' });
    await seed(few, limit);
    let r = (await finalResults(few)) as PublishedResults;
    expect([r.ballots, r.suggestionCount, r.suggestions.length]).toEqual([limit, limit, limit]);
    expect(r.suggestions[0]).toBe('建议 000');
    const c = await makeConsultation(s, organizer, { regionCode: '510000' });
    await seed(c, limit + 1);
    r = (await finalResults(c)) as PublishedResults;
    expect([r.ballots, r.suggestionCount, r.suggestions]).toEqual([limit + 1, limit + 1, []]);
    expect(await recountDifferences(c)).toEqual([]);
    // The export file still holds every one of them.
    const res = await s
      .api(organizer)
      .get(`/consultations/${c.id}/results.xlsx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    const file = res.body as Buffer;
    await wb.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer);
    expect(wb.getWorksheet('意见建议')!.rowCount).toBe(1 + limit + 1);
  });

  it('stays exact through a storm of ballots and replacements on two servers while readers poll both', async () => {
    const rnd = prng(16);
    const consultations = [
      await makeConsultation(s, organizer, { regionCode: '510000', industries: ['rider', 'courier'], mode: 'ranking', maxChoices: 4 }),
      await makeConsultation(s, organizer, { regionCode: '510000', industries: ['rider', 'courier'], mode: 'multiple', maxChoices: 2 }),
      await makeConsultation(s, organizer, {
        regionCode: '510000',
        industries: ['rider', 'courier'],
        mode: 'single',
        maxChoices: 1,
        allowSuggestions: false,
      }),
    ];
    const workers: Actor[] = [];
    for (let i = 0; i < 48; i++) workers.push(await s.worker(`counts-storm-${i}`, REGIONS[i % 4], INDUSTRIES[(i >> 2) % 2]));
    const ballotFor = (c: Consultation) => {
      const ids = [...topicIds(c)].sort(() => rnd() - 0.5);
      const n = c.mode === 'single' ? 1 : 1 + Math.floor(rnd() * c.maxChoices);
      const suggestion = c.allowSuggestions && rnd() < 0.4 ? `建议${Math.floor(rnd() * 5)}` : undefined;
      return { choices: ids.slice(0, n), ...(suggestion ? { suggestion } : {}) };
    };
    const put = (url: string, w: Actor, c: Consultation) =>
      request(url).put(`/api/consultations/${c.id}/ballot`).set('authorization', `Bearer ${w.token}`).send(ballotFor(c));

    let storming = true;
    let reads = 0;
    const readers = [s.url, secondUrl, s.url, secondUrl].map(async (url, k) => {
      while (storming) {
        const c = consultations[k % consultations.length];
        const res = await request(url).get(`/api/consultations/${c.id}/results`).set('authorization', `Bearer ${organizer.token}`);
        expect(res.status).toBe(200);
        checkConsistent(res.body, workers.length);
        reads++;
      }
    });
    try {
      for (let round = 0; round < 3; round++) {
        // Between rounds a quarter of the workers move city or change trade: their next ballot moves its groups.
        if (round > 0) {
          for (const w of workers) {
            if (rnd() >= 0.25) continue;
            const moved = await s
              .api(w)
              .patch('/me', { regionCode: REGIONS[Math.floor(rnd() * 4)], industry: INDUSTRIES[Math.floor(rnd() * 2)] });
            expect(moved.status).toBe(200);
          }
        }
        // Every worker sends two or three ballots at once to each consultation, over both servers.
        const answers = await Promise.all(
          consultations.flatMap((c) =>
            workers.flatMap((w, i) => Array.from({ length: 2 + ((i + round) % 2) }, (_, k) => put(k % 2 ? secondUrl : s.url, w, c))),
          ),
        );
        expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body])).toEqual([]);
      }
    } finally {
      storming = false;
      await Promise.all(readers);
    }
    expect(reads).toBeGreaterThan(0);

    for (const c of consultations) {
      expect(await recountDifferences(c)).toEqual([]);
      const expected = await expectedFrom(s, c);
      expect(expected.ballots).toBe(workers.length);
      const ra = (await finalResults(c)) as PublishedResults;
      const rb = (await request(secondUrl).get(`/api/consultations/${c.id}/results`).set('authorization', `Bearer ${organizer.token}`))
        .body as PublishedResults;
      expect(rb).toEqual(ra);
      expect(ra.ballots).toBe(expected.ballots);
      expect(ra.topics.map((t) => t.votes)).toEqual(expected.votes);
      if (c.mode === 'ranking') expect(ra.topics.map((t) => t.points)).toEqual(expected.points);
      expect(ra.suggestionCount).toBe(c.allowSuggestions ? expected.suggestions : 0);
      // Each group's kept ballots are the ballots stored under it now; groups that every worker left count none.
      const rows = await kept(c);
      const groups = (dimension: string) =>
        new Map(rows.filter((r) => r.dimension === dimension && r.topicId === '' && r.n).map((r) => [r.groupKey, r.n]));
      expect(groups('industry')).toEqual(expected.industries);
      expect(groups('city')).toEqual(expected.cities);
    }
  }, 120_000);
});
