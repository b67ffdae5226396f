// Every status an invitation can reach through the API, and every action that status refuses: 409 naming the status,
// nothing written.
import { INVITATION_STATUS_LABELS, type Invitation, type InvitationStatus } from '@xst/shared-types';
import { advanceDays, invitationWorld, makeInvitation, remindersSettled, type InvitationWorld } from './support/invitations.js';
import { startServer, type TestServer } from './support/server.js';

type Action = 'send' | 'accept' | 'decline' | 'withdraw' | 'escalate';

/** Actions each status refuses (what it allows is exercised in the other invitation tests). */
const REFUSED: Record<InvitationStatus, Action[]> = {
  draft: ['escalate'],
  sent: ['send', 'escalate'],
  overdue: ['send'],
  accepted: ['send', 'accept', 'decline', 'withdraw', 'escalate'],
  declined: ['send', 'accept', 'decline', 'withdraw'],
  escalated: ['send', 'withdraw'],
  withdrawn: ['send', 'accept', 'decline', 'withdraw', 'escalate'],
};

describe('illegal moves of an invitation', () => {
  let s: TestServer;
  let w: InvitationWorld;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s);
  });
  afterAll(async () => {
    await remindersSettled(s);
    await s.stop();
  });

  const today = () => new Date(s.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

  function act(inv: Invitation, action: Action) {
    switch (action) {
      case 'send':
        return s.api(w.cityOrganizer).post(`/invitations/${inv.id}/send`);
      case 'withdraw':
        return s.api(w.cityOrganizer).post(`/invitations/${inv.id}/withdraw`);
      case 'escalate':
        return s
          .api(w.cityOrganizer)
          .post(`/invitations/${inv.id}/escalations`, { step: 'union_rectification', issuedAt: today(), issuer: '成都市总工会' });
      case 'accept':
        return s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
      case 'decline':
        return s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '理由' });
    }
  }

  /** Brings a fresh invitation to `status` through the API only. */
  async function reach(status: InvitationStatus): Promise<Invitation> {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, { draft: status === 'draft' });
    if (status === 'accepted') await act(inv, 'accept');
    if (status === 'declined') await act(inv, 'decline');
    if (status === 'withdrawn') await act(inv, 'withdraw');
    if (status === 'overdue' || status === 'escalated') {
      // received (opened) now, then the clock moved past the end of its period; the clock only moves forward in
      // this file: earlier invitations stay what they were
      const opened = (await s.api(w.enterprise).get(`/invitations/${inv.id}`)).body as Invitation;
      s.clock.setOffset(s.clock.offset() + (Date.parse(opened.replyDueAt!) - s.clock.now().getTime()) + 1000);
      if (status === 'escalated') await act(inv, 'escalate');
    }
    const read = await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`);
    expect(read.body.status).toBe(status);
    return read.body;
  }

  for (const [status, refused] of Object.entries(REFUSED) as [InvitationStatus, Action[]][]) {
    it(`refuses ${refused.join(', ')} on an invitation that is ${status}, naming 「${INVITATION_STATUS_LABELS[status]}」`, async () => {
      const inv = await reach(status);
      await remindersSettled(s);
      const before = await s.rowCounts();
      for (const action of refused) {
        const res = await act(inv, action);
        expect({ action, status: res.status }).toEqual({ action, status: 409 });
        expect(res.body.message).toContain(`「${INVITATION_STATUS_LABELS[status]}」`);
      }
      expect(await s.rowCounts()).toEqual(before);
      expect((await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`)).body.status).toBe(status);
    });
  }

  it('hides a draft from the receiver entirely: replying to it is not found, not refused', async () => {
    const draft = await reach('draft');
    expect((await act(draft, 'accept')).status).toBe(404);
    expect((await act(draft, 'decline')).status).toBe(404);
  });

  it('keeps refusing a second reply once an escalated invitation has been answered', async () => {
    const inv = await reach('declined');
    advanceDays(s, 1);
    await act(inv, 'escalate');
    const res = await act(inv, 'accept');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('invitation_already_replied');
  });
});
