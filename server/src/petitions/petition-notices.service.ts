// WeChat notices to a region's organizers when a petition reaches its share, through an outbox as invitation
// reminders are: rows written in the transaction that stores the obligation, delivered after commit and by every
// sweep, retried with the same back-off; a failed send never touches the petition.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { INDUSTRY_LABELS, PETITION_PAGE } from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import { Clock, shanghaiDate } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';
import { IdentityService } from '../identity/identity.service.js';
import { REMINDER_MAX_ATTEMPTS, retryDelayMs } from '../invitations/invitation-reminders.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin } from '../regions/region-codes.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import { WechatClient, WechatSendError } from '../wechat/wechat.client.js';
import { PetitionEntity, PetitionNoticeEntity } from './petition.entity.js';

const CLAIM_MS = 60_000;
/** WeChat's errcode for a send the user has not (or no longer) accepted. */
const NO_CONSENT = 43101;
const TEMPLATE = 'petition_reached' as const;
const BATCH = 200;
const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

@Injectable()
export class PetitionNoticesService {
  private readonly logger = new Logger('PetitionNotices');
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectRepository(PetitionNoticeEntity) private readonly notices: Repository<PetitionNoticeEntity>,
    @InjectRepository(PetitionEntity) private readonly petitions: Repository<PetitionEntity>,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues one notice per organizer inside the caller's transaction. */
  async enqueue(em: EntityManager, petitionId: string, recipients: string[], at: Date): Promise<void> {
    if (!recipients.length) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(PetitionNoticeEntity)
      .values(
        recipients.map((recipientUserId) => ({
          id: newId(),
          kind: 'petition_reached' as const,
          petitionId,
          recipientUserId,
          state: 'pending' as const,
          nextAttemptAt: at,
          claimedUntil: null,
          sentAt: null,
          attempts: 0,
          lastError: null,
        })),
      )
      .orIgnore()
      .execute();
  }

  kick(): void {
    const p: Promise<unknown> = this.deliverDue()
      .catch((e) => this.logger.error({ err: e }, 'petition notice delivery failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.notices
      .createQueryBuilder('n')
      .select('n.id', 'id')
      .where("n.state = 'pending' AND n.nextAttemptAt <= :now", { now })
      .andWhere('(n.claimedUntil IS NULL OR n.claimedUntil < :now)', { now })
      .orderBy('n.nextAttemptAt', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: string }>();
    let delivered = 0;
    for (const { id } of due) if (await this.deliverOne(id)) delivered++;
    return delivered;
  }

  private async claim(id: string): Promise<boolean> {
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(PetitionNoticeEntity)
        .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
        .where("id = :id AND state = 'pending' AND nextAttemptAt <= :now", { id, now })
        .andWhere('(claimedUntil IS NULL OR claimedUntil < :now)', { now })
        .execute();
      return Boolean(res.affected);
    });
  }

  private async finish(id: string, set: Partial<PetitionNoticeEntity>): Promise<void> {
    await this.tx.run((em) => em.update(PetitionNoticeEntity, { id }, { ...set, claimedUntil: null }));
  }

  private async deliverOne(id: string): Promise<boolean> {
    if (!(await this.claim(id))) return false;
    const n = await this.notices.findOneByOrFail({ id });
    const message = await this.compose(n);
    if (!message) {
      await this.finish(id, { state: 'skipped' });
      return false;
    }
    const attempts = n.attempts + 1;
    // One acceptance of the template is spent on this message; with none left nothing is sent, and it is not retried.
    if (!(await this.subscriptions.consume(n.recipientUserId, TEMPLATE))) {
      await this.finish(id, { state: 'no_consent', attempts, lastError: `no acceptance of ${TEMPLATE} left` });
      return false;
    }
    try {
      const templateId = this.subscriptions.templateId(TEMPLATE);
      await this.wechat.sendSubscribeMessage(message.openid, templateId, `${PETITION_PAGE}?id=${n.petitionId}`, message.data);
      await this.finish(id, { state: 'sent', sentAt: this.clock.now(), attempts, lastError: null });
      return true;
    } catch (e) {
      const error = String((e as Error).message ?? e).slice(0, 300);
      if (e instanceof WechatSendError && e.errcode === NO_CONSENT) {
        await this.subscriptions.exhaust(n.recipientUserId, TEMPLATE);
        await this.finish(id, { state: 'no_consent', attempts, lastError: error });
        return false;
      }
      // A passing failure: the acceptance is given back for the retry.
      await this.subscriptions.refund(n.recipientUserId, TEMPLATE);
      const gaveUp = attempts >= REMINDER_MAX_ATTEMPTS;
      this.logger.warn(`notice of petition ${n.petitionId} not sent (attempt ${attempts}${gaveUp ? ', giving up' : ''}): ${error}`);
      await this.finish(id, {
        state: gaveUp ? 'failed' : 'pending',
        attempts,
        lastError: error,
        nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(attempts)),
      });
      return false;
    }
  }

  /** The message, or null when it no longer serves (answered already, the account gone or moved away). */
  private async compose(n: PetitionNoticeEntity): Promise<{ openid: string; data: Record<string, string> } | null> {
    const p = await this.petitions.findOneBy({ id: n.petitionId });
    if (!p?.dueAt || p.answeredAt) return null;
    const user = await this.identity.activeAccount(n.recipientUserId);
    if (!user?.openid || user.role !== 'organizer' || !isWithin(p.regionCode, user.regionCode)) return null;
    const employer = await this.organizations.byId(p.organizationId);
    const due = shanghaiDate(p.dueAt);
    return {
      openid: user.openid,
      data: {
        thing1: thing(`${INDUSTRY_LABELS[p.industry] ?? ''}联署达到${this.config.petition.sharePercent}%`),
        thing2: thing(employer?.name ?? ''),
        time3: due,
        thing4: thing(`请在${due}前发出要约`),
      },
    };
  }
}
