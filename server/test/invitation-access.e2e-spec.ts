// One rule decides who sees an invitation (invitations/invitation-access.ts), and every path that shows one or
// something hanging from it answers the same: the invitation itself, the list, its sessions and publications, a
// contract naming it, the consultation it attaches, a worker's progress page.
import type { Consultation, Invitation } from '@xst/shared-types';
import { makeConsultation } from './support/consultations.js';
import { contractBody } from './support/contracts.js';
import { invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';

describe('who may see an invitation, on every path that shows one', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let provinceOrganizer: Actor;
  /** Sent by the provincial union to an enterprise in Jinjiang (Chengdu), accepted, with one session. */
  let provincial: Invitation;
  let provincialSession: string;
  /** A draft of the Chengdu city union. */
  let draft: Invitation;
  let consultation: Consultation;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'ia');
    provinceOrganizer = await s.login('ia-province-org', 'organizer', { regionCode: '510000' });
    provincial = await makeInvitation(s, provinceOrganizer, w.enterprise);
    expect((await s.api(w.enterprise).post(`/invitations/${provincial.id}/reply`, { decision: 'accept' })).status).toBe(200);
    const session = await s.api(provinceOrganizer).post(`/invitations/${provincial.id}/sessions`, sessionRequest());
    expect(session.status).toBe(201);
    provincialSession = session.body.id;
    draft = await makeInvitation(s, w.cityOrganizer, w.enterprise, { draft: true });
    consultation = await makeConsultation(s, w.cityOrganizer);
  });
  afterAll(async () => {
    await s.stop();
  });

  /** Status of each read path for `actor` on the invitation `id`. */
  async function reads(actor: Actor, id: string, sessionId?: string) {
    const api = s.api(actor);
    const listed = await api.get('/invitations');
    return {
      invitation: (await api.get(`/invitations/${id}`)).status,
      listed: (listed.body.items ?? []).some((i: Invitation) => i.id === id),
      sessions: (await api.get(`/invitations/${id}/sessions`)).status,
      publications: (await api.get(`/invitations/${id}/publications`)).status,
      letter: (await api.get(`/invitations/${id}/letter.docx`)).status,
      ...(sessionId ? { session: (await api.get(`/sessions/${sessionId}`)).status } : {}),
    };
  }

  const seen = { invitation: 200, listed: true, sessions: 200, publications: 200, letter: 200 };
  const unseen = { invitation: 404, listed: false, sessions: 404, publications: 404, letter: 404 };

  it('shows a sent invitation and its sessions alike: to both parties, to the union side and to the enterprise’s region', async () => {
    const cases: [string, Actor, object][] = [
      ['the sending provincial union', provinceOrganizer, { ...seen, session: 200 }],
      ['the federation admin of the province', w.admin, { ...seen, session: 200 }],
      ['the receiving enterprise', w.enterprise, { ...seen, session: 200 }],
      // The enterprise lies in Chengdu and in Jinjiang: their unions follow the negotiation, sessions included.
      ['the city union where the enterprise is', w.cityOrganizer, { ...seen, session: 200 }],
      ['the district union where the enterprise is', w.countyOrganizer, { ...seen, session: 200 }],
      ['a union of another city', w.otherCityOrganizer, { ...unseen, session: 404 }],
      ['the federation admin of another city', w.otherAdmin, { ...unseen, session: 404 }],
      ['another enterprise', w.otherEnterprise, { ...unseen, session: 404 }],
    ];
    for (const [who, actor, expected] of cases) {
      expect({ who, ...(await reads(actor, provincial.id, provincialSession)) }).toEqual({ who, ...expected });
    }
  });

  it('lets only the union side log sessions: a union that sees the invitation through the enterprise follows it', async () => {
    const log = (actor: Actor) => s.api(actor).post(`/invitations/${provincial.id}/sessions`, sessionRequest());
    expect((await log(w.cityOrganizer)).status).toBe(403);
    expect((await log(w.countyOrganizer)).status).toBe(403);
    expect((await log(w.otherCityOrganizer)).status).toBe(404);
    expect((await log(provinceOrganizer)).status).toBe(201);
    const correct = (actor: Actor) => s.api(actor).patch(`/sessions/${provincialSession}`, { minutes: '更正后的纪要' });
    expect((await correct(w.cityOrganizer)).status).toBe(403);
    expect((await correct(provinceOrganizer)).status).toBe(200);
  });

  it('lets a contract name the invitation wherever the recorder may see it, and not elsewhere', async () => {
    const record = (actor: Actor, party: Actor, regionCode: string) =>
      s.api(actor).post('/contracts', contractBody([party.user.organizationId!], { invitationId: provincial.id, regionCode }));
    expect((await record(w.cityOrganizer, w.enterprise, '510104')).status).toBe(201);
    expect((await record(w.otherCityOrganizer, w.otherEnterprise, '510700')).body.fields?.[0]).toEqual({
      field: 'invitationId',
      message: '要约 invitationId 不存在或无权查看',
    });
  });

  it('keeps a draft to its sender on every path: others in the region learn nothing, not even that it exists', async () => {
    expect(await reads(w.cityOrganizer2, draft.id)).toEqual({ ...seen, listed: true });
    for (const actor of [provinceOrganizer, w.admin, w.countyOrganizer, w.enterprise]) {
      expect(await reads(actor, draft.id)).toEqual(unseen);
    }
    // Recording a contract on someone else's draft reads like an invitation that does not exist.
    const res = await s.api(w.admin).post('/contracts', contractBody([w.enterprise.user.organizationId!], { invitationId: draft.id }));
    expect(res.status).toBe(400);
    expect(res.body.fields[0]).toEqual({ field: 'invitationId', message: '要约 invitationId 不存在或无权查看' });
    // Its own sender is told what is wrong with it instead.
    const own = await s
      .api(w.cityOrganizer)
      .post('/contracts', contractBody([w.enterprise.user.organizationId!], { invitationId: draft.id }));
    expect(own.body.fields[0].message).toBe('只有对方已应约的要约 invitationId 才能签订集体合同');
  });

  it('opens the attached consultation to the receiving enterprise and to its workers from sending until withdrawal', async () => {
    const attached = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: consultation.id, draft: true });
    const enterpriseSees = async () => (await s.api(w.enterprise).get(`/consultations/${consultation.id}`)).status;
    const workerFollows = async () =>
      ((await s.api(w.worker).get('/negotiations')).body as { invitationId: string }[]).some((n) => n.invitationId === attached.id);
    expect([await enterpriseSees(), await workerFollows()]).toEqual([404, false]);
    expect((await s.api(w.cityOrganizer).post(`/invitations/${attached.id}/send`)).status).toBe(200);
    expect([await enterpriseSees(), await workerFollows()]).toEqual([200, true]);
    expect((await s.api(w.otherEnterprise).get(`/consultations/${consultation.id}`)).status).toBe(404);
    expect((await s.api(w.cityOrganizer).post(`/invitations/${attached.id}/withdraw`)).status).toBe(200);
    expect([await enterpriseSees(), await workerFollows()]).toEqual([404, false]);
  });
});
