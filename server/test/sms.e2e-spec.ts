// The SMS notice of an invitation to an enterprise that may never have opened the mini-program: sent through the
// Tencent Cloud SMS SDK to the fake on loopback (which checks the request's signature), once, after commit; retried
// on a passing failure, recorded as failed on a refusal; the contact phone masked wherever it is not the reader's to
// manage, exported with the data of the account that entered it and erased with it.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Invitation, Organization } from '@xst/shared-types';
import { createApp } from '../src/app.factory.js';
import { usccCheckChar } from '../src/regions/uscc.js';
import { InvitationRemindersService } from '../src/invitations/invitation-reminders.service.js';
import { FakeSms } from './support/fake-sms.js';
import { invitationWorld, makeInvitation, reminderRows, remindersSettled, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const PHONE = '13812345678';
const MASKED = '138****5678';

const smsRows = async (s: TestServer, invitationId: string) =>
  (await reminderRows(s, invitationId)).filter((r) => r.kind === 'invitation_sms');

async function setContactPhone(s: TestServer, actor: Actor, organizationId: string, contactPhone: string | null): Promise<Organization> {
  const res = await s.api(actor).patch(`/organizations/${organizationId}`, { contactPhone });
  if (res.status !== 200) throw new Error(`contact phone not set: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Organization;
}

let usccs = 0;
/** The demo enterprise of a world gets its 统一社会信用代码, which staff edits of an enterprise's record require. */
async function smsWorld(s: TestServer, tag?: string): Promise<InvitationWorld> {
  const w = await invitationWorld(s, tag);
  const first17 = `91510104MA67K2${String(++usccs).padStart(3, '0')}`;
  await s.db.query('UPDATE organizations SET uscc = ? WHERE id = ?', [
    `${first17}${usccCheckChar(first17)}`,
    w.enterprise.user.organizationId,
  ]);
  return w;
}

const detail = async (s: TestServer, actor: Actor, id: string) => (await s.api(actor).get(`/invitations/${id}`)).body as Invitation;

describe('SMS notices of invitations', () => {
  const sms = new FakeSms();
  let s: TestServer;
  let w: InvitationWorld;
  let union: Organization;

  beforeAll(async () => {
    await sms.start();
    s = await startServer(sms.env);
    w = await smsWorld(s);
    union = (await s.api(w.cityOrganizer).get(`/organizations/${w.cityOrganizer.user.organizationId}`)).body;
  });
  afterAll(async () => {
    await s.stop();
    await sms.stop();
  });
  beforeEach(async () => {
    await setContactPhone(s, w.cityOrganizer, w.enterprise.user.organizationId!, PHONE);
    sms.blacklist.clear();
    sms.failNext = 0;
  });

  it('sends one notice through the SDK, signed with the account key, when a union sends an invitation', async () => {
    const before = { accepted: sms.accepted.length, requests: sms.requests };
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(sms.requests - before.requests).toBe(1);
    expect(sms.refusals).toEqual([]);
    const sent = sms.accepted.slice(before.accepted);
    expect(sent).toHaveLength(1);
    // {1} the union, cut to the template's six characters; {2} the days to answer from receipt.
    const name = [...union.name];
    expect(sent[0]).toMatchObject({ phone: PHONE, params: [name.length > 6 ? `${name.slice(0, 5).join('')}…` : union.name, '20'] });
    const rows = await smsRows(s, inv.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'sent', sentTo: MASKED, recipientUserId: w.enterprise.user.organizationId });
    // Later sweeps do not send it again.
    await s.app.get(InvitationRemindersService).deliverDue();
    expect(sms.accepted.length - before.accepted).toBe(1);
    const seen = await detail(s, w.cityOrganizer, inv.id);
    expect(seen.smsNotice).toMatchObject({ state: 'sent', phone: MASKED, reason: null });
    expect(seen.smsNotice!.sentAt).toEqual(expect.any(String));
  });

  it('names no union whose name the content check still holds', async () => {
    const held = await s.api(w.admin).post('/organizations', { type: 'union', regionCode: '510100', name: '成都市待审词工会' });
    expect(held.status).toBe(201);
    const organizer = await s.login('sms-held-union-org', 'organizer', { organizationId: held.body.id });
    const accepted = sms.accepted.length;
    await makeInvitation(s, organizer, w.enterprise);
    await remindersSettled(s);
    expect(sms.accepted.slice(accepted).map((m) => m.params)).toEqual([['工会', '20']]);
    expect(JSON.stringify(sms.accepted)).not.toContain('待审词');
  });

  it('sends none to an organization without a contact phone, nor for an invitation an enterprise sends', async () => {
    await setContactPhone(s, w.cityOrganizer, w.enterprise.user.organizationId!, null);
    const requests = sms.requests;
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    // The union's own number is on record, but an enterprise's invitation to a union is not an SMS notice.
    await s.db.query('UPDATE organizations SET contactPhone = ? WHERE id = ?', ['13900001111', union.id]);
    const toUnion = await makeInvitation(s, w.enterprise, union.id);
    await s.db.query('UPDATE organizations SET contactPhone = NULL WHERE id = ?', [union.id]);
    await remindersSettled(s);
    expect(sms.requests).toBe(requests);
    expect(await smsRows(s, inv.id)).toEqual([]);
    expect(await smsRows(s, toUnion.id)).toEqual([]);
    expect((await detail(s, w.cityOrganizer, inv.id)).smsNotice).toBeNull();
  });

  it('sends none for a draft, and one when the draft is sent', async () => {
    const draft = await makeInvitation(s, w.cityOrganizer, w.enterprise, { draft: true });
    await remindersSettled(s);
    expect(await smsRows(s, draft.id)).toEqual([]);
    const accepted = sms.accepted.length;
    expect((await s.api(w.cityOrganizer).post(`/invitations/${draft.id}/send`)).status).toBe(200);
    await remindersSettled(s);
    expect(sms.accepted.length - accepted).toBe(1);
  });

  it('records a refusal of the number as failed and never retries it', async () => {
    sms.blacklist.add(PHONE);
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    const requests = sms.requests;
    expect((await smsRows(s, inv.id))[0]).toMatchObject({ state: 'failed', attempts: 1 });
    s.clock.setOffset(s.clock.offset() + 86400_000);
    try {
      await s.app.get(InvitationRemindersService).deliverDue();
    } finally {
      s.clock.setOffset(s.clock.offset() - 86400_000);
    }
    expect(sms.requests).toBe(requests);
    expect((await detail(s, w.cityOrganizer, inv.id)).smsNotice).toEqual({
      state: 'failed',
      phone: MASKED,
      sentAt: null,
      reason: '联系手机已退订短信或被运营商拦截',
    });
  });

  it('records a number the provider finds incorrect (one stored before numbers were checked) as failed', async () => {
    await s.db.query('UPDATE organizations SET contactPhone = ? WHERE id = ?', ['12345678901', w.enterprise.user.organizationId]);
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(sms.refusals).toEqual([]);
    const [row] = await smsRows(s, inv.id);
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(String(row.lastError)).toMatch(/^InvalidParameterValue\.IncorrectPhoneNumber/);
    expect((await detail(s, w.cityOrganizer, inv.id)).smsNotice).toMatchObject({
      state: 'failed',
      reason: '联系手机号码不正确，短信运营商拒收',
    });
  });

  it('retries a passing failure with back-off and sends it once', async () => {
    sms.failNext = 2;
    const accepted = sms.accepted.length;
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    const reminders = s.app.get(InvitationRemindersService);
    expect((await smsRows(s, inv.id))[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect((await detail(s, w.cityOrganizer, inv.id)).smsNotice).toMatchObject({
      state: 'pending',
      reason: '短信服务暂时不可用，稍后会再试',
    });
    const start = s.clock.offset();
    try {
      // Not before its time: the first retry waits a minute, the second two more.
      await reminders.deliverDue();
      expect((await smsRows(s, inv.id))[0]).toMatchObject({ attempts: 1 });
      s.clock.setOffset(start + 61_000);
      await reminders.deliverDue();
      expect((await smsRows(s, inv.id))[0]).toMatchObject({ state: 'pending', attempts: 2 });
      s.clock.setOffset(start + 61_000 + 60_000);
      await reminders.deliverDue();
      expect((await smsRows(s, inv.id))[0]).toMatchObject({ attempts: 2 });
      s.clock.setOffset(start + 61_000 + 121_000);
      await reminders.deliverDue();
      expect((await smsRows(s, inv.id))[0]).toMatchObject({ state: 'sent', attempts: 3 });
      s.clock.setOffset(start + 3600_000);
      await reminders.deliverDue();
    } finally {
      s.clock.setOffset(start);
    }
    expect(sms.accepted.length - accepted).toBe(1);
  });

  it('refuses a contact phone that is not a mainland mobile number, naming the field and writing nothing', async () => {
    const orgId = w.enterprise.user.organizationId!;
    const counts = await s.rowCounts();
    for (const bad of ['12345', '1381234567', '23812345678', '138123456789', '+44 7911 123456', '138-1234-567a']) {
      const res = await s.api(w.cityOrganizer).patch(`/organizations/${orgId}`, { contactPhone: bad });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('联系手机 contactPhone');
    }
    const numeric = await s.api(w.cityOrganizer).patch(`/organizations/${orgId}`, { contactPhone: 13812345678 });
    expect(numeric.status).toBe(400);
    expect(numeric.body.message).toContain('联系手机 contactPhone');
    const created = await s.api(w.cityOrganizer).post('/organizations', {
      type: 'enterprise',
      name: '号码不对的配送公司',
      regionCode: '510104',
      uscc: '91510100MA61XXXX0X',
      contactPhone: '0281234567',
    });
    expect(created.status).toBe(400);
    expect(await s.rowCounts()).toEqual(counts);
    expect((await s.api(w.cityOrganizer).get(`/organizations/${orgId}`)).body.contactPhone).toBe(PHONE);
    // +86, spaces and dashes are how people type it: stored as the 11 digits.
    expect((await setContactPhone(s, w.cityOrganizer, orgId, '+86 139-0000-2222')).contactPhone).toBe('13900002222');
  });

  it('shows the number in full only to those who manage the organization and to its own accounts', async () => {
    const orgId = w.enterprise.user.organizationId!;
    const mine = await s.api(w.enterprise).get(`/organizations/${orgId}`);
    expect(mine.body).toMatchObject({ contactPhone: PHONE, contactPhoneMasked: false });
    for (const staff of [w.cityOrganizer, w.countyOrganizer, w.admin]) {
      expect((await s.api(staff).get(`/organizations/${orgId}`)).body).toMatchObject({ contactPhone: PHONE, contactPhoneMasked: false });
      const list = await s.api(staff).get('/organizations?type=enterprise&limit=500');
      const row = (list.body.items as Organization[]).find((o) => o.id === orgId)!;
      expect(row).toMatchObject({ contactPhone: MASKED, contactPhoneMasked: true });
      expect(JSON.stringify(list.body)).not.toContain(PHONE);
    }
    // Another city's staff do not see the organization at all; an enterprise reads a union's number masked.
    expect((await s.api(w.otherCityOrganizer).get(`/organizations/${orgId}`)).status).toBe(404);
    await s.db.query('UPDATE organizations SET contactPhone = ? WHERE id = ?', ['13900001111', union.id]);
    try {
      expect((await s.api(w.enterprise).get(`/organizations/${union.id}`)).body).toMatchObject({
        contactPhone: '139****1111',
        contactPhoneMasked: true,
      });
    } finally {
      await s.db.query('UPDATE organizations SET contactPhone = NULL WHERE id = ?', [union.id]);
    }
    // Invitation lists and the audit trail hold the number masked only.
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    expect(JSON.stringify((await s.api(w.cityOrganizer).get('/invitations?limit=200')).body)).not.toContain(PHONE);
    expect(JSON.stringify(await detail(s, w.cityOrganizer, inv.id))).not.toContain(PHONE);
    const audit = await s.db.query("SELECT * FROM audit_log WHERE entity = 'organization'");
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(JSON.stringify(audit)).toContain(MASKED);
  });

  it("lets an enterprise's own account set its contact phone and nothing else of its record", async () => {
    const orgId = w.enterprise.user.organizationId!;
    expect((await setContactPhone(s, w.enterprise, orgId, '13700003333')).contactPhone).toBe('13700003333');
    const counts = await s.rowCounts();
    const other = await s.api(w.enterprise).patch(`/organizations/${orgId}`, { name: '改个名字', contactPhone: '13700004444' });
    expect(other.status).toBe(403);
    const elsewhere = await s.api(w.otherEnterprise).patch(`/organizations/${orgId}`, { contactPhone: '13700004444' });
    expect(elsewhere.status).toBe(404);
    const unionEdit = await s.api(w.enterprise).patch(`/organizations/${union.id}`, { contactPhone: '13700004444' });
    expect(unionEdit.status).toBe(403);
    expect(await s.rowCounts()).toEqual(counts);
    expect((await s.api(w.enterprise).get(`/organizations/${orgId}`)).body.contactPhone).toBe('13700003333');
  });

  it('exports the number with the data of the account that entered it and erases it with that account', async () => {
    const orgId = w.enterprise.user.organizationId!;
    // Entered by the union: the union organizer's data, not the enterprise's.
    const byOrganizer = (await s.api(w.cityOrganizer).get('/me/export')).body;
    expect(byOrganizer.contactPhones).toContainEqual({ organizationId: orgId, organizationName: expect.any(String), contactPhone: PHONE });
    expect((await s.api(w.enterprise2).get('/me/export')).body.contactPhones).toEqual([]);
    // The enterprise's representative enters their own number: now theirs.
    await setContactPhone(s, w.enterprise2, orgId, '13600005555');
    expect((await s.api(w.enterprise2).get('/me/export')).body.contactPhones).toEqual([
      { organizationId: orgId, organizationName: expect.any(String), contactPhone: '13600005555' },
    ]);
    expect(
      (await s.api(w.cityOrganizer).get('/me/export')).body.contactPhones.map((c: { organizationId: string }) => c.organizationId),
    ).not.toContain(orgId);
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    await remindersSettled(s);
    expect((await s.api(w.enterprise2).delete('/me')).status).toBe(204);
    const [org] = await s.db.query('SELECT contactPhone, contactPhoneSetBy FROM organizations WHERE id = ?', [orgId]);
    expect(org).toEqual({ contactPhone: null, contactPhoneSetBy: null });
    const everything = JSON.stringify(await s.db.query('SELECT * FROM invitation_reminders'));
    expect(everything).not.toContain('13600005555');
    expect((await detail(s, w.cityOrganizer, inv.id)).smsNotice).toMatchObject({ state: 'sent', phone: '136****5555' });
    // Union staff still close their accounts through their organization.
    expect((await s.api(w.cityOrganizer2).delete('/me')).status).toBe(403);
  });
});

describe('SMS notices, switched off or misconfigured', () => {
  const sms = new FakeSms();
  let off: TestServer;
  let wrongKey: TestServer;

  beforeAll(async () => {
    await sms.start();
    off = await startServer();
    wrongKey = await startServer({ ...sms.env, SMS_SECRET_KEY: 'not-the-account-key-0000000000000' });
  });
  afterAll(async () => {
    await off?.stop();
    await wrongKey?.stop();
    await sms.stop();
  });

  it('queues nothing when SMS is off (the default), whatever numbers are recorded', async () => {
    const w = await smsWorld(off, 'off');
    await setContactPhone(off, w.cityOrganizer, w.enterprise.user.organizationId!, PHONE);
    const inv = await makeInvitation(off, w.cityOrganizer, w.enterprise);
    await remindersSettled(off);
    expect(await smsRows(off, inv.id)).toEqual([]);
    expect((await detail(off, w.cityOrganizer, inv.id)).smsNotice).toBeNull();
    expect(sms.requests).toBe(0);
  });

  it('is refused by the provider when signed with another key, and records that as failed', async () => {
    const w = await smsWorld(wrongKey, 'key');
    await setContactPhone(wrongKey, w.cityOrganizer, w.enterprise.user.organizationId!, PHONE);
    const inv = await makeInvitation(wrongKey, w.cityOrganizer, w.enterprise);
    await remindersSettled(wrongKey);
    expect(sms.refusals).toEqual(['AuthFailure.SignatureFailure']);
    expect(sms.accepted).toEqual([]);
    expect((await detail(wrongKey, w.cityOrganizer, inv.id)).smsNotice).toMatchObject({
      state: 'failed',
      reason: '短信服务的配置有误（签名、模板或密钥），请联系管理员',
    });
  });
});

describe('SMS notices with two instances on one database', () => {
  const sms = new FakeSms();
  let s: TestServer;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    await sms.start();
    s = await startServer(sms.env);
    // As in the reminder sweep test: a second server on the same MySQL database; the embedded SQLite serves one
    // instance, so there the deliveries race inside one.
    second = s.dbKind === 'mysql' ? await createApp(s.config, s.clock) : s.app;
    if (second !== s.app) await second.init();
  });
  afterAll(async () => {
    if (second !== s.app) await second?.close();
    await s.stop();
    await sms.stop();
  });

  it('sends each notice once when both deliver at the same moment', async () => {
    const w = await smsWorld(s, 'two');
    await setContactPhone(s, w.cityOrganizer, w.enterprise.user.organizationId!, PHONE);
    // Every first attempt fails, so that all notices wait for the instances' next deliveries.
    sms.failNext = 6;
    const invitations: Invitation[] = [];
    for (let i = 0; i < 6; i++) invitations.push(await makeInvitation(s, w.cityOrganizer, w.enterprise));
    await remindersSettled(s);
    expect(sms.accepted).toEqual([]);
    const start = s.clock.offset();
    s.clock.setOffset(start + 120_000);
    try {
      await Promise.all([
        s.app.get(InvitationRemindersService).deliverDue(),
        second.get(InvitationRemindersService).deliverDue(),
        s.app.get(InvitationRemindersService).deliverDue(),
        second.get(InvitationRemindersService).deliverDue(),
      ]);
    } finally {
      s.clock.setOffset(start);
    }
    expect(sms.accepted).toHaveLength(6);
    for (const inv of invitations) expect((await smsRows(s, inv.id))[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });
});
