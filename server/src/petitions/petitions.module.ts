import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
export class PetitionsModule implements OnModuleDestroy {
  constructor(@Inject(PetitionNoticesService) private readonly notices: PetitionNoticesService) {}

  /** Notices not delivered at once are retried by the subscribe-message outbox's sweep. */
  async onModuleDestroy(): Promise<void> {
    await this.notices.settled();
  }
}
