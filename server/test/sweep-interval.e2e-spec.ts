// The overdue sweep runs by itself every SWEEP_INTERVAL_SECONDS on each instance, and not at all with 0.
import type { Invitation } from '@xst/shared-types';
import { advanceDays, invitationWorld, makeInvitation } from './support/invitations.js';
import { startServer, type TestServer } from './support/server.js';

/** An invitation the enterprise has opened, whose reply period is long past on the server's clock. */
async function longOverdue(s: TestServer): Promise<Invitation> {
  const w = await invitationWorld(s, 'sweep');
  const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
  expect((await s.api(w.enterprise).get(`/invitations/${inv.id}`)).status).toBe(200);
  advanceDays(s, 60);
  return inv;
}

const storedStatus = async (s: TestServer, id: string) => (await s.db.query('SELECT status FROM invitations WHERE id = ?', [id]))[0].status;

describe('the periodic sweep', () => {
  it('stores an invitation past its reply deadline as overdue without anyone asking, every interval', async () => {
    const s = await startServer({ SWEEP_INTERVAL_SECONDS: '1' });
    try {
      const inv = await longOverdue(s);
      const deadline = Date.now() + 10_000;
      while ((await storedStatus(s, inv.id)) !== 'overdue' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await storedStatus(s, inv.id)).toBe('overdue');
    } finally {
      await s.stop();
    }
  });

  it('does not sweep with SWEEP_INTERVAL_SECONDS=0', async () => {
    const s = await startServer({ SWEEP_INTERVAL_SECONDS: '0' });
    try {
      const inv = await longOverdue(s);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await storedStatus(s, inv.id)).toBe('sent');
    } finally {
      await s.stop();
    }
  });
});
