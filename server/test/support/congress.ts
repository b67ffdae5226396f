// Factories for drafts and congresses in tests: an accepted invitation with a session, a published draft, members.
import type { Congress, CreateCongressRequest, Draft, Invitation, RecordAdoptedContractRequest } from '@xst/shared-types';
import { makeConsultation } from './consultations.js';
import { invitationWorld, makeInvitation, type InvitationWorld } from './invitations.js';
import { makeCodeBatch, printedCode } from './roll.js';
import type { Actor, TestServer } from './server.js';
import { sessionRequest } from './sessions.js';

export const HOUR = 3600_000;

export interface CongressWorld extends InvitationWorld {
  invitation: Invitation;
  sessionId: string;
}

export async function congressWorld(s: TestServer, tag = 'cg'): Promise<CongressWorld> {
  const w = await invitationWorld(s, tag);
  const consultation = await makeConsultation(s, w.cityOrganizer);
  const invitation = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: consultation.id });
  const reply = await s.api(w.enterprise).post(`/invitations/${invitation.id}/reply`, { decision: 'accept' });
  if (reply.status !== 200) throw new Error(`reply failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  const session = await s.api(w.cityOrganizer).post(`/invitations/${invitation.id}/sessions`, sessionRequest());
  if (session.status !== 201) throw new Error(`session failed: ${session.status} ${JSON.stringify(session.body)}`);
  return { ...w, invitation, sessionId: session.body.id };
}

/** A draft made from the world's session and published for comment. */
export async function publishedDraft(s: TestServer, w: CongressWorld, title = '2025年外卖骑手权益保障专项集体合同'): Promise<Draft> {
  const made = await s.api(w.cityOrganizer).post('/drafts', {
    sessionId: w.sessionId,
    kind: 'comprehensive',
    title,
    summary: '高峰时段抽成下调 1 个百分点。',
  });
  if (made.status !== 201) throw new Error(`draft failed: ${made.status} ${JSON.stringify(made.body)}`);
  const pub = await s.api(w.cityOrganizer).post(`/drafts/${made.body.id}/publish`);
  if (pub.status !== 200) throw new Error(`publish failed: ${pub.status} ${JSON.stringify(pub.body)}`);
  return pub.body;
}

let members = 0;

/** Verifies each worker with a code of one fresh sheet for riders of Jinjiang (on the roll of the Chengdu scope too). */
export async function verify(s: TestServer, organizer: Actor, workers: Actor[]): Promise<void> {
  const batch = await makeCodeBatch(s, organizer, { count: workers.length });
  for (const [i, w] of workers.entries()) {
    const res = await s.api(w).post('/roll/codes/redeem', { code: printedCode(s, batch.id, i + 1) });
    if (res.status !== 200) throw new Error(`redeem failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** `n` rider accounts of Jinjiang, verified on the roll. */
export async function riders(s: TestServer, organizer: Actor, n: number, tag = 'm'): Promise<Actor[]> {
  const out: Actor[] = [];
  for (let i = 0; i < n; i++) out.push(await s.worker(`${tag}-rider-${++members}`));
  await verify(s, organizer, out);
  return out;
}

export async function callCongress(
  s: TestServer,
  organizer: Actor,
  draft: Draft,
  people: Actor[] | 'roll',
  over: Partial<CreateCongressRequest> = {},
): Promise<Congress> {
  const now = s.clock.now().getTime();
  const res = await s.api(organizer).post('/congresses', {
    draftId: draft.id,
    title: '2025年外卖骑手职工代表大会',
    electorate: people === 'roll' ? 'roll' : 'representatives',
    ...(people === 'roll' ? {} : { memberUserIds: people.map((p) => p.user.id) }),
    opensAt: new Date(now + HOUR).toISOString(),
    closesAt: new Date(now + 3 * HOUR).toISOString(),
    venue: '成都市总工会大礼堂',
    ...over,
  });
  if (res.status !== 201) throw new Error(`congress failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Moves the server's clock to `at`. */
export const clockTo = (s: TestServer, at: string | number) => s.clock.setOffset(new Date(at).getTime() - Date.now());

export function signedContract(
  over: Partial<RecordAdoptedContractRequest> = {},
): Omit<RecordAdoptedContractRequest, 'signedAt' | 'effectiveFrom' | 'expiresAt'> & Partial<RecordAdoptedContractRequest> {
  return {
    enterprisesCovered: 1,
    workersCovered: 3000,
    workerSide: { chief: '王建国', members: ['张伟', '刘芳', '陈静', '杨洋'] },
    employerSide: { chief: '李明', members: ['周强', '吴磊', '郑丽', '孙浩'] },
    representativesChosen: '职工方代表由区域工会联合会组织骑手民主推选产生，企业方代表由企业法定代表人书面委托。',
    ...over,
  };
}
