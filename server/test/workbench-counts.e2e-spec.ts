// The figures on the 工作台 buttons: counted in the same scope as the lists they open, and the same as those lists show.
import { makeConsultation } from './support/consultations.js';
import { setShanghaiTime } from './support/contracts.js';
import { advanceDays, invitationWorld, makeInvitation, makeReceivedInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';

describe('the counts on the workbench buttons', () => {
  let s: TestServer;
  let w: InvitationWorld;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'wb');
  });
  afterAll(async () => {
    await s.stop();
  });

  const invitationCounts = async (a: Actor, direction?: 'sent' | 'received') => {
    const res = await s.api(a).get(`/invitations/counts${direction ? `?direction=${direction}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as { awaitingReply: number; overdue: number };
  };
  const listed = async (a: Actor, status: string, direction?: string) =>
    (await s.api(a).get(`/invitations?status=${status}${direction ? `&direction=${direction}` : ''}`)).body.total as number;

  it('counts invitations awaiting a reply and overdue for each side, as the lists show them, and none elsewhere', async () => {
    const consultation = await makeConsultation(s, w.cityOrganizer);
    setShanghaiTime(s, '2026-12-01', '15:02:00');
    const answered = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: consultation.id });
    // Received by the enterprise: their 20-day periods run.
    await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    await makeReceivedInvitation(s, w.cityOrganizer, w.enterprise);
    expect(await invitationCounts(w.cityOrganizer, 'sent')).toEqual({ awaitingReply: 3, overdue: 0 });
    expect(await invitationCounts(w.enterprise, 'received')).toEqual({ awaitingReply: 3, overdue: 0 });
    // The enterprise sent none itself.
    expect(await invitationCounts(w.enterprise, 'sent')).toEqual({ awaitingReply: 0, overdue: 0 });
    // Another city's union and enterprise see none of them.
    expect(await invitationCounts(w.otherCityOrganizer)).toEqual({ awaitingReply: 0, overdue: 0 });
    expect(await invitationCounts(w.otherEnterprise)).toEqual({ awaitingReply: 0, overdue: 0 });
    expect(await invitationCounts(w.otherAdmin)).toEqual({ awaitingReply: 0, overdue: 0 });
    // The provincial federation sees its whole province.
    expect(await invitationCounts(w.admin)).toEqual({ awaitingReply: 3, overdue: 0 });

    expect((await s.api(w.enterprise).post(`/invitations/${answered.id}/reply`, { decision: 'accept' })).status).toBe(200);
    expect(await invitationCounts(w.cityOrganizer, 'sent')).toEqual({ awaitingReply: 2, overdue: 0 });

    // Past the 20-day clock the two unanswered ones move from 待答复 to 逾期, before any sweep runs.
    advanceDays(s, 21);
    for (const [actor, direction] of [
      [w.cityOrganizer, 'sent'],
      [w.enterprise, 'received'],
    ] as const) {
      const counts = await invitationCounts(actor, direction);
      expect(counts).toEqual({ awaitingReply: 0, overdue: 2 });
      expect(counts.awaitingReply).toBe(await listed(actor, 'sent', direction));
      expect(counts.overdue).toBe(await listed(actor, 'overdue', direction));
    }

    // Sessions of the accepted invitation: 待公开 until their minutes are published.
    const sessions = [];
    for (let i = 0; i < 2; i++) {
      const res = await s.api(w.cityOrganizer).post(`/invitations/${answered.id}/sessions`, sessionRequest());
      expect(res.status).toBe(201);
      sessions.push(res.body.id as string);
    }
    const sessionCounts = async (a: Actor) => (await s.api(a).get('/sessions/counts')).body;
    expect(await sessionCounts(w.cityOrganizer)).toEqual({ unpublished: 2 });
    expect((await s.api(w.cityOrganizer).post(`/sessions/${sessions[0]}/publish`, {})).status).toBe(201);
    expect(await sessionCounts(w.cityOrganizer)).toEqual({ unpublished: 1 });
    const unpublished = (await s.api(w.cityOrganizer).get('/sessions?unpublishedOnly=true')).body.items;
    expect(unpublished).toHaveLength(1);
    expect(await sessionCounts(w.admin)).toEqual({ unpublished: 1 });
    expect(await sessionCounts(w.otherCityOrganizer)).toEqual({ unpublished: 0 });
    expect(await sessionCounts(w.otherAdmin)).toEqual({ unpublished: 0 });
  });

  it('refuses a direction that does not exist, naming the field', async () => {
    const res = await s.api(w.cityOrganizer).get('/invitations/counts?direction=sideways');
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'direction', message: '方向 direction 应为 sent 或 received' }]);
  });

  it('refuses a blank or wordy dueWithinDays on the list instead of reading it as 0, and takes 0 itself', async () => {
    for (const blank of ['%20', '', '%20%20', 'abc']) {
      const res = await s.api(w.admin).get(`/invitations?dueWithinDays=${blank}`);
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'dueWithinDays', message: '到期天数 dueWithinDays 应为整数' }]);
    }
    expect((await s.api(w.admin).get('/invitations?dueWithinDays=0')).status).toBe(200);
  });

  it('keeps /invitations/:id and /sessions/:id working beside the counts', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    expect((await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`)).body.id).toBe(inv.id);
    expect((await s.api(w.cityOrganizer).get('/sessions/not-an-id')).status).toBe(400);
  });
});
