// WeChat notices to a region's organizers when a petition reaches its share, through the one subscribe-message
// outbox: rows written in the transaction that stores the obligation, delivered after commit and by every sweep,
// retried with back-off; a failed send never touches the petition.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { INDUSTRY_LABELS, PETITION_PAGE } from '@xst/shared-types';
import type { EntityManager, Repository } from 'typeorm';
import { shanghaiDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IdentityService } from '../identity/identity.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin } from '../regions/region-codes.js';
import type { SubscribeMessageEntity } from '../subscriptions/subscribe-message.entity.js';
import { type SubscribeMessage, SubscribeOutbox, thing } from '../subscriptions/subscribe-outbox.js';
import { PetitionEntity } from './petition.entity.js';

const KIND = 'petition_reached' as const;

@Injectable()
export class PetitionNoticesService implements OnModuleInit {
  constructor(
    @InjectRepository(PetitionEntity) private readonly petitions: Repository<PetitionEntity>,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(SubscribeOutbox) private readonly outbox: SubscribeOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.outbox.register([KIND], (row) => this.compose(row));
  }

  /** Queues one notice per organizer inside the caller's transaction. */
  enqueue(em: EntityManager, petitionId: string, recipients: string[], at: Date): Promise<void> {
    return this.outbox.enqueue(em, KIND, petitionId, recipients, at);
  }

  kick(): void {
    this.outbox.kick();
  }

  settled(): Promise<void> {
    return this.outbox.settled();
  }

  deliverDue(): Promise<number> {
    return this.outbox.deliverDue();
  }

  /** The message, or null when it no longer serves (answered already, the account gone or moved away). */
  private async compose(n: SubscribeMessageEntity): Promise<SubscribeMessage | null> {
    const p = await this.petitions.findOneBy({ id: n.subjectId });
    if (!p?.dueAt || p.answeredAt) return null;
    const user = await this.identity.activeAccount(n.recipient);
    if (!user?.openid || user.role !== 'organizer' || !isWithin(p.regionCode, user.regionCode)) return null;
    const employer = await this.organizations.byId(p.organizationId);
    const due = shanghaiDate(p.dueAt);
    return {
      userId: user.id,
      openid: user.openid,
      template: KIND,
      page: `${PETITION_PAGE}?id=${p.id}`,
      data: {
        thing1: thing(`${INDUSTRY_LABELS[p.industry] ?? ''}联署达到${this.config.petition.sharePercent}%`),
        thing2: thing(employer?.name ?? ''),
        time3: due,
        thing4: thing(`请在${due}前发出要约`),
      },
    };
  }
}
