// 协商有进展时通知我: the subscribe message a worker asks for after a ballot, sent when the results of a consultation
// they took part in are published and when minutes or an outcome are published to its workers.
//
// Who took part is known only through the ballots' keyed pseudonym (common/pseudonym.ts): the ballots hold the
// voter key, never the account. The queued messages hold that same key, never the account either, so the outbox adds
// no list of who voted to the database: a copy of it says no more than the ballots already do. The key is matched to
// an account only among the workers who hold an acceptance of the template, when the message is queued (to queue
// none for those without) and again when it is delivered. Every participant gets the same words at the same time;
// nothing in a message depends on what anyone chose.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { In } from 'typeorm';
import { shanghaiDate } from '../common/clock.js';
import { ballotKey } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IdentityService } from '../identity/identity.service.js';
import type { User } from '../identity/user.entity.js';
import type { SubscribeMessageEntity } from '../subscriptions/subscribe-message.entity.js';
import { type SubscribeMessage, SubscribeOutbox, thing } from '../subscriptions/subscribe-outbox.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import { BallotEntity, ConsultationEntity } from './consultation.entity.js';

const TEMPLATE = 'negotiation_progress' as const;
const RESULT_PAGE = 'pages/result/index';

/** What a progress message says: the news, what it is about, when, and the page it opens. */
export interface ProgressNews {
  headline: string;
  about: string;
  at: Date;
  page: string;
  hint: string;
}

/** Reads the news of a queued message when it is delivered; null when it no longer serves, 'later' while held. */
export type ProgressDescriber = (subjectId: string) => Promise<ProgressNews | null | 'later'>;

@Injectable()
export class ProgressNotices implements OnModuleInit {
  private readonly describers = new Map<string, ProgressDescriber>();

  constructor(
    @InjectRepository(ConsultationEntity) private readonly consultations: Repository<ConsultationEntity>,
    @Inject(SubscribeOutbox) private readonly outbox: SubscribeOutbox,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.outbox.register(['consultation_results'], (row, _now, batch) => this.compose(row, batch));
  }

  /** A capability with news of its own for a consultation's workers (sessions: minutes, outcomes) says how to tell it. */
  register(kind: string, describe: ProgressDescriber): void {
    this.describers.set(kind, describe);
    this.outbox.register([kind], (row, _now, batch) => this.compose(row, batch));
  }

  /** Voter key → account, for the workers who hold an acceptance of the template now. */
  private async consenting(em?: EntityManager): Promise<Map<string, User>> {
    const accounts = await this.identity.activeWorkers(await this.subscriptions.holders(TEMPLATE, em), em);
    const byKey = new Map<string, User>();
    for (const u of accounts) if (u.openid) byKey.set(ballotKey(this.config.ballotSecret, { userId: u.id, person: u.person }), u);
    return byKey;
  }

  /**
   * Queues the news for everyone who took part in the consultation and holds an acceptance, inside the caller's
   * transaction (one message per person and news, however often it is queued). Returns how many were queued.
   */
  async enqueue(em: EntityManager, kind: string, subjectId: string, consultationId: string, at: Date): Promise<number> {
    const keys = [...(await this.consenting(em)).keys()];
    const took: string[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await em.getRepository(BallotEntity).find({
        select: { voterKey: true },
        where: { consultationId, voterKey: In(keys.slice(i, i + 500)) },
      });
      took.push(...rows.map((r) => r.voterKey));
    }
    await this.outbox.enqueue(em, kind, subjectId, took, at);
    return took.length;
  }

  kick(): void {
    this.outbox.kick();
  }

  private async compose(
    row: SubscribeMessageEntity,
    batch: Map<string, unknown>,
  ): Promise<SubscribeMessage | null | 'no_consent' | 'later'> {
    const news =
      row.kind === 'consultation_results' ? await this.resultsNews(row.subjectId) : await this.describers.get(row.kind)?.(row.subjectId);
    if (!news || news === 'later') return news ?? null;
    let byKey = batch.get('progress:consenting') as Map<string, User> | undefined;
    if (!byKey) {
      byKey = await this.consenting();
      batch.set('progress:consenting', byKey);
    }
    const user = byKey.get(row.recipient);
    if (!user?.openid) return 'no_consent';
    return {
      userId: user.id,
      openid: user.openid,
      template: TEMPLATE,
      page: news.page,
      data: {
        thing1: thing(news.headline),
        thing2: thing(news.about),
        time3: shanghaiDate(news.at),
        thing4: thing(news.hint),
      },
    };
  }

  /** The results of a consultation, once its final snapshot shows them. */
  private async resultsNews(consultationId: string): Promise<ProgressNews | null> {
    const c = await this.consultations.findOneBy({ id: consultationId });
    if (!c) return null;
    return {
      headline: '意见征集结果已公布',
      about: c.title,
      at: c.closesAt,
      page: `${RESULT_PAGE}?id=${c.id}`,
      hint: '点击查看结果和协商进展',
    };
  }
}
