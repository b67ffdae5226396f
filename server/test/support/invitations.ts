// Factories for invitations in tests: the organizations of one city, their accounts, and invitations between them.
import type { CreateInvitationRequest, Invitation } from '@xst/shared-types';
import { InvitationRemindersService } from '../../src/invitations/invitation-reminders.service.js';
import { InvitationsService } from '../../src/invitations/invitations.service.js';
import type { Actor, TestServer } from './server.js';

export const DAY = 86400_000;

export interface InvitationWorld {
  /** Organizer of the Chengdu city union (510100). */
  cityOrganizer: Actor;
  /** A second organizer account of the same city union. */
  cityOrganizer2: Actor;
  /** Organizer of the Jinjiang district union (510104), below the city. */
  countyOrganizer: Actor;
  /** Organizer of the Mianyang city union (510700): another city. */
  otherCityOrganizer: Actor;
  /** Account of a platform enterprise in Jinjiang (510104), and a second account of the same enterprise. */
  enterprise: Actor;
  enterprise2: Actor;
  /** An enterprise in Mianyang: outside Chengdu. */
  otherEnterprise: Actor;
  /** Provincial federation admin (510000). */
  admin: Actor;
  /** Admin of the Mianyang federation. */
  otherAdmin: Actor;
  worker: Actor;
}

/** Signs in every account once per test file; `tag` keeps openids apart when a file builds two worlds. */
export async function invitationWorld(s: TestServer, tag = 'w'): Promise<InvitationWorld> {
  const cityOrganizer = await s.login(`${tag}-city-org`, 'organizer', { regionCode: '510100' });
  const enterprise = await s.login(`${tag}-ent`, 'enterprise', { regionCode: '510104' });
  return {
    cityOrganizer,
    cityOrganizer2: await s.login(`${tag}-city-org2`, 'organizer', { organizationId: cityOrganizer.user.organizationId! }),
    countyOrganizer: await s.login(`${tag}-county-org`, 'organizer', { regionCode: '510104' }),
    otherCityOrganizer: await s.login(`${tag}-mianyang-org`, 'organizer', { regionCode: '510700' }),
    enterprise,
    enterprise2: await s.login(`${tag}-ent2`, 'enterprise', { organizationId: enterprise.user.organizationId! }),
    otherEnterprise: await s.login(`${tag}-mianyang-ent`, 'enterprise', { regionCode: '510700' }),
    admin: await s.login(`${tag}-admin`, 'admin', { regionCode: '510000' }),
    otherAdmin: await s.login(`${tag}-mianyang-admin`, 'admin', { regionCode: '510700' }),
    worker: await s.worker(`${tag}-worker`),
  };
}

export function invitationRequest(from: Actor, to: Actor | string, over: Partial<CreateInvitationRequest> = {}): CreateInvitationRequest {
  return {
    fromOrganizationId: from.user.organizationId!,
    toOrganizationId: typeof to === 'string' ? to : to.user.organizationId!,
    scope: 'new_employment',
    topics: [{ code: 'commission_rate', title: '抽成比例' }, { code: 'algorithm', title: '算法调整' }, { title: '电动车充电和换电' }],
    proposedPlace: '成都市总工会三楼会议室',
    representativesPerSide: 5,
    chiefRepresentative: '王建国',
    body: '请贵方提供近一年骑手收入、抽成和派单规则的有关资料。',
    ...over,
  };
}

export async function makeInvitation(
  s: TestServer,
  from: Actor,
  to: Actor | string,
  over: Partial<CreateInvitationRequest> = {},
): Promise<Invitation> {
  const res = await s.api(from).post('/invitations', invitationRequest(from, to, over));
  if (res.status !== 201) throw new Error(`create invitation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Invitation;
}

/** Sent, then opened by the receiving organization's account (`to`): its reply period runs from that moment. */
export async function makeReceivedInvitation(
  s: TestServer,
  from: Actor,
  to: Actor,
  over: Partial<CreateInvitationRequest> = {},
): Promise<Invitation> {
  const inv = await makeInvitation(s, from, to, over);
  const opened = await s.api(to).get(`/invitations/${inv.id}`);
  if (opened.status !== 200 || !opened.body.replyDueAt) throw new Error(`opening failed: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body as Invitation;
}

export const advanceDays = (s: TestServer, days: number) => s.clock.setOffset(s.clock.offset() + days * DAY);

/** Runs the sweep the way the interval does (tests switch the interval off and call it themselves). */
export const sweep = (s: TestServer) => s.app.get(InvitationsService).sweep();

/** Waits for the reminder deliveries started after the last commits. */
export const remindersSettled = (s: TestServer) => s.app.get(InvitationRemindersService).settled();

export async function reminderRows(s: TestServer, invitationId: string): Promise<Record<string, unknown>[]> {
  // WeChat reminders live in the subscribe-message outbox, SMS notices in the invitations' own.
  const wechat: Record<string, unknown>[] = await s.db.query(
    `SELECT *, subjectId AS invitationId, recipient AS recipientUserId, NULL AS sentTo FROM subscribe_messages
      WHERE subjectId = ? AND kind LIKE 'invitation%'`,
    [invitationId],
  );
  const sms: Record<string, unknown>[] = await s.db.query('SELECT * FROM invitation_reminders WHERE invitationId = ?', [invitationId]);
  const key = (r: Record<string, unknown>) => `${r.kind}|${r.recipientUserId}`;
  return [...wechat, ...sms].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Subscribe messages the fake WeChat received for an invitation. */
export const messagesFor = (s: TestServer, invitationId: string) => s.wechat.sent.filter((m) => m.page?.endsWith(`id=${invitationId}`));
