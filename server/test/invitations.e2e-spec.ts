import JSZip from 'jszip';
import { print } from './support/render.js';
import { setShanghaiTime } from './support/contracts.js';
import {
  invitationRequest,
  invitationWorld,
  makeInvitation,
  makeReceivedInvitation,
  remindersSettled,
  type InvitationWorld,
} from './support/invitations.js';
import { acceptSubscriptions } from './support/subscriptions.js';
import { startServer, type TestServer } from './support/server.js';

describe('invitations (要约) and replies (应约)', () => {
  let s: TestServer;
  let w: InvitationWorld;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s);
  });
  afterAll(async () => {
    await s.stop();
  });

  it('sends a union invitation to an enterprise, to be answered within 20 days of receipt, and audits it', async () => {
    setShanghaiTime(s, '2026-12-01', '15:02:00');
    const before = s.clock.now().getTime();
    const res = await s.api(w.cityOrganizer).post('/invitations', invitationRequest(w.cityOrganizer, w.enterprise));
    expect(res.status).toBe(201);
    const inv = res.body;
    expect(inv.status).toBe('sent');
    expect(inv.side).toBe('union');
    expect(inv.fromOrganizationName).toMatch(/成都市总工会/);
    expect(inv.toOrganizationName).toMatch(/演示平台企业/);
    expect(inv.topics).toHaveLength(3);
    expect(inv.topics[2]).toEqual({ code: null, title: '电动车充电和换电' });
    const sentAt = Date.parse(inv.sentAt);
    expect(sentAt).toBeGreaterThanOrEqual(before - 5);
    // The period runs from receipt: nothing is due yet.
    expect(inv).toMatchObject({ replyDays: 20, replyDueAt: null, replyLastDay: null, daysLeft: null, receivedAt: null });
    expect(inv.reply).toBeNull();
    expect(inv.nextEscalationStep).toBeNull();
    const audit = await s.db.query("SELECT action FROM audit_log WHERE entity = 'invitation' AND entityId = ?", [inv.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['sent']);
    const opened = (await s.api(w.enterprise).get(`/invitations/${inv.id}`)).body;
    expect(opened).toMatchObject({ receivedOn: '2026-12-01', replyLastDay: '2026-12-21', daysLeft: 20 });
    s.clock.setOffset(0);
  });

  it('uses the configured reply time when a province sets 15 days', async () => {
    const fifteen = await startServer({ REPLY_DAYS: '15' });
    try {
      const org = await fifteen.login('f-org', 'organizer', { regionCode: '510100' });
      const ent = await fifteen.login('f-ent', 'enterprise', { regionCode: '510104' });
      setShanghaiTime(fifteen, '2026-12-01', '15:02:00');
      const inv = await makeReceivedInvitation(fifteen, org, ent);
      expect(inv).toMatchObject({ replyDays: 15, receivedOn: '2026-12-01', replyLastDay: '2026-12-16' });
    } finally {
      await fifteen.stop();
    }
  });

  it('records when the receiving enterprise first opens it, not when the sender or a region admin does', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    expect((await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`)).body.receivedAt).toBeNull();
    expect((await s.api(w.admin).get(`/invitations/${inv.id}`)).body.receivedAt).toBeNull();
    s.clock.setOffset(s.clock.offset() + 3600_000);
    const first = await s.api(w.enterprise).get(`/invitations/${inv.id}`);
    expect(first.status).toBe(200);
    expect(first.body.receivedAt).not.toBeNull();
    s.clock.setOffset(s.clock.offset() + 3600_000);
    const again = await s.api(w.enterprise2).get(`/invitations/${inv.id}`);
    expect(again.body.receivedAt).toBe(first.body.receivedAt);
    const audit = await s.db.query("SELECT action FROM audit_log WHERE entity = 'invitation' AND entityId = ? AND action = 'received'", [
      inv.id,
    ]);
    expect(audit).toHaveLength(1);
  });

  it('lets the enterprise accept with a counter-proposal of time, place and topics', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const proposedAt = new Date(s.clock.now().getTime() + 10 * 86400_000).toISOString();
    const res = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, {
      decision: 'accept',
      proposedAt,
      proposedPlace: '公司总部会议室',
      counterTopics: [{ title: '站点休息设施' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('accepted');
    expect(res.body.reply).toMatchObject({
      decision: 'accept',
      late: false,
      proposedAt,
      proposedPlace: '公司总部会议室',
      counterTopics: [{ code: null, title: '站点休息设施' }],
    });
    expect(res.body.daysLeft).toBeNull();
    expect(res.body.receivedAt).not.toBeNull();
  });

  it('refuses a decline without a reason, naming the field, and writes nothing', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const before = await s.rowCounts();
    const res = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'decline' });
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('reason');
    const blank = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '   ' });
    expect(blank.status).toBe(400);
    expect(await s.rowCounts()).toEqual(before);
    const ok = await s
      .api(w.enterprise)
      .post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '企业正在重组，请于三个月后再议' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('declined');
    expect(ok.body.reply.reason).toBe('企业正在重组，请于三个月后再议');
  });

  it('refuses a second reply with 409 naming the current state', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    expect((await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(200);
    const before = await s.rowCounts();
    const again = await s.api(w.enterprise2).post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '改变主意' });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/已应约/);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('lets only one of two simultaneous replies through', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const [a, b] = await Promise.all([
      s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' }),
      s.api(w.enterprise2).post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '无法安排' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const audit = await s.db.query(
      "SELECT action FROM audit_log WHERE entity = 'invitation' AND entityId = ? AND action IN ('accepted','declined')",
      [inv.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('lets the sender withdraw before any reply, and not after', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const res = await s.api(w.cityOrganizer2).post(`/invitations/${inv.id}/withdraw`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    expect(res.body.withdrawnAt).not.toBeNull();
    const reply = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
    expect(reply.status).toBe(409);
    expect(reply.body.message).toMatch(/已撤回/);

    const answered = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await s.api(w.enterprise).post(`/invitations/${answered.id}/reply`, { decision: 'accept' });
    const late = await s.api(w.cityOrganizer).post(`/invitations/${answered.id}/withdraw`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('invitation_illegal_transition');
  });

  it('keeps a draft private to the sending union until it is sent', async () => {
    const res = await s.api(w.cityOrganizer).post('/invitations', invitationRequest(w.cityOrganizer, w.enterprise, { draft: true }));
    expect(res.status).toBe(201);
    const draft = res.body;
    expect(draft).toMatchObject({ status: 'draft', sentAt: null, replyDueAt: null, daysLeft: null });
    expect((await s.api(w.enterprise).get(`/invitations/${draft.id}`)).status).toBe(404);
    expect((await s.api(w.admin).get(`/invitations/${draft.id}`)).status).toBe(404);
    expect((await s.api(w.enterprise).get('/invitations')).body.items.map((i: { id: string }) => i.id)).not.toContain(draft.id);
    expect((await s.api(w.enterprise).post(`/invitations/${draft.id}/reply`, { decision: 'accept' })).status).toBe(404);
    expect((await s.api(w.cityOrganizer2).get(`/invitations/${draft.id}`)).status).toBe(200);
    const sent = await s.api(w.cityOrganizer2).post(`/invitations/${draft.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect(sent.body.replyDays).toBe(20);
    expect(sent.body.daysLeft).toBeNull(); // until it is received
    expect((await s.api(w.enterprise).get(`/invitations/${draft.id}`)).status).toBe(200);
    const twice = await s.api(w.cityOrganizer).post(`/invitations/${draft.id}/send`);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/待答复/);
  });

  it('lets an enterprise invite a union of its city, which an organizer of that union answers', async () => {
    const res = await s
      .api(w.enterprise)
      .post(
        '/invitations',
        invitationRequest(w.enterprise, w.cityOrganizer, { scope: 'enterprise', topics: [{ code: 'remuneration', title: '劳动报酬' }] }),
      );
    expect(res.status).toBe(201);
    expect(res.body.side).toBe('enterprise');
    expect(res.body.regionCode).toBe('510100');
    const seen = await s.api(w.cityOrganizer2).get(`/invitations/${res.body.id}`);
    expect(seen.body.receivedAt).not.toBeNull();
    const reply = await s.api(w.cityOrganizer2).post(`/invitations/${res.body.id}/reply`, { decision: 'accept' });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('accepted');
  });

  it('lets a city union send on behalf of a district union (代行要约), and refuses acting for a union outside its region', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, {
      onBehalfOfOrganizationId: w.countyOrganizer.user.organizationId!,
    });
    expect(inv.onBehalfOfOrganizationId).toBe(w.countyOrganizer.user.organizationId);
    expect(inv.onBehalfOfOrganizationName).toMatch(/锦江区总工会/);
    expect(inv.regionCode).toBe('510104');
    // the district union it acts for sees it too
    expect((await s.api(w.countyOrganizer).get(`/invitations/${inv.id}`)).status).toBe(200);
    const before = await s.rowCounts();
    const outside = await s
      .api(w.cityOrganizer)
      .post(
        '/invitations',
        invitationRequest(w.cityOrganizer, w.enterprise, { onBehalfOfOrganizationId: w.otherCityOrganizer.user.organizationId! }),
      );
    expect(outside.status).toBe(400);
    expect(outside.body.fields[0].field).toBe('onBehalfOfOrganizationId');
    // a district union cannot act for the city above it
    const upward = await s
      .api(w.countyOrganizer)
      .post(
        '/invitations',
        invitationRequest(w.countyOrganizer, w.enterprise, { onBehalfOfOrganizationId: w.cityOrganizer.user.organizationId! }),
      );
    expect(upward.status).toBe(400);
    // an enterprise cannot act on anyone's behalf
    const enterprise = await s
      .api(w.enterprise)
      .post(
        '/invitations',
        invitationRequest(w.enterprise, w.cityOrganizer, { onBehalfOfOrganizationId: w.countyOrganizer.user.organizationId! }),
      );
    expect(enterprise.status).toBe(400);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('refuses to send in the name of another organization, to an organization outside the region, or to a union', async () => {
    const before = await s.rowCounts();
    const asOther = await s.api(w.cityOrganizer).post('/invitations', invitationRequest(w.countyOrganizer, w.enterprise));
    expect(asOther.status).toBe(403);
    const asEnterprise = await s.api(w.enterprise2).post('/invitations', invitationRequest(w.otherEnterprise, w.cityOrganizer));
    expect(asEnterprise.status).toBe(403);
    const faraway = await s.api(w.cityOrganizer).post('/invitations', invitationRequest(w.cityOrganizer, w.otherEnterprise));
    expect(faraway.status).toBe(400);
    expect(faraway.body.fields[0].field).toBe('toOrganizationId');
    const toUnion = await s.api(w.cityOrganizer).post('/invitations', invitationRequest(w.cityOrganizer, w.countyOrganizer));
    expect(toUnion.status).toBe(400);
    const enterpriseToEnterprise = await s.api(w.enterprise).post('/invitations', invitationRequest(w.enterprise, w.enterprise));
    expect(enterpriseToEnterprise.status).toBe(400);
    const enterpriseToFarUnion = await s.api(w.enterprise).post('/invitations', invitationRequest(w.enterprise, w.otherCityOrganizer));
    expect(enterpriseToFarUnion.status).toBe(400);
    const noTopics = await s.api(w.cityOrganizer).post('/invitations', invitationRequest(w.cityOrganizer, w.enterprise, { topics: [] }));
    expect(noTopics.status).toBe(400);
    expect(noTopics.body.fields[0].field).toBe('topics');
    const dupTopics = await s
      .api(w.cityOrganizer)
      .post('/invitations', invitationRequest(w.cityOrganizer, w.enterprise, { topics: [{ title: '工作时间' }, { title: '工作时间' }] }));
    expect(dupTopics.status).toBe(400);
    const badScope = await s
      .api(w.cityOrganizer)
      .post('/invitations', { ...invitationRequest(w.cityOrganizer, w.enterprise), scope: 'national' });
    expect(badScope.status).toBe(400);
    expect(badScope.body.fields[0].field).toBe('scope');
    const past = await s
      .api(w.cityOrganizer)
      .post(
        '/invitations',
        invitationRequest(w.cityOrganizer, w.enterprise, { proposedAt: new Date(s.clock.now().getTime() - 3600_000).toISOString() }),
      );
    expect(past.status).toBe(400);
    expect(past.body.fields[0].field).toBe('proposedAt');
    const unknownField = await s
      .api(w.cityOrganizer)
      .post('/invitations', { ...invitationRequest(w.cityOrganizer, w.enterprise), status: 'accepted' });
    expect(unknownField.status).toBe(400);
    const enterpriseConsultation = await s
      .api(w.enterprise)
      .post('/invitations', invitationRequest(w.enterprise, w.cityOrganizer, { consultationId: '00000000-0000-4000-8000-000000000000' }));
    expect(enterpriseConsultation.status).toBe(400);
    expect(enterpriseConsultation.body.fields[0].field).toBe('consultationId');
    const unknownConsultation = await s
      .api(w.cityOrganizer)
      .post('/invitations', invitationRequest(w.cityOrganizer, w.enterprise, { consultationId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknownConsultation.status).toBe(400);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('refuses replies from anyone but the receiving organization, and withdrawal by anyone but the sender', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const before = await s.rowCounts();
    // the sending union may see it but not answer it
    expect((await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(403);
    // an organizer of the district, who sees it through the enterprise's region
    expect((await s.api(w.countyOrganizer).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(403);
    // another city's staff and enterprises do not learn it exists
    expect((await s.api(w.otherEnterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(404);
    expect((await s.api(w.otherCityOrganizer).get(`/invitations/${inv.id}`)).status).toBe(404);
    expect((await s.api(w.otherAdmin).get(`/invitations/${inv.id}`)).status).toBe(404);
    expect((await s.api(w.otherEnterprise).get(`/invitations/${inv.id}`)).status).toBe(404);
    expect((await s.api(w.otherEnterprise).get(`/invitations/${inv.id}/letter.docx`)).status).toBe(404);
    // a worker never reaches invitations
    expect((await s.api(w.worker).get(`/invitations/${inv.id}`)).status).toBe(403);
    // withdrawal: only the sending organization
    expect((await s.api(w.enterprise).post(`/invitations/${inv.id}/withdraw`)).status).toBe(403);
    expect((await s.api(w.countyOrganizer).post(`/invitations/${inv.id}/withdraw`)).status).toBe(403);
    expect((await s.api(w.admin).post(`/invitations/${inv.id}/withdraw`)).status).toBe(403);
    expect((await s.api(w.otherCityOrganizer).post(`/invitations/${inv.id}/withdraw`)).status).toBe(404);
    // escalation: not for an invitation still within its reply time
    const early = await s
      .api(w.cityOrganizer)
      .post(`/invitations/${inv.id}/escalations`, { step: 'union_rectification', issuedAt: '2025-01-01', issuer: '成都市总工会' });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/待答复/);
    expect(
      (
        await s
          .api(w.enterprise)
          .post(`/invitations/${inv.id}/escalations`, { step: 'union_rectification', issuedAt: '2025-01-01', issuer: 'x' })
      ).status,
    ).toBe(403);
    expect(
      (
        await s
          .api(w.otherCityOrganizer)
          .post(`/invitations/${inv.id}/escalations`, { step: 'union_rectification', issuedAt: '2025-01-01', issuer: 'xx' })
      ).status,
    ).toBe(404);
    expect((await s.api(w.cityOrganizer).get('/invitations/not-a-uuid')).status).toBe(400);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('lists what each side may see: organizers their region, enterprises their own', async () => {
    const mine = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const fromEnterprise = await makeInvitation(s, w.enterprise, w.cityOrganizer, { scope: 'enterprise' });
    const elsewhere = await makeInvitation(s, w.otherCityOrganizer, w.otherEnterprise);
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

    const sent = await s.api(w.cityOrganizer).get('/invitations?direction=sent');
    expect(sent.status).toBe(200);
    expect(ids(sent)).toContain(mine.id);
    expect(ids(sent)).not.toContain(fromEnterprise.id);
    expect(ids(sent)).not.toContain(elsewhere.id);
    const received = await s.api(w.cityOrganizer).get('/invitations?direction=received');
    expect(ids(received)).toContain(fromEnterprise.id);
    expect(ids(received)).not.toContain(mine.id);

    const province = await s.api(w.admin).get('/invitations');
    expect(ids(province)).toEqual(expect.arrayContaining([mine.id, fromEnterprise.id, elsewhere.id]));
    const mianyang = await s.api(w.otherAdmin).get('/invitations');
    expect(ids(mianyang)).toContain(elsewhere.id);
    expect(ids(mianyang)).not.toContain(mine.id);

    const entReceived = await s.api(w.enterprise).get('/invitations?direction=received');
    expect(ids(entReceived)).toContain(mine.id);
    expect(ids(entReceived)).not.toContain(fromEnterprise.id);
    expect(ids(entReceived)).not.toContain(elsewhere.id);
    const entSent = await s.api(w.enterprise2).get('/invitations?direction=sent');
    expect(ids(entSent)).toEqual(expect.arrayContaining([fromEnterprise.id]));
    expect(ids(entSent)).not.toContain(mine.id);
    const other = await s.api(w.otherEnterprise).get('/invitations');
    expect(ids(other)).toEqual([elsewhere.id]);

    const byTarget = await s.api(w.cityOrganizer).get(`/invitations?toOrganizationId=${w.enterprise.user.organizationId}&status=sent`);
    expect(
      byTarget.body.items.every(
        (i: { toOrganizationId: string; status: string }) => i.toOrganizationId === w.enterprise.user.organizationId && i.status === 'sent',
      ),
    ).toBe(true);
    expect(ids(byTarget)).toContain(mine.id);
    expect(byTarget.body.total).toBe(byTarget.body.items.length);

    const bad = await s.api(w.cityOrganizer).get('/invitations?direction=sideways');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('direction');
    expect((await s.api(w.cityOrganizer).get('/invitations?dueWithinDays=abc')).status).toBe(400);
  });

  it('names the number of representatives per side and the chief, refusing an invitation without them', async () => {
    const before = await s.rowCounts();
    const cases: [object, string][] = [
      [{ representativesPerSide: undefined }, 'representativesPerSide'],
      [{ representativesPerSide: 2 }, 'representativesPerSide'],
      [{ representativesPerSide: 5.5 }, 'representativesPerSide'],
      [{ representativesPerSide: '5' }, 'representativesPerSide'],
      [{ chiefRepresentative: undefined }, 'chiefRepresentative'],
      [{ chiefRepresentative: ' ' }, 'chiefRepresentative'],
      [{ chiefRepresentative: null }, 'chiefRepresentative'],
      [{ representativesPerSide: undefined, draft: true }, 'representativesPerSide'],
    ];
    for (const [over, field] of cases) {
      const res = await s.api(w.cityOrganizer).post('/invitations', { ...invitationRequest(w.cityOrganizer, w.enterprise), ...over });
      expect({ over, status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ over, status: 400, field });
    }
    expect(await s.rowCounts()).toEqual(before);
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, {
      representativesPerSide: 7,
      chiefRepresentative: '王建国（市总工会副主席）',
    });
    expect(inv).toMatchObject({ representativesPerSide: 7, chiefRepresentative: '王建国（市总工会副主席）' });
    expect((await s.api(w.enterprise).get(`/invitations/${inv.id}`)).body).toMatchObject({ representativesPerSide: 7 });
  });

  it('prints the 要约书 as a Word document naming receiver, sender, topics, time, place and the 20-day reply', async () => {
    const proposedAt = new Date(Date.UTC(2031, 2, 15, 6, 30)).toISOString();
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, {
      proposedAt,
      onBehalfOfOrganizationId: w.countyOrganizer.user.organizationId!,
    });
    const res = await s
      .api(w.enterprise)
      .get(`/invitations/${inv.id}/letter.docx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/wordprocessingml/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('集体协商要约书');
    expect(text).toContain(inv.toOrganizationName);
    expect(text).toContain(inv.fromOrganizationName);
    expect(text).toContain(`代${inv.onBehalfOfOrganizationName}`);
    expect(text).toContain('抽成比例');
    expect(text).toContain('电动车充电和换电');
    expect(text).toContain('2031年3月15日 14:30');
    expect(text).toContain('成都市总工会三楼会议室');
    expect(text).toContain('自收到本要约书之日起20日内以书面形式予以答复');
    expect(text).toContain('我方协商代表 5 名，首席代表为王建国');
    expect(text).toContain('请贵方确定同等人数的协商代表及首席代表');

    // On paper: the chief's signature line by the seal, under the sender's name.
    const printed = print(res.body as Buffer, 'letter.docx');
    try {
      const last = printed.text(printed.pages.length);
      expect(last).toMatch(/（盖章）[\s\S]*首席代表（签字）/);
      const seal = printed.words.find((x) => x.text.includes('（盖章）'))!;
      const sign = printed.words.find((x) => x.text.includes('首席代表（签字）'))!;
      expect(sign.page).toBe(seal.page);
      expect(sign.y0 - seal.y1).toBeLessThan(60);
    } finally {
      printed.done();
    }
  });

  it('delivers the "received" reminder to every account of the receiving enterprise that asked for it', async () => {
    // A few acceptances each: older deadline reminders of this file's invitations that come due may spend one first.
    await acceptSubscriptions(s, s.wechat, w.enterprise, 'w-ent', 3);
    await acceptSubscriptions(s, s.wechat, w.enterprise2, 'w-ent2', 3);
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    const received = s.wechat.sent.filter(
      (m) => m.page === `pkg-invitations/detail/index?id=${inv.id}` && m.data.thing1.value === '收到集体协商要约',
    );
    expect(received.map((m) => m.touser).sort()).toEqual(['w-ent', 'w-ent2']);
    expect(received[0].template_id).toBe('invitation_deadline');
  });
});
