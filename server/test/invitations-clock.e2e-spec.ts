// The 20-day reply clock, with the server's clock moved across the due date (never by sleeping).
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory.js';
import { Transactions } from '../src/database/transactions.js';
import { InvitationsService } from '../src/invitations/invitations.service.js';
import { InvitationRemindersService } from '../src/invitations/invitation-reminders.service.js';
import { SUBSCRIPTION_QUOTA_MAX } from '@xst/shared-types';
import JSZip from 'jszip';
import { makeConsultation } from './support/consultations.js';
import { setShanghaiTime } from './support/contracts.js';
import {
  advanceDays,
  invitationWorld,
  makeInvitation,
  makeReceivedInvitation,
  messagesFor,
  reminderRows,
  remindersSettled,
  sweep,
  type InvitationWorld,
} from './support/invitations.js';
import { grantSubscriptions } from './support/subscriptions.js';
import { startServer, type TestServer } from './support/server.js';

describe('the reply clock of an invitation', () => {
  let s: TestServer;
  let w: InvitationWorld;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s);
    // The reminders checked here were asked for: each account accepted the subscribe messages on its phone.
    for (const [actor, openid, kind] of [
      [w.enterprise, 'w-ent', 'invitation_deadline'],
      [w.enterprise2, 'w-ent2', 'invitation_deadline'],
      [w.cityOrganizer, 'w-city-org', 'invitation_reply'],
      [w.cityOrganizer2, 'w-city-org2', 'invitation_reply'],
    ] as const)
      await grantSubscriptions(s, s.wechat, actor, openid, kind, SUBSCRIPTION_QUOTA_MAX);
  });
  afterAll(async () => {
    await s.stop();
  });
  afterEach(async () => {
    await remindersSettled(s);
  });

  const step = (step: string, issuedAt: string, extra: object = {}) => ({
    step,
    issuedAt,
    issuer: '成都市总工会',
    documentNo: `成工发〔2025〕${step.length}号`,
    ...extra,
  });
  const today = () => new Date(s.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  /** The server's clock at a moment of Asia/Shanghai. */
  const at = (date: string, time = '12:00:00') => setShanghaiTime(s, date, time);
  /** The text of the 要约书 as the receiver downloads it. */
  const docText = async (id: string) => {
    const res = await s
      .api(w.enterprise)
      .get(`/invitations/${id}/letter.docx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const zip = await JSZip.loadAsync(res.body as Buffer);
    return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  };
  // Every test starts at 15:02 on Tuesday 1 December 2026 (Asia/Shanghai), a date with no holiday near it.
  beforeEach(() => at('2026-12-01', '15:02:00'));

  it('runs the reply period from receipt, to 24:00 Asia/Shanghai of its 20th day, as the letter prints it', async () => {
    // Sent Tuesday 1 December 2026 at 15:02 and opened by the enterprise at 15:05.
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    expect(inv).toMatchObject({ status: 'sent', replyDays: 20, replyDueAt: null, replyLastDay: null, receivedOn: null, daysLeft: null });
    at('2026-12-01', '15:05:00');
    const opened = (await s.api(w.enterprise).get(`/invitations/${inv.id}`)).body;
    expect(opened).toMatchObject({ receivedOn: '2026-12-01', replyLastDay: '2026-12-21', daysLeft: 20 });
    expect(opened.replyDueAt).toBe('2026-12-21T15:59:59.999Z');
    const letter = await docText(inv.id);
    expect(letter).toContain('答复截止日期：2026年12月21日24时');
    at('2026-12-20');
    expect((await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`)).body).toMatchObject({ status: 'sent', daysLeft: 1 });
    at('2026-12-21', '23:59:59');
    expect((await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`)).body).toMatchObject({ status: 'sent', daysLeft: 0 });
    // The clock runs on while the requests are served: what follows is a minute before midnight, not a second.
    at('2026-12-21', '23:59:00');
    await sweep(s);
    expect((await s.db.query('SELECT status FROM invitations WHERE id = ?', [inv.id]))[0].status).toBe('sent');
    at('2026-12-21', '23:59:00');
    const early = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('union_rectification', today()));
    expect(early.status).toBe(409);
    at('2026-12-22', '00:00:00');
    const after = await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`);
    expect(after.body.status).toBe('overdue');
    expect(after.body.nextEscalationStep).toBe('union_rectification');
    const [row] = await s.db.query('SELECT status FROM invitations WHERE id = ?', [inv.id]);
    expect(row.status).toBe('sent');
    const listed = await s.api(w.cityOrganizer).get('/invitations?status=overdue');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(inv.id);
    const notSent = await s.api(w.cityOrganizer).get('/invitations?status=sent');
    expect(notSent.body.items.map((i: { id: string }) => i.id)).not.toContain(inv.id);
  });

  it('takes a reply on the last day at 15:30 and at 23:59:59 as on time, and one at 00:00:00 the day after as late', async () => {
    const replyAt = async (date: string, time: string) => {
      at('2026-12-01', '15:02:00');
      const inv = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
      at(date, time);
      const res = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
      expect(res.status).toBe(200);
      return res.body.reply.late;
    };
    expect(await replyAt('2026-12-21', '15:30:00')).toBe(false);
    expect(await replyAt('2026-12-21', '23:59:59')).toBe(false);
    expect(await replyAt('2026-12-22', '00:00:00')).toBe(true);
  });

  it('does not run the period of an invitation nobody received: never overdue, not escalable, until the paper delivery is recorded', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    at('2026-12-28');
    const quiet = (await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`)).body;
    expect(quiet).toMatchObject({ status: 'sent', replyDueAt: null, daysLeft: null, receivedAt: null });
    await sweep(s);
    expect((await s.db.query('SELECT status FROM invitations WHERE id = ?', [inv.id]))[0].status).toBe('sent');
    expect((await s.api(w.cityOrganizer).get('/invitations?status=sent')).body.items.map((i: { id: string }) => i.id)).toContain(inv.id);
    expect((await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('union_rectification', today()))).status).toBe(
      409,
    );

    // The registered letter was signed for on 3 December: the period ran from then, and is over.
    const before = await s.rowCounts();
    const refused: [object, number, string | undefined][] = [
      [{ deliveredOn: '2026-11-30' }, 400, 'deliveredOn'],
      [{ deliveredOn: '2026-12-29' }, 400, 'deliveredOn'],
      [{ deliveredOn: '2026-02-30' }, 400, 'deliveredOn'],
      [{ deliveredOn: null }, 400, 'deliveredOn'],
      [{}, 400, 'deliveredOn'],
    ];
    for (const [body, status, field] of refused) {
      const res = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/delivery`, body);
      expect({ body, status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ body, status, field });
    }
    expect((await s.api(w.enterprise).post(`/invitations/${inv.id}/delivery`, { deliveredOn: '2026-12-03' })).status).toBe(403);
    expect(await s.rowCounts()).toEqual(before);
    const delivered = await s
      .api(w.cityOrganizer)
      .post(`/invitations/${inv.id}/delivery`, { deliveredOn: '2026-12-03', note: '挂号信 XA123456789CN，门卫王某签收' });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({
      deliveredOn: '2026-12-03',
      receivedOn: '2026-12-03',
      replyLastDay: '2026-12-23',
      status: 'overdue',
    });
    expect((await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/delivery`, { deliveredOn: '2026-12-04' })).body.code).toBe(
      'delivery_already_recorded',
    );
    // Opening it later does not move the period: receipt is the earlier of the two.
    expect((await s.api(w.enterprise).get(`/invitations/${inv.id}`)).body).toMatchObject({
      receivedOn: '2026-12-03',
      replyLastDay: '2026-12-23',
    });
    const esc = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('union_rectification', today()));
    expect(esc.status).toBe(201);
  });

  it('moves a last day in the National Day holiday to the working day after it, and keeps one on a 调休 Saturday', async () => {
    at('2024-09-11', '10:00:00');
    const golden = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    expect(golden).toMatchObject({ receivedOn: '2024-09-11', replyLastDay: '2024-10-08' });
    expect(await docText(golden.id)).toContain('答复截止日期：2024年10月8日24时');
    at('2024-10-07', '23:00:00');
    expect((await s.api(w.cityOrganizer).get(`/invitations/${golden.id}`)).body).toMatchObject({ status: 'sent', daysLeft: 1 });
    at('2024-09-22', '09:00:00');
    const saturday = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    expect(saturday.replyLastDay).toBe('2024-10-12');
    at('2024-10-12', '23:59:59');
    expect((await s.api(w.enterprise).post(`/invitations/${saturday.id}/reply`, { decision: 'accept' })).body.reply.late).toBe(false);
    // Received 9 January 2025: the 20th day after falls in the Spring Festival holiday (28 Jan – 4 Feb).
    at('2025-01-09', '09:00:00');
    expect((await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise)).replyLastDay).toBe('2025-02-05');
  });

  it('stores overdue in one sweep, tells the sending union, and changes nothing on a second sweep', async () => {
    const inv = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 21);
    const first = await sweep(s);
    expect(first.markedOverdue).toBeGreaterThanOrEqual(1);
    const [row] = await s.db.query('SELECT status, overdueAt FROM invitations WHERE id = ?', [inv.id]);
    expect(row.status).toBe('overdue');
    expect(row.overdueAt).not.toBeNull();
    const overdue = messagesFor(s, inv.id).filter((m) => m.data.thing1.value === '要约逾期未获答复');
    expect(overdue.map((m) => m.touser).sort()).toEqual(['w-city-org', 'w-city-org2']);
    expect(overdue[0].template_id).toBe('invitation_reply');
    const counts = await s.rowCounts();
    const again = await sweep(s);
    expect(again).toEqual({ markedOverdue: 0, delivered: 0 });
    expect(await s.rowCounts()).toEqual(counts);
    const audit = await s.db.query("SELECT actorId FROM audit_log WHERE entity = 'invitation' AND entityId = ? AND action = 'overdue'", [
      inv.id,
    ]);
    expect(audit).toEqual([{ actorId: null }]);
  });

  it('keeps a reply after the due date and marks it late', async () => {
    const inv = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 25);
    const res = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('accepted');
    expect(res.body.reply.late).toBe(true);
    const onTime = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 19);
    const ok = await s.api(w.enterprise).post(`/invitations/${onTime.id}/reply`, { decision: 'decline', reason: '已与其他工会开展协商' });
    expect(ok.body.reply.late).toBe(false);
  });

  it('reminds the receiver when sent and 5 days before the end of the period its receipt started, and not once it has answered', async () => {
    const inv = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    const answered = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(messagesFor(s, inv.id).map((m) => m.data.thing1.value)).toEqual(['收到集体协商要约', '收到集体协商要约']);
    await s.api(w.enterprise).post(`/invitations/${answered.id}/reply`, { decision: 'accept' });
    advanceDays(s, 14);
    await sweep(s);
    expect(messagesFor(s, inv.id).filter((m) => m.data.thing1.value === '要约答复期限临近')).toHaveLength(0);
    advanceDays(s, 1.5);
    await sweep(s);
    const dueSoon = messagesFor(s, inv.id).filter((m) => m.data.thing1.value === '要约答复期限临近');
    expect(dueSoon.map((m) => m.touser).sort()).toEqual(['w-ent', 'w-ent2']);
    expect(dueSoon[0].template_id).toBe('invitation_deadline');
    expect(dueSoon[0].data.time3.value).toBe(new Date(Date.parse(inv.replyDueAt!) + 8 * 3600_000).toISOString().slice(0, 10));
    expect(messagesFor(s, answered.id).filter((m) => m.data.thing1.value === '要约答复期限临近')).toHaveLength(0);
    const skipped = (await reminderRows(s, answered.id)).filter((r) => r.kind === 'invitation_due_soon');
    expect(skipped.map((r) => r.state)).toEqual(['skipped', 'skipped']);
  });

  it('logs a failed WeChat send, keeps the invitation, and delivers the reminder on a later sweep', async () => {
    await sweep(s);
    s.wechat.failNextSends = 2;
    const res = await s.api(w.cityOrganizer).post('/invitations', {
      fromOrganizationId: w.cityOrganizer.user.organizationId,
      toOrganizationId: w.enterprise.user.organizationId,
      scope: 'new_employment',
      topics: [{ title: '订单分配' }],
      body: '请于 20 日内书面答复。',
      representativesPerSide: 5,
      chiefRepresentative: '王建国',
    });
    expect(res.status).toBe(201);
    await remindersSettled(s);
    const id = res.body.id;
    expect(messagesFor(s, id)).toHaveLength(0);
    const failed = (await reminderRows(s, id)).filter((r) => r.kind === 'invitation_received');
    expect(failed.map((r) => [r.state, Number(r.attempts)])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(String(failed[0].lastError)).toMatch(/errcode -1/);
    expect((await s.api(w.enterprise).get(`/invitations/${id}`)).body.status).toBe('sent');
    // not retried before its back-off time
    await sweep(s);
    expect(messagesFor(s, id)).toHaveLength(0);
    s.clock.setOffset(s.clock.offset() + 2 * 60_000);
    await sweep(s);
    expect(
      messagesFor(s, id)
        .map((m) => m.touser)
        .sort(),
    ).toEqual(['w-ent', 'w-ent2']);
    const sent = (await reminderRows(s, id)).filter((r) => r.kind === 'invitation_received');
    expect(sent.map((r) => [r.state, Number(r.attempts), r.lastError])).toEqual([
      ['sent', 2, null],
      ['sent', 2, null],
    ]);
  });

  it('records the escalation steps of an overdue invitation strictly in order, each with its document', async () => {
    const inv = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 21);
    const before = await s.rowCounts();
    const skip = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('labour_inspection_advice', today()));
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('escalation_out_of_order');
    expect(skip.body.message).toMatch(/整改意见书/);
    const future = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('union_rectification', '2999-01-01'));
    expect(future.status).toBe(400);
    expect(future.body.fields[0].field).toBe('issuedAt');
    const beforeSent = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('union_rectification', '2000-01-01'));
    expect(beforeSent.status).toBe(400);
    const badStep = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('shaming', today()));
    expect(badStep.status).toBe(400);
    expect(badStep.body.fields[0].field).toBe('step');
    expect(await s.rowCounts()).toEqual(before);

    const first = await s
      .api(w.cityOrganizer)
      .post(`/invitations/${inv.id}/escalations`, step('union_rectification', today(), { note: '限 7 日内书面答复' }));
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('escalated');
    expect(first.body.escalations).toEqual([
      expect.objectContaining({
        step: 'union_rectification',
        seq: 1,
        issuedAt: today(),
        issuer: '成都市总工会',
        documentNo: expect.stringMatching(/成工发/),
        note: '限 7 日内书面答复',
      }),
    ]);
    expect(first.body.nextEscalationStep).toBe('labour_inspection_advice');
    const repeat = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('union_rectification', today()));
    expect(repeat.status).toBe(409);
    advanceDays(s, 7);
    // the provincial federation's admin records the next steps
    for (const [i, name] of (['labour_inspection_advice', 'public_notice', 'inspection_referral'] as const).entries()) {
      const res = await s.api(w.admin).post(`/invitations/${inv.id}/escalations`, step(name, today(), { issuer: '四川省总工会' }));
      expect(res.status).toBe(201);
      expect(res.body.escalations).toHaveLength(i + 2);
    }
    const done = await s.api(w.enterprise).get(`/invitations/${inv.id}`);
    expect(done.body.escalations.map((e: { step: string }) => e.step)).toEqual([
      'union_rectification',
      'labour_inspection_advice',
      'public_notice',
      'inspection_referral',
    ]);
    expect(done.body.nextEscalationStep).toBeNull();
    const more = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/escalations`, step('inspection_referral', today()));
    expect(more.status).toBe(409);
    expect(more.body.code).toBe('escalation_complete');
    const audit = await s.db.query(
      "SELECT action FROM audit_log WHERE entity = 'invitation' AND entityId = ? AND action LIKE 'escalation_%'",
      [inv.id],
    );
    expect(audit).toHaveLength(4);
  });

  it('escalates a declined invitation, keeps a reply that comes during escalation, and refuses a second one', async () => {
    const declined = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await s.api(w.enterprise).post(`/invitations/${declined.id}/reply`, { decision: 'decline', reason: '无' });
    const esc = await s.api(w.cityOrganizer).post(`/invitations/${declined.id}/escalations`, step('union_rectification', today()));
    expect(esc.status).toBe(201);
    expect(esc.body.status).toBe('escalated');
    const again = await s.api(w.enterprise).post(`/invitations/${declined.id}/reply`, { decision: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invitation_already_replied');
    expect(again.body.message).toMatch(/督促处理中/);

    const silent = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 21);
    await s.api(w.cityOrganizer).post(`/invitations/${silent.id}/escalations`, step('union_rectification', today()));
    const late = await s.api(w.enterprise).post(`/invitations/${silent.id}/reply`, { decision: 'accept' });
    expect(late.status).toBe(200);
    expect(late.body.status).toBe('accepted');
    expect(late.body.reply.late).toBe(true);
    expect(late.body.escalations).toHaveLength(1);
    expect(late.body.nextEscalationStep).toBeNull();
    const stop = await s.api(w.cityOrganizer).post(`/invitations/${silent.id}/escalations`, step('labour_inspection_advice', today()));
    expect(stop.status).toBe(409);
    expect(stop.body.message).toMatch(/已应约/);
  });

  it('refuses escalation of an invitation an enterprise sent, of an accepted one, and by staff outside its region', async () => {
    const fromEnterprise = await makeInvitation(s, w.enterprise, w.cityOrganizer, { scope: 'enterprise' });
    const accepted = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await s.api(w.enterprise).post(`/invitations/${accepted.id}/reply`, { decision: 'accept' });
    const overdue = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 21);
    const before = await s.rowCounts();
    const e1 = await s.api(w.cityOrganizer).post(`/invitations/${fromEnterprise.id}/escalations`, step('union_rectification', today()));
    expect(e1.status).toBe(409);
    expect(e1.body.code).toBe('escalation_not_union_sent');
    const e2 = await s.api(w.cityOrganizer).post(`/invitations/${accepted.id}/escalations`, step('union_rectification', today()));
    expect(e2.status).toBe(409);
    expect(e2.body.message).toMatch(/已应约/);
    expect((await s.api(w.otherAdmin).post(`/invitations/${overdue.id}/escalations`, step('union_rectification', today()))).status).toBe(
      404,
    );
    // the district organizer sees it through the enterprise's region but does not speak for the city union
    expect(
      (await s.api(w.countyOrganizer).post(`/invitations/${overdue.id}/escalations`, step('union_rectification', today()))).status,
    ).toBe(403);
    expect((await s.api(w.enterprise).post(`/invitations/${overdue.id}/escalations`, step('union_rectification', today()))).status).toBe(
      403,
    );
    expect((await s.api(w.worker).post(`/invitations/${overdue.id}/escalations`, step('union_rectification', today()))).status).toBe(403);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('lets the sender withdraw an overdue invitation nobody answered, but not one under escalation', async () => {
    const quiet = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    const escalated = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 21);
    await s.api(w.cityOrganizer).post(`/invitations/${escalated.id}/escalations`, step('union_rectification', today()));
    expect((await s.api(w.cityOrganizer).post(`/invitations/${quiet.id}/withdraw`)).body.status).toBe('withdrawn');
    const refused = await s.api(w.cityOrganizer).post(`/invitations/${escalated.id}/withdraw`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/督促处理中/);
  });

  it('lists what falls due within a number of days', async () => {
    const soon = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    advanceDays(s, 10);
    const later = await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    const res = await s.api(w.cityOrganizer).get('/invitations?direction=sent&dueWithinDays=10');
    const ids = res.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(soon.id);
    expect(ids).not.toContain(later.id);
    expect(res.body.items.find((i: { id: string }) => i.id === soon.id).daysLeft).toBe(10);
  });

  it('shows the receiving enterprise the results of the consultation attached to the invitation, and only then', async () => {
    const consultation = await makeConsultation(s, w.cityOrganizer);
    expect((await s.api(w.enterprise).get(`/consultations/${consultation.id}/results`)).status).toBe(404);
    const draft = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: consultation.id, draft: true });
    expect(draft.consultationId).toBe(consultation.id);
    expect((await s.api(w.enterprise).get(`/consultations/${consultation.id}/results`)).status).toBe(404);
    await s.api(w.cityOrganizer).post(`/invitations/${draft.id}/send`);
    // shared, yet still open: the enterprise sees the consultation, and its results only after close
    const early = await s.api(w.enterprise).get(`/consultations/${consultation.id}/results`);
    expect([early.status, early.body.code]).toEqual([403, 'results_after_close']);
    expect((await s.api(w.enterprise).get(`/consultations/${consultation.id}`)).body).toMatchObject({ canSeeResults: false });
    expect((await s.api(w.cityOrganizer).post(`/consultations/${consultation.id}/close`)).status).toBe(200);
    expect((await s.api(w.enterprise).get(`/consultations/${consultation.id}/results`)).status).toBe(200);
    expect((await s.api(w.enterprise).get(`/consultations/${consultation.id}`)).status).toBe(200);
    // another enterprise, to which it was not sent, still does not see it
    expect((await s.api(w.otherEnterprise).get(`/consultations/${consultation.id}/results`)).status).toBe(404);
    await s.api(w.cityOrganizer).post(`/invitations/${draft.id}/withdraw`);
    expect((await s.api(w.enterprise).get(`/consultations/${consultation.id}/results`)).status).toBe(404);
    // a consultation of another city cannot be attached
    const mianyang = await makeConsultation(s, w.otherCityOrganizer, { regionCode: '510700' });
    const before = await s.rowCounts();
    const res = await s.api(w.cityOrganizer).post('/invitations', {
      fromOrganizationId: w.cityOrganizer.user.organizationId,
      toOrganizationId: w.enterprise.user.organizationId,
      scope: 'new_employment',
      topics: [{ title: '订单分配' }],
      body: '要约',
      representativesPerSide: 5,
      chiefRepresentative: '王建国',
      consultationId: mianyang.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('consultationId');
    expect(await s.rowCounts()).toEqual(before);
  });
});

describe('two instances sweeping at the same moment', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'c');
    for (const [actor, openid, kind] of [
      [w.enterprise, 'c-ent', 'invitation_deadline'],
      [w.enterprise2, 'c-ent2', 'invitation_deadline'],
      [w.cityOrganizer, 'c-city-org', 'invitation_reply'],
      [w.cityOrganizer2, 'c-city-org2', 'invitation_reply'],
    ] as const)
      await grantSubscriptions(s, s.wechat, actor, openid, kind, 20);
    // A second server on the same MySQL database, as a second process would be. The embedded SQLite serves one
    // instance (better-sqlite3 is synchronous: a second connection in this process would wait on the file lock while
    // blocking the first), so there the sweeps race inside one instance.
    second = s.dbKind === 'mysql' ? await createApp(s.config, s.clock) : s.app;
    if (second !== s.app) await second.init();
  });
  afterAll(async () => {
    if (second !== s.app) await second?.close();
    await s.stop();
  });

  it('marks each invitation overdue once and creates and sends each reminder once', async () => {
    setShanghaiTime(s, '2026-12-01', '15:02:00');
    const invitations = [];
    for (let i = 0; i < 8; i++) invitations.push(await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise));
    await remindersSettled(s);
    s.wechat.sent.length = 0;
    advanceDays(s, 21);
    const results = await Promise.all([sweep(s), second.get(InvitationsService).sweep(), sweep(s), second.get(InvitationsService).sweep()]);
    expect(results.reduce((n, r) => n + r.markedOverdue, 0)).toBe(8);
    // Deliveries kicked off after each commit may still be on their way: wait for both instances'.
    await remindersSettled(s);
    await second.get(InvitationRemindersService).settled();
    const ids = invitations.map((i) => i.id);
    const marks = await s.db.query(
      `SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'invitation' AND action = 'overdue' AND entityId IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    expect(Number(marks[0].n)).toBe(8);
    const rows = await s.db.query(
      `SELECT COUNT(*) AS n FROM subscribe_messages WHERE kind = 'invitation_overdue' AND subjectId IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    expect(Number(rows[0].n)).toBe(16);
    const overdueMessages = s.wechat.sent.filter((m) => m.data.thing1.value === '要约逾期未获答复');
    expect(overdueMessages).toHaveLength(16);
    expect(new Set(overdueMessages.map((m) => `${m.page}|${m.touser}`)).size).toBe(16);
    // the due-soon reminders were due too but no longer serve: none was sent
    expect(s.wechat.sent.filter((m) => m.data.thing1.value === '要约答复期限临近')).toHaveLength(0);
  });

  it('creates a reminder row once even when the same reminder is queued twice at once', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const queue = (app: NestFastifyApplication) =>
      app
        .get(Transactions)
        .run((em) =>
          app.get(InvitationRemindersService).enqueue(em, 'invitation_overdue', inv.id, [w.cityOrganizer.user.id], s.clock.now()),
        );
    await Promise.all([queue(s.app), queue(second), queue(s.app), queue(second)]);
    const rows = (await reminderRows(s, inv.id)).filter((r) => r.kind === 'invitation_overdue');
    expect(rows).toHaveLength(1);
  });
});
