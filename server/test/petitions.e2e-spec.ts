// The workers' petition: one fifth of the roll obliges the union to invite, on a clock the server counts; counts are
// published in steps only; one signature per person; every role's access, both ways.
import type { Petition } from '@xst/shared-types';
import { periodLastDay } from '../src/common/legal-clock.js';
import { PetitionNoticesService } from '../src/petitions/petition-notices.service.js';
import { makeEnterprise, setShanghaiTime } from './support/contracts.js';
import { advanceDays, invitationRequest, invitationWorld, type InvitationWorld } from './support/invitations.js';
import { makeCodeBatch, printedCode } from './support/roll.js';
import { acceptSubscriptions } from './support/subscriptions.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const noticesSettled = (s: TestServer) => s.app.get(PetitionNoticesService).settled();

describe('a workers’ petition that obliges an invitation', () => {
  let s: TestServer;
  let w: InvitationWorld;
  /** 25 riders of 成都 (one fifth: 5) and 26 couriers (one fifth: 5.2, so 6). */
  let riders: Actor[];
  let couriers: Actor[];
  let mianyangRider: Actor;
  let anyPlatformRider: Actor;
  let unverifiedRider: Actor;
  let driver: Actor;
  let employerId: string;

  /** Verifies each worker with one code of a sheet for the scope (as an organizer hands them out at a 驿站). */
  async function verify(workers: Actor[], industry: string, platformOrgId: string | null, regionCode = '510104') {
    const batch = await makeCodeBatch(s, regionCode.startsWith('5101') ? w.cityOrganizer : w.otherCityOrganizer, {
      industry: industry as never,
      regionCode,
      platformOrgId,
      count: workers.length,
    });
    for (const [i, a] of workers.entries()) {
      const res = await s.api(a).post('/roll/codes/redeem', { code: printedCode(s, batch.id, i + 1) });
      if (res.status !== 200) throw new Error(`redeem failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  beforeAll(async () => {
    s = await startServer();
    setShanghaiTime(s, '2025-03-03', '10:00:00');
    w = await invitationWorld(s, 'pt');
    employerId = w.enterprise.user.organizationId!;
    // invitationWorld made one rider in 510104 already: 24 more make 25, all verified for the platform in 成都.
    riders = [w.worker];
    // The roll, not the profile, decides: most of them never fill one in.
    for (let i = 1; i < 25; i++) riders.push(await s.login(`pt-rider-${i}`, 'worker'));
    await verify(riders, 'rider', employerId);
    couriers = [];
    for (let i = 0; i < 26; i++) couriers.push(await s.login(`pt-courier-${i}`, 'worker'));
    await verify(couriers, 'courier', employerId);
    mianyangRider = await s.worker('pt-mianyang-rider', '510703', 'rider');
    await verify([mianyangRider], 'rider', null, '510703');
    // Says rider in 成都 in the profile, verified for no platform: not on the platform's roll.
    anyPlatformRider = await s.worker('pt-any-platform-rider', '510104', 'rider');
    await verify([anyPlatformRider], 'rider', null);
    unverifiedRider = await s.worker('pt-unverified-rider', '510104', 'rider');
    driver = await s.worker('pt-driver', '510104', 'ride_hailing');
    await verify([driver], 'ride_hailing', null);
  }, 120_000);
  afterAll(async () => {
    await noticesSettled(s);
    await s.stop();
  });

  const start = (a: Actor, body: object = { organizationId: employerId }) => s.api(a).post('/petitions', body);
  const sign = (a: Actor, id: string) => s.api(a).put(`/petitions/${id}/signature`);
  const withdraw = (a: Actor, id: string) => s.api(a).delete(`/petitions/${id}/signature`);
  const read = async (a: Actor, id: string): Promise<Petition> => {
    const res = await s.api(a).get(`/petitions/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const signatureRows = async (id: string) =>
    Number((await s.db.query('SELECT COUNT(*) AS n FROM petition_signatures WHERE petitionId = ?', [id]))[0].n);

  let riderPetition: Petition;

  it('refuses a bad start with the field named, and writes nothing', async () => {
    const before = await s.rowCounts();
    const union = await start(riders[0], { organizationId: w.cityOrganizer.user.organizationId });
    expect(union.status).toBe(400);
    expect(union.body.fields[0]).toMatchObject({ field: 'organizationId' });
    // An employer of another city, and one of this city by a worker not on its roll: refused by the roll.
    expect((await start(riders[0], { organizationId: w.otherEnterprise.user.organizationId })).body.code).toBe('petition_not_eligible');
    expect((await start(unverifiedRider)).body.code).toBe('petition_not_eligible');
    expect((await start(anyPlatformRider)).body.code).toBe('petition_not_eligible');
    const topic = await start(riders[0], { organizationId: employerId, topics: ['no_such_topic'] });
    expect(topic.status).toBe(400);
    expect(topic.body.fields[0].field).toBe('topics[0]');
    expect((await start(riders[0], { organizationId: 'x' })).status).toBe(400);
    expect((await start(riders[0], { organizationId: employerId, extra: 1 })).status).toBe(400);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('starts with one tap, and a second worker starting the same joins the same petition', async () => {
    const first = await start(riders[0], { organizationId: employerId, topics: ['commission_rate', 'algorithm'] });
    expect(first.status).toBe(201);
    riderPetition = first.body;
    expect(riderPetition).toMatchObject({
      status: 'collecting',
      industry: 'rider',
      regionCode: '510100',
      employer: { id: employerId },
      topics: [
        { code: 'commission_rate', title: '抽成比例' },
        { code: 'algorithm', title: '算法调整' },
      ],
      signatures: { shown: null, step: 5 },
      roll: { size: 25, verified: true },
      threshold: { percent: 20, needed: 5 },
      reachedOn: null,
      mySignature: true,
    });
    const again = await start(riders[1]);
    expect(again.body.id).toBe(riderPetition.id);
    expect(await signatureRows(riderPetition.id)).toBe(2);
  });

  it('counts one signature per person: signing twice, or deleting the account and signing in again, counts once', async () => {
    expect((await sign(riders[1], riderPetition.id)).status).toBe(200);
    expect(await signatureRows(riderPetition.id)).toBe(2);
    // A driver's petition (drivers verified for the city, any platform; the employer is not a platform here).
    const association = await makeEnterprise(s, w.admin, { isPlatform: false, name: '成都市网约车行业协会' });
    const first = await start(driver, { organizationId: association.id });
    expect(first.status).toBe(201);
    expect(first.body.roll).toEqual({ size: 1, verified: true });
    expect((await s.api(driver).delete('/me')).status).toBe(204);
    const back = await s.worker('pt-driver', '510104', 'ride_hailing');
    // A new account is on no roll until it is verified again; the signature of the person is still theirs.
    expect((await sign(back, first.body.id)).body.code).toBe('petition_not_eligible');
    await verify([back], 'ride_hailing', null);
    const p = await read(back, first.body.id);
    expect(p.mySignature).toBe(true);
    expect((await sign(back, first.body.id)).status).toBe(200);
    expect(await signatureRows(first.body.id)).toBe(1);
    expect((await withdraw(back, first.body.id)).body.mySignature).toBe(false);
    expect(await signatureRows(first.body.id)).toBe(0);
    driver = back;
  });

  it('counts a person once when their phones sign at the same moment, and everyone who signs at once', async () => {
    const before = await signatureRows(riderPetition.id);
    const same = await Promise.all([0, 1, 2, 3].map(() => sign(riders[0], riderPetition.id)));
    expect(same.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await signatureRows(riderPetition.id)).toBe(before);
    const [stored] = await s.db.query('SELECT signatures FROM petitions WHERE id = ?', [riderPetition.id]);
    expect(Number(stored.signatures)).toBe(before);
  });

  it('shows no one below the step, and never a figure that moved by one', async () => {
    const seen: (number | null)[] = [(await read(w.cityOrganizer, riderPetition.id)).signatures.shown];
    // 2 signed; sign 3rd and 4th, withdraw and sign again: the published figure stays "below 5".
    for (const a of [riders[2], riders[3]]) {
      await sign(a, riderPetition.id);
      seen.push((await read(w.cityOrganizer, riderPetition.id)).signatures.shown);
      seen.push((await read(riders[20], riderPetition.id)).signatures.shown);
    }
    await withdraw(riders[3], riderPetition.id);
    seen.push((await read(w.admin, riderPetition.id)).signatures.shown);
    await sign(riders[3], riderPetition.id);
    seen.push((await read(w.admin, riderPetition.id)).signatures.shown);
    expect(await signatureRows(riderPetition.id)).toBe(4);
    expect(new Set(seen)).toEqual(new Set([null]));
    const body = JSON.stringify(await read(w.cityOrganizer, riderPetition.id));
    expect(body).not.toMatch(/"signatures":\{"shown":4/);
    expect(body).not.toContain('signedAt');
    expect((await read(riders[0], riderPetition.id)).status).toBe('collecting');
  });

  it('one below a fifth does not oblige: 5 couriers of 26', async () => {
    const first = await start(couriers[0]);
    expect(first.status).toBe(201);
    const id = first.body.id;
    for (const a of couriers.slice(1, 5)) expect((await sign(a, id)).status).toBe(200);
    const p = await read(w.cityOrganizer, id);
    expect(p).toMatchObject({
      status: 'collecting',
      signatures: { shown: 5 },
      roll: { size: 26 },
      threshold: { needed: 6 },
      reachedOn: null,
    });
    expect(p.dueAt).toBeNull();
    await noticesSettled(s);
    expect(s.wechat.sent.filter((m) => m.page?.endsWith(`id=${id}`))).toEqual([]);
    // The sixth reaches it.
    await sign(couriers[5], id);
    expect((await read(w.cityOrganizer, id)).status).toBe('obliged');
  });

  it('exactly one fifth obliges an invitation: the clock runs from that day and the city’s organizers hear of it', async () => {
    // One organizer of the city union has accepted a notice in WeChat's dialog; the other none. (The notices of the
    // petitions reached before, with nothing accepted then, are done first.)
    await noticesSettled(s);
    await acceptSubscriptions(s, s.wechat, w.cityOrganizer, 'pt-city-org');
    const res = await sign(riders[4], riderPetition.id);
    expect(res.status).toBe(200);
    const p: Petition = res.body;
    // 20 days from Monday 3 March end on Sunday 23 March, a rest day: the last day is Monday 24 March.
    const lastDay = periodLastDay('2025-03-03', 20);
    expect(lastDay).toBe('2025-03-24');
    expect(p).toMatchObject({
      status: 'obliged',
      signatures: { shown: 5 },
      reachedOn: '2025-03-03',
      inviteDays: 20,
      dueLastDay: lastDay,
      daysLeft: 21,
      answeredAt: null,
    });
    expect(p.dueAt).toBe(new Date(`${lastDay}T23:59:59.999+08:00`).toISOString());
    await noticesSettled(s);
    const sent = s.wechat.sent.filter((m) => m.page === `pages/petition/index?id=${riderPetition.id}`);
    // The city union's organizers (not the county's, not Mianyang's), each against an acceptance: the one who
    // accepted hears of it; the other's notice is not sent.
    expect(sent.map((m) => m.touser)).toEqual(['pt-city-org']);
    const notices = await s.db.query(
      'SELECT recipient AS recipientUserId, state FROM subscribe_messages WHERE kind = ? AND subjectId = ? ORDER BY state',
      ['petition_reached', riderPetition.id],
    );
    expect(notices.map((n: { recipientUserId: string; state: string }) => [n.recipientUserId, n.state])).toEqual([
      [w.cityOrganizer2.user.id, 'no_consent'],
      [w.cityOrganizer.user.id, 'sent'],
    ]);
    expect(sent[0].data.time3.value).toBe(lastDay);
    // A withdrawal after the share was reached does not undo the obligation.
    await withdraw(riders[4], riderPetition.id);
    expect((await read(w.cityOrganizer, riderPetition.id)).status).toBe('obliged');
    await sign(riders[4], riderPetition.id);
  });

  it('lists the region’s petitions for organizers, owing ones first; workers see those of their scope', async () => {
    const list = (await s.api(w.cityOrganizer).get('/petitions')).body as Petition[];
    // The drivers' petition: one verified driver is the whole roll, so one signature was a fifth.
    expect(list.map((p) => p.status)).toEqual(['obliged', 'obliged', 'obliged']);
    expect((await s.api(w.admin).get('/petitions')).body).toHaveLength(3);
    expect((await s.api(w.otherCityOrganizer).get('/petitions')).body).toEqual([]);
    expect((await s.api(w.otherAdmin).get('/petitions')).body).toEqual([]);
    expect((await s.api(w.countyOrganizer).get('/petitions')).body).toEqual([]);
    const mine = (await s.api(riders[9]).get('/petitions')).body as Petition[];
    expect(mine.map((p) => [p.id, p.mySignature])).toEqual([[riderPetition.id, false]]);
    expect((await s.api(mianyangRider).get('/petitions')).body).toEqual([]);
    expect((await s.api(anyPlatformRider).get('/petitions')).body).toEqual([]);
    expect((await s.api(unverifiedRider).get('/petitions')).body).toEqual([]);
    expect((await s.api(w.otherCityOrganizer).get('/petitions?status=nope')).status).toBe(400);
  });

  it('refuses every role what it may not do, and says nothing of petitions elsewhere', async () => {
    const id = riderPetition.id;
    expect((await s.api(w.enterprise).get('/petitions')).status).toBe(403);
    expect((await s.api(w.enterprise).get(`/petitions/${id}`)).status).toBe(403);
    expect((await s.api().get(`/petitions/${id}`)).status).toBe(401);
    for (const a of [
      w.otherCityOrganizer,
      w.otherAdmin,
      w.countyOrganizer,
      mianyangRider,
      couriers[10],
      anyPlatformRider,
      unverifiedRider,
    ]) {
      const res = await s.api(a).get(`/petitions/${id}`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(id);
    }
    expect((await sign(mianyangRider, id)).status).toBe(404);
    expect((await sign(couriers[10], id)).status).toBe(404);
    expect((await s.api(w.cityOrganizer).put(`/petitions/${id}/signature`)).status).toBe(403);
    const req = invitationRequest(w.cityOrganizer, w.enterprise);
    const { toOrganizationId: _, ...body } = req;
    expect((await s.api(riders[0]).post(`/petitions/${id}/invitation`, body)).status).toBe(403);
    expect((await s.api(w.admin).post(`/petitions/${id}/invitation`, body)).status).toBe(403);
    expect((await s.api(w.otherCityOrganizer).post(`/petitions/${id}/invitation`, body)).status).toBe(404);
    expect((await s.api(w.enterprise).get('/petitions/figures')).status).toBe(403);
    expect((await s.api(riders[0]).get('/petitions/figures')).status).toBe(403);
  });

  it('runs out: past its last day it reads overdue, and the ledger flags the employer without moving a column', async () => {
    advanceDays(s, 21); // 24 March, 10:00: still the last day
    expect((await read(w.cityOrganizer, riderPetition.id)).status).toBe('obliged');
    advanceDays(s, 1);
    const p = await read(w.cityOrganizer, riderPetition.id);
    expect(p.status).toBe('overdue');
    expect(p.daysLeft).toBeLessThan(0);
    const csv = await s.api(w.cityOrganizer).get('/statistics/ledger.csv');
    expect(csv.status).toBe(200);
    const lines = csv.text.split(/\r?\n/);
    const header = lines.find((l) => l.includes('统一社会信用代码'))!.split(',');
    const row = lines.find((l) => l.includes('逾期未发出要约'));
    expect(row).toBeDefined();
    const cells = row!.split(',');
    expect(cells).toHaveLength(header.length);
    expect(cells[header.indexOf('要约状态')]).toBe(`逾期未发出要约（职工联署${'，'}${p.dueLastDay}到期）`);
  });

  it('sending the invitation from the petition discharges it, late; it cannot be sent twice or signed after', async () => {
    const id = riderPetition.id;
    const { toOrganizationId: _, ...body } = invitationRequest(w.cityOrganizer, w.enterprise);
    const draft = await s.api(w.cityOrganizer).post(`/petitions/${id}/invitation`, { ...body, draft: true });
    expect(draft.status).toBe(400);
    const other = await s
      .api(w.cityOrganizer)
      .post(`/petitions/${id}/invitation`, { ...body, toOrganizationId: w.otherEnterprise.user.organizationId });
    expect(other.status).toBe(400);
    const res = await s.api(w.cityOrganizer).post(`/petitions/${id}/invitation`, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'sent', toOrganizationId: employerId });
    const p = await read(w.cityOrganizer, id);
    expect(p).toMatchObject({ status: 'answered', invitationId: res.body.id, answeredInTime: false, daysLeft: null });
    expect((await s.api(w.cityOrganizer2).post(`/petitions/${id}/invitation`, body)).body.code).toBe('petition_answered');
    expect((await sign(riders[10], id)).body.code).toBe('petition_answered');
    expect((await withdraw(riders[0], id)).body.code).toBe('petition_answered');
    // The couriers' petition to the same employer is still owed: the flag stays, under the invitation's own state.
    const csv = await s.api(w.cityOrganizer).get('/statistics/ledger.csv');
    expect(csv.text).toContain('待答复，逾期未发出要约（职工联署');
    // A new petition of the same scope may start once this one is answered.
    const next = await start(riders[11]);
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(id);
  });

  it('counts petitions reached and answered in time for the statistics, by region', async () => {
    // The couriers' petition is answered at once, within its clock.
    const overdue = (await s.api(w.cityOrganizer).get('/petitions?status=overdue')).body as Petition[];
    const couriersPetition = overdue.find((p) => p.industry === 'courier')!;
    expect(couriersPetition).toBeDefined();
    advanceDays(s, -22);
    const { toOrganizationId: _, ...body } = invitationRequest(w.cityOrganizer, w.enterprise);
    expect((await s.api(w.cityOrganizer).post(`/petitions/${couriersPetition.id}/invitation`, body)).status).toBe(201);
    advanceDays(s, 22);
    const figures = await s.api(w.admin).get('/petitions/figures?from=2025-01-01&to=2025-12-31');
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({
      regionCode: '510000',
      reached: 3,
      answeredInTime: 1,
      answeredLate: 1,
      overdue: 1,
      pending: 0,
      collecting: 1,
      verified: true,
    });
    const mianyang = await s.api(w.otherAdmin).get('/petitions/figures?from=2025-01-01&to=2025-12-31');
    expect(mianyang.body).toMatchObject({ reached: 0, collecting: 0 });
    expect((await s.api(w.otherAdmin).get('/petitions/figures?regionCode=510100')).status).toBe(400);
    expect((await s.api(w.admin).get('/petitions/figures?from=2025-02-30')).body.fields[0].field).toBe('from');
    const before = await s.api(w.admin).get('/petitions/figures?from=2024-01-01&to=2024-12-31');
    expect(before.body.reached).toBe(0);
    const ledger = (await s.api(w.cityOrganizer).get('/statistics/ledger.csv')).text.split(/\r?\n/);
    expect(ledger.filter((l) => l.includes('逾期未发出要约')).map((l) => l.includes('成都市网约车行业协会'))).toEqual([true]);
  });
});
