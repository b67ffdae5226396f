// One outbox for every WeChat subscribe message. A capability queues rows in the transaction of the change the
// message tells of, and registers a composer that turns a row into the message when it is delivered (or says it no
// longer serves). Delivery runs after commit and on every sweep, on every instance at once: a row is leased before it
// is sent, so two instances never send it twice; an acceptance of the template is spent per message and nothing is
// sent without one; WeChat's 43101 (no acceptance) is recorded as no_consent and never retried; a passing failure
// gives the acceptance back and is retried with back-off, up to MAX_ATTEMPTS.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { SubscriptionKind } from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { Transactions } from '../database/transactions.js';
import { WechatClient, WechatSendError } from '../wechat/wechat.client.js';
import { SubscribeMessageEntity } from './subscribe-message.entity.js';
import { SubscriptionsService } from './subscriptions.service.js';

export const MAX_ATTEMPTS = 8;
/** WeChat's errcode for a send the user has not (or no longer) accepted. */
const NO_CONSENT = 43101;
/** How long one instance holds a message it is delivering before another may try it. */
const CLAIM_MS = 60_000;
const BATCH = 200;

/** 1 min, 2, 4 … capped at 6 hours. */
export const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);

/** WeChat caps a `thing` value at 20 characters. */
export const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

/** A message ready to send: to whom (the account whose acceptance it spends), with which template, opening which page. */
export interface SubscribeMessage {
  userId: string;
  openid: string;
  template: SubscriptionKind;
  page: string;
  data: Record<string, string>;
}

/** How long a message whose news is not out yet (held for review) waits before it is looked at again. */
export const LATER_MS = 10 * 60_000;

/**
 * Turns a queued row into its message: null when it no longer serves (skipped), 'no_consent' when the recipient is
 * known to hold no acceptance, 'later' when the news is not out yet (its text held for review: looked at again in
 * LATER_MS, no attempt counted). `batch` lives for one delivery run, for what a composer looks up once per run.
 */
export type SubscribeComposer = (
  row: SubscribeMessageEntity,
  now: Date,
  batch: Map<string, unknown>,
) => Promise<SubscribeMessage | null | 'no_consent' | 'later'>;

@Injectable()
export class SubscribeOutbox {
  private readonly logger = new Logger('SubscribeMessages');
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly composers = new Map<string, SubscribeComposer>();

  constructor(
    @InjectRepository(SubscribeMessageEntity) private readonly messages: Repository<SubscribeMessageEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Called by each capability at start for the kinds of message it queues. */
  register(kinds: readonly string[], composer: SubscribeComposer): void {
    for (const kind of kinds) this.composers.set(kind, composer);
  }

  /** Queues one message per recipient inside the caller's transaction; one already queued is left as it is. */
  async enqueue(em: EntityManager, kind: string, subjectId: string, recipients: readonly string[], dueAt: Date): Promise<void> {
    const unique = [...new Set(recipients)];
    for (let i = 0; i < unique.length; i += 200) {
      await em
        .createQueryBuilder()
        .insert()
        .into(SubscribeMessageEntity)
        .values(
          unique.slice(i, i + 200).map((recipient) => ({
            id: newId(),
            kind,
            subjectId,
            recipient,
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
  }

  /** Moves the time of messages not yet tried, inside the caller's transaction. */
  async reschedule(em: EntityManager, kind: string, subjectId: string, dueAt: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(SubscribeMessageEntity)
      .set({ dueAt, nextAttemptAt: dueAt })
      .where("kind = :kind AND subjectId = :subjectId AND state = 'pending' AND attempts = 0", { kind, subjectId })
      .execute();
  }

  /** Delivers what is due in the background, after the caller's commit; the caller never waits for WeChat. */
  kick(): void {
    const p: Promise<unknown> = this.deliverDue()
      .catch((e) => this.logger.error({ err: e }, 'subscribe message delivery failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Resolves once background deliveries started so far have finished (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Sends every pending message whose time has come; safe when several instances run it at once. */
  async deliverDue(): Promise<number> {
    const kinds = [...this.composers.keys()];
    if (!kinds.length) return 0;
    const now = this.clock.now();
    const due = await this.messages
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where("m.state = 'pending' AND m.nextAttemptAt <= :now", { now })
      .andWhere('(m.claimedUntil IS NULL OR m.claimedUntil < :now)', { now })
      .andWhere('m.kind IN (:...kinds)', { kinds })
      .orderBy('m.nextAttemptAt', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: string }>();
    const batch = new Map<string, unknown>();
    let delivered = 0;
    for (const { id } of due) if (await this.deliverOne(id, batch)) delivered++;
    return delivered;
  }

  private async claim(id: string): Promise<boolean> {
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(SubscribeMessageEntity)
        .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
        .where("id = :id AND state = 'pending' AND nextAttemptAt <= :now", { id, now })
        .andWhere('(claimedUntil IS NULL OR claimedUntil < :now)', { now })
        .execute();
      return Boolean(res.affected);
    });
  }

  private async finish(id: string, set: Partial<SubscribeMessageEntity>): Promise<void> {
    await this.tx.run((em) => em.update(SubscribeMessageEntity, { id }, { ...set, claimedUntil: null }));
  }

  private async deliverOne(id: string, batch: Map<string, unknown>): Promise<boolean> {
    if (!(await this.claim(id))) return false;
    const row = await this.messages.findOneByOrFail({ id });
    const composer = this.composers.get(row.kind);
    const now = this.clock.now();
    const message = composer ? await composer(row, now, batch) : null;
    const attempts = row.attempts + 1;
    if (!message) {
      await this.finish(id, { state: 'skipped' });
      return false;
    }
    if (message === 'later') {
      await this.finish(id, { nextAttemptAt: new Date(now.getTime() + LATER_MS) });
      return false;
    }
    if (message === 'no_consent') {
      await this.finish(id, { state: 'no_consent', attempts, lastError: 'no acceptance left' });
      return false;
    }
    // One acceptance of the template is spent on this message; with none left nothing is sent, and it is not retried.
    if (!(await this.subscriptions.consume(message.userId, message.template))) {
      await this.finish(id, { state: 'no_consent', attempts, lastError: `no acceptance of ${message.template} left` });
      return false;
    }
    // The recipient is left out of every log line: for news of a consultation it is a ballot pseudonym.
    const what = `${row.kind} of ${row.subjectId}`;
    try {
      await this.wechat.sendSubscribeMessage(message.openid, this.subscriptions.templateId(message.template), message.page, message.data);
      await this.finish(id, { state: 'sent', sentAt: this.clock.now(), attempts, lastError: null });
      return true;
    } catch (e) {
      const error = String((e as Error).message ?? e).slice(0, 300);
      if (e instanceof WechatSendError && e.errcode === NO_CONSENT) {
        // WeChat holds no acceptance for this user: a refusal, not a passing failure.
        this.logger.warn(`${what} refused by WeChat: no consent (43101)`);
        await this.subscriptions.exhaust(message.userId, message.template);
        await this.finish(id, { state: 'no_consent', attempts, lastError: error });
        return false;
      }
      // A passing failure: the acceptance is given back for the retry.
      await this.subscriptions.refund(message.userId, message.template);
      const gaveUp = attempts >= MAX_ATTEMPTS;
      this.logger.warn(`${what} not sent (attempt ${attempts}${gaveUp ? ', giving up' : ''}): ${error}`);
      await this.finish(id, {
        state: gaveUp ? 'failed' : 'pending',
        attempts,
        lastError: error,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
      });
      return false;
    }
  }
}
