// WeChat subscribe-message reminders of the invitation clock, and the SMS notice of a new invitation to the receiving
// organization's contact phone, through one outbox: rows are written in the same transaction as the invitation
// change, then delivered after commit and by every sweep. A failed send is logged, counted and retried later (a
// permanent refusal is recorded and not retried); it never touches the invitation itself.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  INVITATION_PAGE,
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
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import { WechatClient, WechatSendError } from '../wechat/wechat.client.js';
import { effectiveStatus } from './invitation-state.js';
import { INVITATION_SMS, InvitationEntity, InvitationReminderEntity } from './invitation.entity.js';

/** The subscribe-message template each reminder is sent with: the receiver asked to hear of deadlines, the sender of replies. */
export const REMINDER_TEMPLATES: Record<InvitationReminderKind, SubscriptionKind> = {
  invitation_received: 'invitation_deadline',
  invitation_due_soon: 'invitation_deadline',
  invitation_overdue: 'invitation_reply',
  invitation_replied: 'invitation_reply',
};

export const REMINDER_MAX_ATTEMPTS = 8;
/** WeChat's errcode for a send the user has not (or no longer) accepted. */
const NO_CONSENT = 43101;
/** How long one instance holds a reminder it is delivering before another may try it. */
const CLAIM_MS = 60_000;
const BATCH = 200;

/** An outbox row of a WeChat reminder (every kind but the SMS notice). */
type WechatReminder = InvitationReminderEntity & { kind: InvitationReminderKind };

/** 1 min, 2, 4 … capped at 6 hours. */
export const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);

/** WeChat caps a `thing` value at 20 characters. */
const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

@Injectable()
export class InvitationRemindersService {
  private readonly logger = new Logger('InvitationReminders');
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectRepository(InvitationReminderEntity) private readonly reminders: Repository<InvitationReminderEntity>,
    @InjectRepository(InvitationEntity) private readonly invitations: Repository<InvitationEntity>,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SmsClient) private readonly sms: SmsClient,
  ) {}

  /** Staff accounts of an organization: the people a reminder goes to. */
  accountsOf(em: EntityManager, organizationIds: (string | null)[]): Promise<string[]> {
    return this.identity.staffOf(organizationIds, em);
  }

  /** Queues one reminder per recipient inside the caller's transaction; an existing one is left as it is. */
  async enqueue(em: EntityManager, kind: InvitationReminderKind, invitationId: string, recipients: string[], dueAt: Date): Promise<void> {
    if (!recipients.length) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(InvitationReminderEntity)
      .values(
        recipients.map((recipientUserId) => ({
          id: newId(),
          kind,
          invitationId,
          recipientUserId,
          dueAt,
          state: 'pending' as const,
          nextAttemptAt: dueAt,
          claimedUntil: null,
          sentAt: null,
          attempts: 0,
          lastError: null,
        })),
      )
      .orIgnore()
      .execute();
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
  async reschedule(em: EntityManager, kind: InvitationReminderKind, invitationId: string, dueAt: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(InvitationReminderEntity)
      .set({ dueAt, nextAttemptAt: dueAt })
      .where("kind = :kind AND invitationId = :invitationId AND state = 'pending' AND attempts = 0", { kind, invitationId })
      .execute();
  }

  /** Delivers what is due in the background, after the caller's commit; the caller never waits for WeChat. */
  kick(): void {
    const p: Promise<unknown> = this.deliverDue()
      .catch((e) => this.logger.error({ err: e }, 'reminder delivery failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Resolves once background deliveries started so far have finished (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Sends every pending reminder whose time has come; safe when several instances run it at once. */
  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.reminders
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where("r.state = 'pending' AND r.nextAttemptAt <= :now", { now })
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
    const row = await this.reminders.findOneByOrFail({ id });
    if (row.kind === INVITATION_SMS) return this.deliverSms(row);
    const r = row as WechatReminder;
    const now = this.clock.now();
    const message = await this.compose(r, now);
    if (!message) {
      await this.finish(id, { state: 'skipped' });
      return false;
    }
    const attempts = r.attempts + 1;
    // One acceptance of the template is spent on this message; with none left nothing is sent, and it is not retried.
    const template = REMINDER_TEMPLATES[r.kind];
    if (!(await this.subscriptions.consume(r.recipientUserId, template))) {
      await this.finish(id, { state: 'no_consent', attempts, lastError: `no acceptance of ${template} left` });
      return false;
    }
    try {
      const templateId = this.subscriptions.templateId(template);
      await this.wechat.sendSubscribeMessage(message.openid, templateId, `${INVITATION_PAGE}?id=${r.invitationId}`, message.data);
      await this.finish(id, { state: 'sent', sentAt: this.clock.now(), attempts, lastError: null });
      return true;
    } catch (e) {
      const error = String((e as Error).message ?? e).slice(0, 300);
      if (e instanceof WechatSendError && e.errcode === NO_CONSENT) {
        // WeChat holds no acceptance for this user: a refusal, not a passing failure.
        this.logger.warn(`reminder ${r.kind} of invitation ${r.invitationId} refused by WeChat: no consent (43101)`);
        await this.subscriptions.exhaust(r.recipientUserId, template);
        await this.finish(id, { state: 'no_consent', attempts, lastError: error });
        return false;
      }
      await this.subscriptions.refund(r.recipientUserId, template);
      const gaveUp = attempts >= REMINDER_MAX_ATTEMPTS;
      this.logger.warn(
        `reminder ${r.kind} of invitation ${r.invitationId} not sent (attempt ${attempts}${gaveUp ? ', giving up' : ''}): ${error}`,
      );
      await this.finish(id, {
        state: gaveUp ? 'failed' : 'pending',
        attempts,
        lastError: error,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
      });
      return false;
    }
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
  private async compose(r: WechatReminder, now: Date): Promise<{ openid: string; data: Record<string, string> } | null> {
    const inv = await this.invitations.findOneBy({ id: r.invitationId });
    if (!inv || inv.status === 'withdrawn' || inv.status === 'draft' || !inv.sentAt) return null;
    // News of the reply serves once there is one; every other reminder only while there is none.
    if (r.kind === 'invitation_replied' ? !inv.repliedAt : inv.repliedAt) return null;
    // The deadline reminders follow a period that has started (an answer may come before receipt).
    if ((r.kind === 'invitation_due_soon' || r.kind === 'invitation_overdue') && !inv.replyDueAt) return null;
    const status = effectiveStatus(inv.status, inv.replyDueAt, now);
    if (r.kind === 'invitation_due_soon' && status !== 'sent') return null;
    const user = await this.identity.activeAccount(r.recipientUserId);
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
      openid: user.openid,
      data: {
        thing1: thing(titles[r.kind]),
        thing2: thing(other?.name ?? ''),
        time3: r.kind === 'invitation_replied' && inv.repliedAt ? shanghaiDate(inv.repliedAt) : (due ?? shanghaiDate(inv.sentAt)),
        thing4: thing(hints[r.kind]),
      },
    };
  }
}
