// The ballot under load: retries, replacements and concurrent submissions of the same worker still make one ballot,
// also when two server processes share the database.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consultation } from '@xst/shared-types';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../src/app.factory.js';
import { ballotRows, makeConsultation, topicIds, vote } from './support/consultations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

describe('ballots submitted concurrently', () => {
  let s: TestServer;
  let organizer: Actor;
  let second: NestFastifyApplication;
  let secondUrl: string;

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('conc-org', 'organizer', { regionCode: '510100' });
    // A second server on the same database, as a second process would be.
    second = await createApp(s.config, s.clock);
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await second?.close();
    await s.stop();
  });

  const voteOn = (url: string, worker: Actor, c: Consultation, choices: string[]) =>
    request(url).put(`/api/consultations/${c.id}/ballot`).set('authorization', `Bearer ${worker.token}`).send({ choices });

  it('serves ballots through the same hooks as every other route (request id, content type, depth)', async () => {
    const c = await makeConsultation(s, organizer);
    const w = await s.worker('conc-hooks');
    const ok = await s
      .api(w)
      .put(`/consultations/${c.id}/ballot`, { choices: [topicIds(c)[0]] })
      .set('x-request-id', 'ballot-hooks-1');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBe('ballot-hooks-1');
    const me = await s.api(w).get('/me').set('x-request-id', 'me-hooks-1');
    expect(me.headers['x-request-id']).toBe('me-hooks-1');
    const text = await s.api(w).put(`/consultations/${c.id}/ballot`).set('content-type', 'text/plain').send('choices=1');
    expect(text.status).toBe(415);
    let deep: unknown = [topicIds(c)[0]];
    for (let i = 0; i < 20; i++) deep = [deep];
    const tooDeep = await s.api(w).put(`/consultations/${c.id}/ballot`, { choices: deep });
    expect([tooDeep.status, tooDeep.body.code]).toEqual([400, 'too_deep']);
  });

  it('keeps one ballot when the same worker fires 20 submissions at once, the last committed one winning', async () => {
    const c = await makeConsultation(s, organizer, { mode: 'ranking', maxChoices: 4 });
    const w = await s.worker('conc-same');
    const ids = topicIds(c);
    const orders = Array.from({ length: 20 }, (_, i) => [ids[i % 4], ids[(i + 1) % 4]]);
    const answers = await Promise.all(orders.map((o) => vote(s, w, c, o)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const rows = await ballotRows(s, c.id);
    expect(rows).toHaveLength(1);
    const stored = JSON.parse(rows[0].choices as string);
    expect(orders).toContainEqual(stored);
    expect((await s.api(w).get(`/consultations/${c.id}`)).body.myBallot.choices).toEqual(stored);
    // one ballot is never shown as a count
    expect((await s.api(organizer).get(`/consultations/${c.id}/results`)).body).toMatchObject({ published: false, reason: 'too_few' });
  });

  it('counts every worker once when many vote at the same moment, retries included', async () => {
    const c = await makeConsultation(s, organizer);
    const workers = await Promise.all(Array.from({ length: 40 }, (_, i) => s.worker(`conc-many-${i}`)));
    const [a, b] = topicIds(c);
    const calls = workers.flatMap((w, i) => [vote(s, w, c, [a]), vote(s, w, c, i % 2 ? [a] : [b])]);
    const answers = await Promise.all(calls);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const results = await s.api(organizer).get(`/consultations/${c.id}/results`);
    expect(results.body).toMatchObject({ published: true, ballots: 40 });
    expect((await s.api(organizer).get(`/consultations/${c.id}/participation`)).body.ballots).toBe(40);
  });

  it('keeps one ballot per worker across two server processes on one database', async () => {
    const c = await makeConsultation(s, organizer);
    const w = await s.worker('conc-two');
    const ids = topicIds(c);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => voteOn(i % 2 ? secondUrl : s.url, w, c, [ids[i % 3]])));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(await ballotRows(s, c.id)).toHaveLength(1);
  });

  it('refuses on the other server a ballot that arrives after an early close, though it had the consultation cached as open', async () => {
    const c = await makeConsultation(s, organizer);
    const w = await s.worker('conc-close');
    const [a, b] = topicIds(c);
    // the second server learns the consultation while it is open
    expect((await voteOn(secondUrl, w, c, [a])).status).toBe(200);
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const late = await voteOn(secondUrl, w, c, [b]);
    expect([late.status, late.body.code]).toEqual([409, 'consultation_closed']);
    const rows = await ballotRows(s, c.id);
    expect(rows.map((r) => JSON.parse(r.choices as string))).toEqual([[a]]);
  });

  it('accepts on the other server a ballot after an extension, though its cache still has the old closing time', async () => {
    const c = await makeConsultation(s, organizer);
    const w = await s.worker('conc-extend');
    const [a, b] = topicIds(c);
    expect((await voteOn(secondUrl, w, c, [a])).status).toBe(200);
    const closesAt = new Date(c.closesAt).getTime();
    const ext = await s.api(organizer).post(`/consultations/${c.id}/extend`, { closesAt: new Date(closesAt + 86400_000).toISOString() });
    expect(ext.status).toBe(200);
    s.clock.setOffset(closesAt - Date.now() + 60_000);
    try {
      expect((await voteOn(secondUrl, w, c, [b])).status).toBe(200);
      expect((await ballotRows(s, c.id)).map((r) => JSON.parse(r.choices as string))).toEqual([[b]]);
    } finally {
      s.clock.setOffset(0);
    }
  });
});
