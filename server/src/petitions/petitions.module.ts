import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IdentityModule } from '../identity/identity.module.js';
import { RollModule } from '../roll/roll.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { PetitionNoticesService } from './petition-notices.service.js';
import { PetitionRoll } from './petition-roll.js';
import { PETITION_ENTITIES } from './petition.entity.js';
import { PetitionsController } from './petitions.controller.js';
import { PetitionsService } from './petitions.service.js';

/** Workers' petitions (职工联署要约): co-signing, the obligation and its clock, the invitation sent from one. */
@Module({
  imports: [
    TypeOrmModule.forFeature([...PETITION_ENTITIES]),
    RegionsModule,
    IdentityModule,
    InvitationsModule,
    RollModule,
    SubscriptionsModule,
  ],
  controllers: [PetitionsController],
  providers: [PetitionsService, PetitionNoticesService, PetitionRoll],
  exports: [PetitionsService],
})
export class PetitionsModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PetitionNotices');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(PetitionNoticesService) private readonly notices: PetitionNoticesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Notices not delivered at once (WeChat down) are retried on the sweep's interval. */
  onApplicationBootstrap(): void {
    const seconds = this.config.sweepIntervalSeconds;
    if (!seconds) return;
    this.timer = setInterval(() => {
      this.notices.deliverDue().catch((e) => this.logger.error({ err: e }, 'petition notice sweep failed'));
    }, seconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.notices.settled();
  }
}
