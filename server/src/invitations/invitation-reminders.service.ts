// WeChat subscribe-message reminders of the invitation clock, through the one subscribe-message outbox
// (subscriptions/subscribe-outbox.ts), and the SMS notice of a new invitation to the receiving organization's contact
// phone, through this capability's own outbox (invitation_reminders): rows are written in the same transaction as the
// invitation change, then delivered after commit and by every sweep. A failed send is logged, counted and retried
// later (a permanent refusal is recorded and not retried); it never touches the invitation itself.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  INVITATION_PAGE,
  INVITATION_REMINDER_KINDS,
  INVITATION_STATUS_LABELS,
  maskPhone,
  type InvitationReminderKind,
  type SubscriptionKind,
} from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import { Clock, shanghaiDate } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';
import { IdentityService } from '../identity/identity.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { SmsClient, SmsSendError } from '../sms/sms.client.js';
import type { SubscribeMessageEntity } from '../subscriptions/subscribe-message.entity.js';
import { type SubscribeMessage, SubscribeOutbox, thing } from '../subscriptions/subscribe-outbox.js';
import { effectiveStatus } from './invitation-state.js';
import { INVITATION_SMS, InvitationEntity, InvitationReminderEntity } from './invitation.entity.js';

/** The subscribe-message template each reminder is sent with: the receiver asked to hear of deadlines, the sender of replies. */
export const REMINDER_TEMPLATES: Record<InvitationReminderKind, SubscriptionKind> = {
  invitation_received: 'invitation_deadline',
  invitation_due_soon: 'invitation_deadline',
  invitation_overdue: 'invitation_reply',
  invitation_replied: 'invitation_reply',
};

export { MAX_ATTEMPTS as REMINDER_MAX_ATTEMPTS, retryDelayMs } from '../subscriptions/subscribe-outbox.js';
import { MAX_ATTEMPTS as REMINDER_MAX_ATTEMPTS, retryDelayMs } from '../subscriptions/subscribe-outbox.js';
/** How long one instance holds an SMS notice it is delivering before another may try it. */
const CLAIM_MS = 60_000;
const BATCH = 200;

@Injectable()
export class InvitationRemindersService implements OnModuleInit {
  private readonly logger = new Logger('InvitationReminders');
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectRepository(InvitationReminderEntity) private readonly reminders: Repository<InvitationReminderEntity>,
    @InjectRepository(InvitationEntity) private readonly invitations: Repository<InvitationEntity>,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(SubscribeOutbox) private readonly outbox: SubscribeOutbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SmsClient) private readonly sms: SmsClient,
  ) {}

  onModuleInit(): void {
    this.outbox.register(INVITATION_REMINDER_KINDS, (row, now) => this.compose(row, now));
  }

  /** Staff accounts of an organization: the people a reminder goes to. */
  accountsOf(em: EntityManager, organizationIds: (string | null)[]): Promise<string[]> {
    return this.identity.staffOf(organizationIds, em);
  }

  /** Queues one reminder per recipient inside the caller's transaction; an existing one is left as it is. */
  enqueue(em: EntityManager, kind: InvitationReminderKind, invitationId: string, recipients: string[], dueAt: Date): Promise<void> {
    return this.outbox.enqueue(em, kind, invitationId, recipients, dueAt);
  }

  /**
   * Queues the SMS notice of a union's invitation to the receiving organization's contact phone, inside the
   * caller's transaction (the sending): only with SMS on and a number recorded. One per invitation, however often
   * it is sent.
   */
  async enqueueSms(em: EntityManager, inv: InvitationEntity, now: Date): Promise<void> {
    if (!this.sms.enabled || inv.side !== 'union') return;
    const to = await this.organizations.byId(inv.toOrganizationId, em);
    if (!to?.contactPhone) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(InvitationReminderEntity)
      .values({
        id: newId(),
        kind: INVITATION_SMS,
        invitationId: inv.id,
        recipientUserId: to.id,
        dueAt: now,
        state: 'pending' as const,
        nextAttemptAt: now,
        claimedUntil: null,
        sentAt: null,
        attempts: 0,
        lastError: null,
        sentTo: maskPhone(to.contactPhone),
      })
      .orIgnore()
      .execute();
  }

  /** Moves the time of a reminder not yet tried (the reply period moved earlier): inside the caller's transaction. */
  reschedule(em: EntityManager, kind: InvitationReminderKind, invitationId: string, dueAt: Date): Promise<void> {
    return this.outbox.reschedule(em, kind, invitationId, dueAt);
  }

  /** Delivers what is due in the background, after the caller's commit; the caller never waits for WeChat. */
  kick(): void {
    this.outbox.kick();
    const p: Promise<unknown> = this.deliverSmsDue()
      .catch((e) => this.logger.error({ err: e }, 'reminder delivery failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Resolves once background deliveries started so far have finished (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    await this.outbox.settled();
  }

  /** Sends every message whose time has come (the outbox's, reminders among them, and the SMS notices); safe on several instances. */
  async deliverDue(): Promise<number> {
    return (await this.outbox.deliverDue()) + (await this.deliverSmsDue());
  }

  private async deliverSmsDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.reminders
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where("r.kind = :sms AND r.state = 'pending' AND r.nextAttemptAt <= :now", { sms: INVITATION_SMS, now })
      .andWhere('(r.claimedUntil IS NULL OR r.claimedUntil < :now)', { now })
      .orderBy('r.nextAttemptAt', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: string }>();
    let delivered = 0;
    for (const { id } of due) {
      if (await this.deliverOne(id)) delivered++;
    }
    return delivered;
  }

  private async claim(id: string): Promise<boolean> {
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(InvitationReminderEntity)
        .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
        .where("id = :id AND state = 'pending' AND nextAttemptAt <= :now", { id, now })
        .andWhere('(claimedUntil IS NULL OR claimedUntil < :now)', { now })
        .execute();
      return Boolean(res.affected);
    });
  }

  private async finish(id: string, set: Partial<InvitationReminderEntity>): Promise<void> {
    await this.tx.run((em) => em.update(InvitationReminderEntity, { id }, { ...set, claimedUntil: null }));
  }

  private async deliverOne(id: string): Promise<boolean> {
    if (!(await this.claim(id))) return false;
    return this.deliverSms(await this.reminders.findOneByOrFail({ id }));
  }

  /**
   * The SMS notice: the template's {1} is the inviting union (the one acted for, in 代行要约), {2} the days to answer
   * from receipt (the period has not started yet: it runs from receipt). Sent to the number the organization has
   * now, not the one it had when queued.
   */
  private async deliverSms(r: InvitationReminderEntity): Promise<boolean> {
    const id = r.id;
    const inv = await this.invitations.findOneBy({ id: r.invitationId });
    const skip = (code: string) => this.finish(id, { state: 'skipped', lastError: code }).then(() => false);
    if (!inv || inv.status === 'draft' || !inv.sentAt) return skip('Withdrawn');
    if (inv.status === 'withdrawn') return skip('Withdrawn');
    if (inv.repliedAt) return skip('Replied');
    if (!this.sms.enabled) return skip('Disabled');
    const to = await this.organizations.byId(inv.toOrganizationId);
    if (!to?.contactPhone) return skip('NoContactPhone');
    // A union name still held by the content check is not sent out of the product: the notice then names no union.
    const union = await this.organizations.byId(inv.onBehalfOfOrganizationId ?? inv.fromOrganizationId);
    const unionName = union ? await this.organizations.checkedName(union) : null;
    const params = [this.sms.param(unionName ?? '工会'), String(inv.replyDays ?? this.config.replyDays)];
    const sentTo = maskPhone(to.contactPhone);
    const attempts = r.attempts + 1;
    try {
      await this.sms.send(to.contactPhone, params);
      await this.finish(id, { state: 'sent', sentAt: this.clock.now(), attempts, lastError: null, sentTo });
      return true;
    } catch (e) {
      const error = String((e as Error).message ?? e).slice(0, 300);
      if (e instanceof SmsSendError && e.permanent) {
        this.logger.warn(`SMS notice of invitation ${r.invitationId} to ${sentTo} refused: ${error}`);
        await this.finish(id, { state: 'failed', attempts, lastError: error, sentTo });
        return false;
      }
      const gaveUp = attempts >= REMINDER_MAX_ATTEMPTS;
      this.logger.warn(
        `SMS notice of invitation ${r.invitationId} to ${sentTo} not sent (attempt ${attempts}${gaveUp ? ', giving up' : ''}): ${error}`,
      );
      await this.finish(id, {
        state: gaveUp ? 'failed' : 'pending',
        attempts,
        lastError: gaveUp ? `GaveUp: ${error}`.slice(0, 300) : error,
        sentTo,
        nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(attempts)),
      });
      return false;
    }
  }

  /** The message to send, or null when the reminder no longer serves (answered, withdrawn, account gone). */
  private async compose(row: SubscribeMessageEntity, now: Date): Promise<SubscribeMessage | null> {
    const r = { kind: row.kind as InvitationReminderKind };
    const inv = await this.invitations.findOneBy({ id: row.subjectId });
    if (!inv || inv.status === 'withdrawn' || inv.status === 'draft' || !inv.sentAt) return null;
    // News of the reply serves once there is one; every other reminder only while there is none.
    if (r.kind === 'invitation_replied' ? !inv.repliedAt : inv.repliedAt) return null;
    // The deadline reminders follow a period that has started (an answer may come before receipt).
    if ((r.kind === 'invitation_due_soon' || r.kind === 'invitation_overdue') && !inv.replyDueAt) return null;
    const status = effectiveStatus(inv.status, inv.replyDueAt, now);
    if (r.kind === 'invitation_due_soon' && status !== 'sent') return null;
    const user = await this.identity.activeAccount(row.recipient);
    const toSender = r.kind === 'invitation_overdue' || r.kind === 'invitation_replied';
    const expectedOrgs = toSender ? [inv.fromOrganizationId, inv.onBehalfOfOrganizationId] : [inv.toOrganizationId];
    if (!user?.openid || !user.organizationId || !expectedOrgs.includes(user.organizationId)) return null;
    const other = await this.organizations.byId(toSender ? inv.toOrganizationId : inv.fromOrganizationId);
    const due = inv.replyDueAt ? shanghaiDate(inv.replyDueAt) : null;
    const within = `请自收到之日起${inv.replyDays ?? this.config.replyDays}日内书面答复`;
    const titles: Record<InvitationReminderKind, string> = {
      invitation_received: '收到集体协商要约',
      invitation_due_soon: '要约答复期限临近',
      invitation_overdue: '要约逾期未获答复',
      invitation_replied: '对方已答复要约',
    };
    const hints: Record<InvitationReminderKind, string> = {
      invitation_received: due ? `请在${due}前书面答复` : within,
      invitation_due_soon: `请在${due}前书面答复`,
      invitation_overdue: `${INVITATION_STATUS_LABELS.overdue}，可启动督促程序`,
      invitation_replied: inv.replyDecision === 'decline' ? '对方拒绝了要约，请查看理由' : '对方已应约，请查看答复',
    };
    return {
      userId: user.id,
      openid: user.openid,
      template: REMINDER_TEMPLATES[r.kind],
      page: `${INVITATION_PAGE}?id=${inv.id}`,
      data: {
        thing1: thing(titles[r.kind]),
        thing2: thing(other?.name ?? ''),
        time3: r.kind === 'invitation_replied' && inv.repliedAt ? shanghaiDate(inv.repliedAt) : (due ?? shanghaiDate(inv.sentAt)),
        thing4: thing(hints[r.kind]),
      },
    };
  }
}
