// A consultation's eligibility: self-declared (the profile, as before, marked 未核验) or the verified roll, which no
// profile edit enters; and 参与率 over the denominator it says it uses.
import type { Consultation, Participation } from '@xst/shared-types';
import { usccCheckChar } from '../src/regions/uscc.js';
import { ballotRows, consultationRequest, makeConsultation, topicIds, vote } from './support/consultations.js';
import { verifyWithCode } from './support/roll.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

describe('verified consultations and honest participation', () => {
  let s: TestServer;
  let organizer: Actor;
  let n = 0;
  const freshWorker = (region = '510104', industry = 'rider') => s.worker(`rc-w-${++n}`, region, industry);

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('rc-org-chengdu', 'organizer', { regionCode: '510100' });
  });
  afterAll(async () => {
    await s.stop();
  });

  describe('who may vote in a verified consultation', () => {
    let c: Consultation;
    beforeAll(async () => {
      c = await makeConsultation(s, organizer, { eligibility: 'verified', regionCode: '510100' });
    });

    it('is created as verified, and says so', () => {
      expect(c).toMatchObject({ eligibility: 'verified', headcount: null, platformOrgId: null });
    });

    it('refuses a worker whose profile matches but who is not on the roll, writing nothing', async () => {
      const w = await freshWorker('510104', 'rider');
      const seen = (await s.api(w).get(`/consultations/${c.id}`)).body as Consultation;
      expect(seen.onRoll).toBe(false);
      const before = await s.rowCounts();
      const res = await vote(s, w, c, [topicIds(c)[0]]);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('roll_not_verified');
      expect(res.body.message).toContain('核验');
      expect(await s.rowCounts()).toEqual(before);
    });

    it('takes the ballot of a verified worker, with the industry and city of the verification', async () => {
      const w = await freshWorker('510104', 'rider');
      await verifyWithCode(s, organizer, w, { regionCode: '510104', industry: 'rider' });
      expect(((await s.api(w).get(`/consultations/${c.id}`)).body as Consultation).onRoll).toBe(true);
      const res = await vote(s, w, c, [topicIds(c)[1]]);
      expect(res.status).toBe(200);
    });

    it('cannot be entered by editing the profile: another city’s rider moving to 成都 in the profile is refused', async () => {
      const w = await freshWorker('510302', 'rider');
      await verifyWithCode(s, await s.login('rc-org-zigong', 'organizer', { regionCode: '510300' }), w, { regionCode: '510302' });
      expect((await s.api(w).patch('/me', { regionCode: '510104', industry: 'rider' })).status).toBe(200);
      const res = await vote(s, w, c, [topicIds(c)[0]]);
      expect([res.status, res.body.code]).toEqual([403, 'roll_not_verified']);
      // nor a courier of 成都 who says in the profile they ride
      const courier = await freshWorker('510104', 'courier');
      await verifyWithCode(s, organizer, courier, { industry: 'courier' });
      await s.api(courier).patch('/me', { industry: 'rider' });
      expect((await vote(s, courier, c, [topicIds(c)[0]])).body.code).toBe('roll_not_verified');
    });

    it('keeps a verified worker in whatever the profile says later, and counts the ballot where the verification is', async () => {
      const w = await freshWorker('510104', 'rider');
      await verifyWithCode(s, organizer, w, { regionCode: '510105', industry: 'rider' });
      await s.api(w).patch('/me', { regionCode: '510302', industry: 'domestic' });
      expect((await s.api(w).get(`/consultations/${c.id}`)).status).toBe(200);
      const before = await ballotRows(s, c.id);
      expect((await vote(s, w, c, [topicIds(c)[2]])).status).toBe(200);
      const added = (await ballotRows(s, c.id)).filter((b) => !before.some((x) => x.id === b.id));
      expect(added.map((b) => [b.industry, b.cityCode])).toEqual([['rider', '510100']]);
    });

    it('refuses a worker verified only for the city in a consultation of one of its counties', async () => {
      const county = await makeConsultation(s, organizer, { eligibility: 'verified', regionCode: '510104' });
      const cityWide = await freshWorker('510104', 'rider');
      await verifyWithCode(s, organizer, cityWide, { regionCode: '510100' });
      expect((await vote(s, cityWide, county, [topicIds(county)[0]])).body.code).toBe('roll_not_verified');
      const local = await freshWorker('510104', 'rider');
      await verifyWithCode(s, organizer, local, { regionCode: '510104' });
      expect((await vote(s, local, county, [topicIds(county)[0]])).status).toBe(200);
    });

    it('holds a platform’s consultation to workers verified for that platform', async () => {
      const platform = await s.api(organizer).post('/organizations', {
        type: 'enterprise',
        name: '成都即时配送平台有限公司',
        regionCode: '510104',
        uscc: `91510104MA6CX7K4T${usccCheckChar('91510104MA6CX7K4T')}`,
        isPlatform: true,
      });
      expect(platform.status).toBe(201);
      const pc = await makeConsultation(s, organizer, { eligibility: 'verified', platformOrgId: platform.body.id });
      expect(pc.platformName).toBe('成都即时配送平台有限公司');
      const other = await freshWorker();
      await verifyWithCode(s, organizer, other);
      expect((await vote(s, other, pc, [topicIds(pc)[0]])).body.code).toBe('roll_not_verified');
      const theirs = await freshWorker();
      await verifyWithCode(s, organizer, theirs, { platformOrgId: platform.body.id });
      expect((await vote(s, theirs, pc, [topicIds(pc)[0]])).status).toBe(200);
    });

    it('leaves a self-declared consultation to the profile, as before', async () => {
      const open = await makeConsultation(s, organizer);
      expect(open.eligibility).toBe('self_declared');
      const w = await freshWorker('510104', 'rider');
      expect((await vote(s, w, open, [topicIds(open)[0]])).status).toBe(200);
      const elsewhere = await freshWorker('510302', 'rider');
      expect((await vote(s, elsewhere, open, [topicIds(open)[0]])).status).toBe(403);
    });
  });

  describe('participation and its denominator', () => {
    it('divides a verified consultation’s ballots by the roll of its scope', async () => {
      const c = await makeConsultation(s, organizer, { eligibility: 'verified', regionCode: '510100', industries: ['ride_hailing'] });
      const drivers = [
        await freshWorker('510104', 'ride_hailing'),
        await freshWorker('510104', 'ride_hailing'),
        await freshWorker('510104', 'ride_hailing'),
      ];
      for (const d of drivers) await verifyWithCode(s, organizer, d, { industry: 'ride_hailing' });
      // registered in the app with a matching profile but not verified: not in the denominator
      await freshWorker('510104', 'ride_hailing');
      expect((await vote(s, drivers[0], c, [topicIds(c)[0]])).status).toBe(200);
      const p = (await s.api(organizer).get(`/consultations/${c.id}/participation`)).body as Participation;
      expect(p).toMatchObject({
        eligibility: 'verified',
        denominator: 'verified_roll',
        denominatorCount: 3,
        denominatorLabel: '已核验名册 3 人',
        verified: 3,
        registered: 4,
        // one ballot is never published as a count (results-publication.ts), nor as a rate
        ballots: null,
        rate: null,
      });
    });

    it('divides a self-declared consultation’s ballots by the headcount the organizer entered, naming its source', async () => {
      const c = await makeConsultation(s, organizer, {
        industries: ['trucking'],
        headcount: 40,
        headcountSource: '平台报告 2025 年 11 月',
      });
      expect(c).toMatchObject({ headcount: 40, headcountSource: '平台报告 2025 年 11 月' });
      for (let i = 0; i < 5; i++) {
        const w = await freshWorker('510104', 'trucking');
        expect((await vote(s, w, c, [topicIds(c)[0]])).status).toBe(200);
      }
      // published from five ballots on, here the final results
      expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
      const p = (await s.api(organizer).get(`/consultations/${c.id}/participation`)).body as Participation;
      expect(p).toMatchObject({
        denominator: 'headcount',
        denominatorCount: 40,
        denominatorLabel: '范围内人数 40 人（平台报告 2025 年 11 月）',
        verified: null,
        ballots: 5,
        rate: 0.125,
      });
      const csv = await s.api(organizer).get(`/consultations/${c.id}/results.csv`);
      expect(csv.text).toContain('"参与率分母","范围内人数 40 人（平台报告 2025 年 11 月）"');
    });

    it('marks the registered-workers denominator 未核验 when no headcount is given, and takes one later before opening', async () => {
      const later = new Date(s.clock.now().getTime() + 3600_000).toISOString();
      const c = await makeConsultation(s, organizer, { industries: ['domestic'], opensAt: later });
      let p = (await s.api(organizer).get(`/consultations/${c.id}/participation`)).body as Participation;
      expect(p.denominator).toBe('registered');
      expect(p.denominatorLabel).toMatch(/^本应用登记 \d+ 人（未核验）$/);
      const res = await s.api(organizer).patch(`/consultations/${c.id}`, { headcount: 1200 });
      expect(res.status).toBe(200);
      p = (await s.api(organizer).get(`/consultations/${c.id}/participation`)).body as Participation;
      expect(p).toMatchObject({ denominator: 'headcount', denominatorCount: 1200, denominatorLabel: '范围内人数 1200 人（组织者填写）' });
      const verified = await s.api(organizer).patch(`/consultations/${c.id}`, { eligibility: 'verified', headcount: null });
      expect(verified.body.eligibility).toBe('verified');
      p = (await s.api(organizer).get(`/consultations/${c.id}/participation`)).body as Participation;
      expect(p.denominator).toBe('verified_roll');
    });

    it.each([
      ['a headcount on a verified consultation', { eligibility: 'verified', headcount: 100 }, 'headcount'],
      ['a platform on a self-declared consultation', { platformOrgId: '00000000-0000-4000-8000-000000000000' }, 'platformOrgId'],
      [
        'a platform that is no organization',
        { eligibility: 'verified', platformOrgId: '00000000-0000-4000-8000-000000000000' },
        'platformOrgId',
      ],
      ['a source without a headcount', { headcountSource: '平台报告' }, 'headcount'],
      ['a headcount of 0', { headcount: 0 }, 'headcount'],
      ['a fractional headcount', { headcount: 12.5 }, 'headcount'],
      ['an eligibility not offered', { eligibility: 'anyone' }, 'eligibility'],
    ])('refuses %s, naming the field, writing nothing', async (_, over, field) => {
      const before = await s.rowCounts();
      const res = await s.api(organizer).post('/consultations', { ...consultationRequest(s), ...over });
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await s.rowCounts()).toEqual(before);
    });
  });
});
