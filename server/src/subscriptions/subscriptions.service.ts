// The one-time subscribe messages each user has accepted, per template: raised by what the mini-program reports
// after WeChat's dialog, spent one per message sent. Nothing is sent to a user without one left.
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  SUBSCRIBE_ANSWERS,
  SUBSCRIPTION_KINDS,
  SUBSCRIPTION_KINDS_BY_ROLE,
  SUBSCRIPTION_LABELS,
  SUBSCRIPTION_QUOTA_MAX,
  type SubscriptionKind,
  type SubscriptionStatus,
} from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { invalid } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';
import { SubscribeMessageEntity } from './subscribe-message.entity.js';
import { SubscriptionQuotaEntity } from './subscription.entity.js';
import type { ReportSubscriptionsDto } from './subscriptions.dto.js';

@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectRepository(SubscriptionQuotaEntity) private readonly quotas: Repository<SubscriptionQuotaEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The template id configured for a kind (WECHAT_TEMPLATE_IDS), or the kind's own name in development and tests. */
  templateId(kind: SubscriptionKind): string {
    return this.config.wechat.templateIds[kind] || kind;
  }

  async status(auth: AuthContext): Promise<SubscriptionStatus> {
    const kinds = SUBSCRIPTION_KINDS_BY_ROLE[auth.role];
    const rows = await this.quotas.findBy({ userId: auth.userId });
    return {
      quotas: kinds.map((kind) => ({
        kind,
        templateId: this.templateId(kind),
        label: SUBSCRIPTION_LABELS[kind],
        remaining: rows.find((r) => r.kind === kind)?.remaining ?? 0,
      })),
    };
  }

  /** Counts each accepted template; a template the caller was not asked for, or an answer WeChat never gives, is refused. */
  async report(auth: AuthContext, dto: ReportSubscriptionsDto): Promise<SubscriptionStatus> {
    const kinds = SUBSCRIPTION_KINDS_BY_ROLE[auth.role];
    const entries = Object.entries(dto.results);
    if (!entries.length || entries.length > 3) throw invalid('results', '订阅结果 results 应有 1 到 3 个模板');
    const accepted: SubscriptionKind[] = [];
    for (const [templateId, answer] of entries) {
      const kind = kinds.find((k) => this.templateId(k) === templateId);
      if (!kind) throw invalid(`results.${templateId}`, `订阅结果 results 中的模板 ${templateId.slice(0, 40)} 不是给你的订阅消息`);
      if (!(SUBSCRIBE_ANSWERS as readonly unknown[]).includes(answer)) {
        throw invalid(`results.${templateId}`, '订阅结果应为 accept、reject、ban 或 filter');
      }
      if (answer === 'accept') accepted.push(kind);
    }
    for (const kind of [...new Set(accepted)].sort()) await this.add(auth.userId, kind, accepted.filter((k) => k === kind).length);
    return this.status(auth);
  }

  /**
   * Raises one quota, in two transactions of one statement each: in one transaction, MariaDB's INSERT IGNORE of a
   * row already there holds a shared lock on it until commit, and two reports of the same user each holding one and
   * both then asking for the row's write lock is a deadlock.
   */
  private async add(userId: string, kind: SubscriptionKind, n: number): Promise<void> {
    await this.tx.run((em) =>
      em.createQueryBuilder().insert().into(SubscriptionQuotaEntity).values({ userId, kind, remaining: 0 }).orIgnore().execute(),
    );
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(SubscriptionQuotaEntity)
        .set({
          remaining: () =>
            `CASE WHEN remaining + ${n} > ${SUBSCRIPTION_QUOTA_MAX} THEN ${SUBSCRIPTION_QUOTA_MAX} ELSE remaining + ${n} END`,
        })
        .where('userId = :userId AND kind = :kind', { userId, kind })
        .execute(),
    );
  }

  /** Spends one acceptance for a message about to be sent; false when none is left (nothing may be sent). */
  async consume(userId: string, kind: SubscriptionKind): Promise<boolean> {
    return this.tx.run(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(SubscriptionQuotaEntity)
        .set({ remaining: () => 'remaining - 1' })
        .where('userId = :userId AND kind = :kind AND remaining > 0', { userId, kind })
        .execute();
      return Boolean(res.affected);
    });
  }

  /** Gives back an acceptance spent on a message WeChat did not take for a passing reason (to be tried again). */
  async refund(userId: string, kind: SubscriptionKind): Promise<void> {
    await this.add(userId, kind, 1);
  }

  /** WeChat said no acceptance is left (43101): the count here was wrong, it is now none. */
  async exhaust(userId: string, kind: SubscriptionKind): Promise<void> {
    await this.tx.run((em) => em.update(SubscriptionQuotaEntity, { userId, kind }, { remaining: 0 }));
  }

  /** The accounts with an acceptance of this template left: the only ones a message of it may go to. */
  async holders(kind: SubscriptionKind, em?: EntityManager): Promise<string[]> {
    const rows = await (em?.getRepository(SubscriptionQuotaEntity) ?? this.quotas)
      .createQueryBuilder('q')
      .select('q.userId', 'userId')
      .where('q.kind = :kind AND q.remaining > 0', { kind })
      .getRawMany<{ userId: string }>();
    return rows.map((r) => r.userId);
  }

  /** For the export of a person's data. */
  async of(userId: string): Promise<{ kind: SubscriptionKind; remaining: number }[]> {
    const rows = await this.quotas.findBy({ userId });
    return SUBSCRIPTION_KINDS.flatMap((kind) => rows.filter((r) => r.kind === kind).map((r) => ({ kind, remaining: r.remaining })));
  }

  /**
   * Part of deleting an account, inside its transaction: its acceptances, and every message queued for it, by account
   * or by ballot pseudonym (a message about a consultation under the person's key would still say they took part).
   */
  async forget(em: EntityManager, userId: string, voterKey?: string): Promise<void> {
    await em.delete(SubscriptionQuotaEntity, { userId });
    await em.delete(SubscribeMessageEntity, { recipient: userId });
    if (voterKey) await em.delete(SubscribeMessageEntity, { recipient: voterKey });
  }

  /** Moves messages queued under one ballot pseudonym to another (ballots re-keyed on the person), in the caller's transaction. */
  async rekeyMessages(em: EntityManager, from: string, to: string): Promise<void> {
    await em.update(SubscribeMessageEntity, { recipient: from }, { recipient: to });
  }
}
