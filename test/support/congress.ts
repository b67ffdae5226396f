// What the congress journeys share: an accepted invitation with a session that agreed on a topic, and workers
// verified on the roll with codes of a printed sheet (derived, as the server derives them, from its secret).
import { PROCESS_BALLOT_SECRET } from '../../server/test/support/process.js';
import { sessionRequest } from '../../server/test/support/sessions.js';
import { formatCode, RollKeys } from '../../server/src/roll/roll-keys.js';
import type { apiClient } from './server.js';

type Api = Pick<ReturnType<typeof apiClient>, 'api' | 'login'>;
type Account = { token: string; user: { id: string; organizationId: string | null } };

const keys = new RollKeys(PROCESS_BALLOT_SECRET);

/** Signs in each openid as a worker of Jinjiang in `industry` and verifies them all with one sheet of codes. */
export async function verifiedWorkers(srv: Api, organizer: Account, openids: string[], industry: string): Promise<Account[]> {
  const out: Account[] = [];
  for (const openid of openids) {
    const w = await srv.login(openid, 'worker');
    const me = await srv.api('PATCH', '/me', { regionCode: '510104', industry }, w.token);
    if (me.status !== 200) throw new Error(`profile ${openid}: ${me.status}`);
    out.push(w);
  }
  const batch = await srv.api(
    'POST',
    '/roll/code-batches',
    {
      label: '锦江区骑手驿站',
      industry,
      regionCode: '510104',
      count: out.length,
      expiresAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    },
    organizer.token,
  );
  if (batch.status !== 201) throw new Error(`code sheet: ${batch.status} ${JSON.stringify(batch.body)}`);
  for (const [i, w] of out.entries()) {
    const r = await srv.api('POST', '/roll/codes/redeem', { code: formatCode(keys.code(batch.body.id, i + 1)) }, w.token);
    // A worker verified by an earlier journey on the same server is on the roll already.
    if (r.status !== 200 && r.body?.code !== 'roll_already_verified') throw new Error(`redeem: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return out;
}

/** An invitation from the demo city union to the demo platform, accepted, with a consultation of `industry` and a session. */
export async function negotiatedSession(srv: Api, industry: string) {
  const organizer = await srv.login('demo-organizer', 'organizer');
  const enterprise = await srv.login('demo-enterprise', 'enterprise');
  const now = Date.now();
  const consultation = await srv.api(
    'POST',
    '/consultations',
    {
      title: '骑手权益议题征集',
      regionCode: '510100',
      industries: [industry],
      opensAt: new Date(now - 3600_000).toISOString(),
      closesAt: new Date(now + 5 * 86400_000).toISOString(),
      mode: 'multiple',
      maxChoices: 2,
      topics: [{ code: 'commission_rate' }, { code: 'algorithm' }],
      allowSuggestions: false,
      resultsVisibility: 'after_vote',
    },
    organizer.token,
  );
  if (consultation.status !== 201) throw new Error(`consultation: ${consultation.status} ${JSON.stringify(consultation.body)}`);
  const inv = await srv.api(
    'POST',
    '/invitations',
    {
      fromOrganizationId: organizer.user.organizationId,
      toOrganizationId: enterprise.user.organizationId,
      scope: 'new_employment',
      consultationId: consultation.body.id,
      topics: [{ code: 'commission_rate', title: '抽成比例' }],
      body: '请于二十日内书面答复。',
      representativesPerSide: 5,
      chiefRepresentative: '王建国',
    },
    organizer.token,
  );
  if (inv.status !== 201) throw new Error(`invitation: ${inv.status} ${JSON.stringify(inv.body)}`);
  await srv.api('POST', `/invitations/${inv.body.id}/reply`, { decision: 'accept' }, enterprise.token);
  const session = await srv.api('POST', `/invitations/${inv.body.id}/sessions`, sessionRequest(), organizer.token);
  if (session.status !== 201) throw new Error(`session: ${session.status} ${JSON.stringify(session.body)}`);
  return { organizer, enterprise, invitationId: inv.body.id as string, sessionId: session.body.id as string };
}
