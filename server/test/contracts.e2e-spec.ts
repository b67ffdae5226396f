import type { Contract, Organization } from '@xst/shared-types';
import { contractBody, makeContract, makeEnterprise, setShanghaiTime, upload } from './support/contracts.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe('collective contracts', () => {
  let s: TestServer;
  let organizer: Actor;
  let otherCity: Actor;
  let admin: Actor;
  let platform: Organization;
  let partner: Organization;
  let union: Organization;
  let elsewhere: Organization;

  beforeAll(async () => {
    s = await startServer({ UPLOAD_MAX_BYTES: '4096' });
    setShanghaiTime(s, '2024-06-01');
    organizer = await s.login('c-organizer', 'organizer', { regionCode: '510100' });
    otherCity = await s.login('c-organizer-nanchong', 'organizer', { regionCode: '511300' });
    admin = await s.login('c-admin', 'admin', { regionCode: '510000' });
    platform = await makeEnterprise(s, organizer, { regionCode: '510104', isPlatform: true, name: '成都速达同城配送有限公司' });
    partner = await makeEnterprise(s, organizer, { regionCode: '510107', name: '成都蓉城骑士劳务服务有限公司' });
    union = (await s.api(admin).post('/organizations', { type: 'union', name: '成都市快递外卖行业工会联合会', regionCode: '510100' })).body;
    elsewhere = await makeEnterprise(s, otherCity, { regionCode: '511302' });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('records a signed contract with its parties and derives its status from the dates', async () => {
    const c: Contract = await makeContract(s, organizer, [union.id, platform.id], { scope: 'new_employment', filedAt: '2024-03-15' });
    expect(c.parties.map((p) => p.name).sort()).toEqual([union.name, platform.name].sort());
    // Filed Friday 15 March: the 15-day review ends Monday 1 April (its 15th day is a Saturday), in effect the day after.
    expect(c.effectiveOn).toBe('2024-04-02');
    expect(c).toMatchObject({ reviewEndsOn: '2024-04-01', filingDueOn: '2024-03-20', filedLate: false, filingOverdue: false });
    expect(c.status).toBe('effective');
    const signedOnly: Contract = await makeContract(s, organizer, [platform.id], {
      signedAt: '2024-05-30',
      effectiveFrom: '2024-06-01',
      expiresAt: '2025-05-31',
    });
    expect(signedOnly.status).toBe('signed');
    expect(signedOnly.daysToExpiry).toBe(364);
  });

  it('accepts a term of exactly one year and of exactly three years, from the day it takes effect', async () => {
    // From 10 March 2024: one year ends on 9 March 2025, three years on 9 March 2027 (the last day counted).
    const oneYear = await s.api(organizer).post('/contracts', contractBody([platform.id], { expiresAt: '2025-03-09' }));
    expect(oneYear.status).toBe(201);
    const threeYears = await s.api(organizer).post('/contracts', contractBody([platform.id], { kind: 'wage', expiresAt: '2027-03-09' }));
    expect(threeYears.status).toBe(201);
    const longer = await s.api(organizer).patch(`/contracts/${threeYears.body.id}`, { expiresAt: '2027-03-10' });
    expect(longer.status).toBe(400);
    expect(longer.body.fields[0]).toMatchObject({ field: 'expiresAt', message: expect.stringContaining('2025-03-09 至 2027-03-09') });
    // A term starting on 29 February: three years end on 28 February.
    const leap = await s.api(organizer).post(
      '/contracts',
      contractBody([platform.id], {
        kind: 'safety_health',
        signedAt: '2024-02-29',
        effectiveFrom: '2024-02-29',
        expiresAt: '2027-02-28',
      }),
    );
    expect(leap.status).toBe(201);
    const leapLonger = await s.api(organizer).post(
      '/contracts',
      contractBody([platform.id], {
        kind: 'safety_health',
        signedAt: '2024-02-29',
        effectiveFrom: '2024-02-29',
        expiresAt: '2027-03-01',
      }),
    );
    expect(leapLonger.status).toBe(400);
  });

  describe('refuses a contract that breaks a rule, naming the rule and its field, and writes nothing', () => {
    const cases: [string, () => object, string, RegExp][] = [
      ['a term shorter than one year', () => ({ expiresAt: '2025-03-08' }), 'expiresAt', /1 至 3 年/],
      ['a term of three years and one day', () => ({ expiresAt: '2027-03-10' }), 'expiresAt', /1 至 3 年/],
      ['no enterprise covered', () => ({ enterprisesCovered: 0 }), 'enterprisesCovered', /正整数/],
      ['a fraction of a worker', () => ({ workersCovered: 10.5 }), 'workersCovered', /正整数/],
      ['negative workers', () => ({ workersCovered: -3 }), 'workersCovered', /正整数/],
      [
        'a signing date in the future',
        () => ({ signedAt: '2024-06-02', effectiveFrom: '2024-06-02', expiresAt: '2025-06-01' }),
        'signedAt',
        /不能晚于今天/,
      ],
      ['effect before signing', () => ({ effectiveFrom: '2024-03-09' }), 'effectiveFrom', /不能早于签订日期/],
      [
        'a new-employment contract without a platform or partner enterprise',
        () => ({ scope: 'new_employment', partyOrganizationIds: [union.id] }),
        'partyOrganizationIds',
        /平台企业或其合作用工企业/,
      ],
      [
        'a party that does not exist',
        () => ({ partyOrganizationIds: ['00000000-0000-4000-8000-000000000001'] }),
        'partyOrganizationIds',
        /不存在或无权查看/,
      ],
      [
        'a party outside the organizer’s region',
        () => ({ partyOrganizationIds: [elsewhere.id] }),
        'partyOrganizationIds',
        /不存在或无权查看/,
      ],
      ['a region outside the organizer’s own', () => ({ regionCode: '511302' }), 'regionCode', /所辖地区/],
      ['a region that does not exist', () => ({ regionCode: '519999' }), 'regionCode', /不存在/],
      ['a congress approval typed by hand', () => ({ congressApprovedAt: '2024-03-09' }), 'congressApprovedAt', /不能手工填写/],
      ['filing before signing', () => ({ filedAt: '2024-03-01' }), 'filedAt', /不能早于签订日期/],
      ['a date that is not in the calendar', () => ({ signedAt: '2024-02-30' }), 'signedAt', /不是有效的日期/],
      [
        'renewing a contract that does not exist',
        () => ({ renewsContractId: '00000000-0000-4000-8000-000000000002' }),
        'renewsContractId',
        /不存在/,
      ],
      ['an invitation that does not exist', () => ({ invitationId: '00000000-0000-4000-8000-000000000003' }), 'invitationId', /不存在/],
      ['no party at all', () => ({ partyOrganizationIds: [] }), 'partyOrganizationIds', /至少/],
    ];
    it.each(cases)('%s', async (_name, change, field, message) => {
      const before = await s.rowCounts();
      const res = await s.api(organizer).post('/contracts', { ...contractBody([platform.id]), ...change() });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe(field);
      expect(res.body.message).toMatch(message);
      expect(await s.rowCounts()).toEqual(before);
    });
  });

  it('accepts a contract signed today until Shanghai midnight, and refuses tomorrow’s', async () => {
    setShanghaiTime(s, '2024-06-01', '23:59:00');
    const today = await s
      .api(organizer)
      .post('/contracts', contractBody([platform.id], { signedAt: '2024-06-01', effectiveFrom: '2024-06-01', expiresAt: '2025-05-31' }));
    expect(today.status).toBe(201);
    const tomorrow = await s
      .api(organizer)
      .post('/contracts', contractBody([platform.id], { signedAt: '2024-06-02', effectiveFrom: '2024-06-02', expiresAt: '2025-06-01' }));
    expect(tomorrow.status).toBe(400);
    setShanghaiTime(s, '2024-06-02', '00:00:30');
    const after = await s
      .api(organizer)
      .post('/contracts', contractBody([platform.id], { signedAt: '2024-06-02', effectiveFrom: '2024-06-02', expiresAt: '2025-06-01' }));
    expect(after.status).toBe(201);
    setShanghaiTime(s, '2024-06-01');
  });

  it('records a "1+3" package in one step as four contracts counted on their own', async () => {
    const res = await s.api(organizer).post('/contracts/package', {
      ...contractBody([union.id, platform.id, partner.id], { scope: 'new_employment', title: '速达配送2024年集体合同' }),
      kind: undefined,
      items: [{ kind: 'women_workers', workersCovered: 40 }],
    });
    expect(res.status).toBe(201);
    const contracts: Contract[] = res.body;
    expect(contracts.map((c) => c.kind)).toEqual(['comprehensive', 'wage', 'safety_health', 'women_workers']);
    expect(new Set(contracts.map((c) => c.packageId)).size).toBe(1);
    expect(contracts.map((c) => c.workersCovered)).toEqual([120, 120, 120, 40]);
    expect(contracts[1].title).toBe('速达配送2024年集体合同·工资专项集体合同');
  });

  it('refuses a whole package when one of its contracts breaks a rule, writing none of them', async () => {
    const before = await s.rowCounts();
    const res = await s
      .api(organizer)
      .post('/contracts/package', { ...contractBody([union.id], { scope: 'new_employment' }), kind: undefined });
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('partyOrganizationIds');
    const dup = await s
      .api(organizer)
      .post('/contracts/package', { ...contractBody([platform.id]), kind: undefined, items: [{ kind: 'wage' }, { kind: 'wage' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.fields[0].field).toBe('items');
    expect(await s.rowCounts()).toEqual(before);
  });

  it('counts the 10-day filing and the 15-day review as the law counts days, a last day in the National Day holiday moved after it', async () => {
    setShanghaiTime(s, '2024-10-20');
    try {
      // Signed 21 September 2024: the 10th day after is 1 October, so filing is due on Tuesday 8 October.
      const unfiled = await makeContract(s, organizer, [platform.id], {
        signedAt: '2024-09-21',
        effectiveFrom: '2024-09-21',
        expiresAt: '2025-09-20',
      });
      expect(unfiled).toMatchObject({ filingDueOn: '2024-10-08', filingOverdue: true, filedLate: false, reviewEndsOn: null });
      const onTime = await s.api(organizer).patch(`/contracts/${unfiled.id}`, { filedAt: '2024-10-08' });
      expect(onTime.body).toMatchObject({ filedLate: false, filingOverdue: false });
      const late = await s.api(organizer).patch(`/contracts/${unfiled.id}`, { filedAt: '2024-10-09' });
      expect(late.body).toMatchObject({ filedLate: true, filingOverdue: false });

      // Filed 16 September: the 15th day after is 1 October, so the review runs to 8 October and effect starts on the 9th.
      const reviewed = await makeContract(s, organizer, [platform.id], {
        kind: 'wage',
        signedAt: '2024-09-10',
        effectiveFrom: '2024-09-10',
        expiresAt: '2025-09-09',
        filedAt: '2024-09-16',
      });
      expect(reviewed).toMatchObject({ reviewEndsOn: '2024-10-08', effectiveOn: '2024-10-09' });
      const lastDay = await s
        .api(organizer)
        .post(`/contracts/${reviewed.id}/objection`, { receivedAt: '2024-10-08', points: '工资调整幅度须重新协商' });
      expect(lastDay.status).toBe(200);
      expect(lastDay.body.status).toBe('renegotiation');
      const other = await makeContract(s, organizer, [platform.id], {
        kind: 'safety_health',
        signedAt: '2024-09-10',
        effectiveFrom: '2024-09-10',
        expiresAt: '2025-09-09',
        filedAt: '2024-09-16',
      });
      const tooLate = await s
        .api(organizer)
        .post(`/contracts/${other.id}/objection`, { receivedAt: '2024-10-09', points: '逾期提出的异议' });
      expect(tooLate.status).toBe(400);
      expect(tooLate.body.fields[0]).toMatchObject({ field: 'receivedAt', message: expect.stringContaining('2024-09-16 至 2024-10-08') });
    } finally {
      setShanghaiTime(s, '2024-06-01');
    }
  });

  it('sends a contract back to renegotiation on an objection, and lets it take effect 15 days after it is filed again', async () => {
    setShanghaiTime(s, '2024-05-20');
    const c: Contract = await makeContract(s, organizer, [platform.id], {
      signedAt: '2024-05-10',
      effectiveFrom: '2024-05-10',
      expiresAt: '2025-05-09',
      filedAt: '2024-05-12',
    });
    expect(c.status).toBe('filed');
    const late = await s
      .api(organizer)
      .post(`/contracts/${c.id}/objection`, { receivedAt: '2024-05-28', points: '工资标准低于当地最低工资' });
    expect(late.status).toBe(400); // in the future
    const tooLate = await s
      .api(organizer)
      .post(`/contracts/${c.id}/objection`, { receivedAt: '2024-05-10', points: '工资标准低于当地最低工资' });
    expect(tooLate.body.fields[0].field).toBe('receivedAt');
    const obj = await s
      .api(organizer)
      .post(`/contracts/${c.id}/objection`, { receivedAt: '2024-05-20', points: '工资标准低于当地最低工资' });
    expect(obj.status).toBe(200);
    expect(obj.body.status).toBe('renegotiation');
    expect(obj.body.objection).toEqual({ receivedAt: '2024-05-20', points: '工资标准低于当地最低工资' });
    setShanghaiTime(s, '2024-06-01');
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.status).toBe('renegotiation');
    const refiled = await s.api(organizer).patch(`/contracts/${c.id}`, { filedAt: '2024-05-25', workersCovered: 130 });
    expect(refiled.status).toBe(200);
    expect(refiled.body.status).toBe('filed');
    // Filed again Saturday 25 May: the 15th day after is Sunday 9 June, and Monday 10 June is 端午节, so the review ends
    // Tuesday 11 June (an objection may still come that day) and the contract is in effect on the 12th.
    expect(refiled.body.reviewEndsOn).toBe('2024-06-11');
    expect(refiled.body.effectiveOn).toBe('2024-06-12');
    setShanghaiTime(s, '2024-06-11', '23:59:59');
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.status).toBe('filed');
    setShanghaiTime(s, '2024-06-12', '00:00:00');
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.status).toBe('effective');
    const trail = await s.api(admin).get(`/audit?entity=contract&id=${c.id}`);
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual(['created', 'objection_recorded', 'updated']);
    expect(trail.body[2].before.workersCovered).toBe(120);
    expect(trail.body[2].after.workersCovered).toBe(130);
    setShanghaiTime(s, '2024-06-01');
  });

  it('lists contracts about to expire and expired without renewal across the Asia/Shanghai date boundary', async () => {
    const region = '510108';
    const party = await makeEnterprise(s, organizer, { regionCode: region });
    const c: Contract = await makeContract(s, organizer, [party.id], {
      regionCode: region,
      signedAt: '2024-03-10',
      effectiveFrom: '2024-03-10',
      expiresAt: '2025-03-09',
    });
    const list = async (query: string) =>
      (await s.api(organizer).get(`/contracts?regionCode=${region}&${query}`)).body.items.map((x: Contract) => x.id);

    setShanghaiTime(s, '2024-12-08', '23:59:00'); // 91 days before expiry
    expect(await list('expiringWithinDays=90')).toEqual([]);
    setShanghaiTime(s, '2024-12-09', '00:00:30'); // 90 days
    expect(await list('expiringWithinDays=90')).toEqual([c.id]);
    setShanghaiTime(s, '2025-03-09', '23:59:00'); // the last day
    expect(await list('expiringWithinDays=90')).toEqual([c.id]);
    expect(await list('expiredNotRenewed=true')).toEqual([]);
    setShanghaiTime(s, '2025-03-10', '00:00:30');
    expect(await list('expiringWithinDays=90')).toEqual([]);
    expect(await list('expiredNotRenewed=true')).toEqual([c.id]);
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.status).toBe('expired');

    const renewal: Contract = await makeContract(s, organizer, [party.id], {
      regionCode: region,
      signedAt: '2025-03-10',
      effectiveFrom: '2025-03-10',
      expiresAt: '2028-03-09',
      renewsContractId: c.id,
    });
    expect(await list('expiredNotRenewed=true')).toEqual([]);
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.renewedByContractId).toBe(renewal.id);
    const twice = await s.api(organizer).post(
      '/contracts',
      contractBody([party.id], {
        regionCode: region,
        signedAt: '2025-03-10',
        effectiveFrom: '2025-03-10',
        expiresAt: '2028-03-09',
        renewsContractId: c.id,
      }),
    );
    expect(twice.status).toBe(400);
    expect(twice.body.fields[0].field).toBe('renewsContractId');
    setShanghaiTime(s, '2024-06-01');
  });

  it('shows a contract to staff of its region and to its parties, and to nobody else', async () => {
    const c: Contract = await makeContract(s, organizer, [partner.id]);
    const partnerRep = await s.login('c-partner-rep', 'enterprise', { organizationId: partner.id });
    const platformRep = await s.login('c-platform-rep', 'enterprise', { organizationId: platform.id });
    expect((await s.api(partnerRep).get(`/contracts/${c.id}`)).status).toBe(200);
    expect((await s.api(partnerRep).get('/contracts')).body.items.map((x: Contract) => x.id)).toContain(c.id);
    expect((await s.api(platformRep).get(`/contracts/${c.id}`)).status).toBe(404);
    expect((await s.api(platformRep).get('/contracts')).body.items.map((x: Contract) => x.id)).not.toContain(c.id);
    expect((await s.api(otherCity).get(`/contracts/${c.id}`)).status).toBe(404);
    expect((await s.api(otherCity).get('/contracts?regionCode=510100')).status).toBe(403);
    expect((await s.api(admin).get(`/contracts/${c.id}`)).status).toBe(200);
    expect((await s.api(partnerRep).patch(`/contracts/${c.id}`, { title: '改个名字' })).status).toBe(403);
  });

  it('keeps a photo of the signed pages, checked by its first bytes, for those who can see the contract', async () => {
    const c: Contract = await makeContract(s, organizer, [partner.id]);
    const up = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', PNG, {
      filename: '签字页.png',
      contentType: 'image/png',
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: '签字页.png', mimeType: 'image/png', size: PNG.length });
    const partnerRep = await s.login('c-partner-rep', 'enterprise', { organizationId: partner.id });
    const down = await s
      .api(partnerRep)
      .get(`/contracts/${c.id}/attachments/${up.body.id}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(down.body, PNG)).toBe(0);
    expect((await s.api(otherCity).get(`/contracts/${c.id}/attachments/${up.body.id}`)).status).toBe(404);

    const before = await s.rowCounts();
    const fake = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', Buffer.from('<script>alert(1)</script>'), {
      filename: 'x.png',
      contentType: 'image/png',
    });
    expect(fake.status).toBe(400);
    expect(fake.body.fields[0].field).toBe('file');
    const big = await upload(s, organizer, `/contracts/${c.id}/attachments`).attach('file', Buffer.concat([PNG, Buffer.alloc(5000)]), {
      filename: 'big.png',
      contentType: 'image/png',
    });
    expect(big.status).toBe(413);
    const none = await upload(s, organizer, `/contracts/${c.id}/attachments`).field('note', 'x');
    expect(none.status).toBe(400);
    expect(await s.rowCounts()).toEqual(before);
    expect((await s.api(organizer).get(`/contracts/${c.id}`)).body.attachments).toHaveLength(1);
  });
});
