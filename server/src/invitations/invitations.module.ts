import { Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { IntervalSweep } from '../common/interval-sweep.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { INVITATION_ENTITIES } from './invitation.entity.js';
import { InvitationRemindersService } from './invitation-reminders.service.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsService } from './invitations.service.js';

/** Invitations and replies, the reply clock's sweep and its WeChat reminders. */
@Module({
  imports: [
    TypeOrmModule.forFeature([...INVITATION_ENTITIES]),
    AuditModule,
    RegionsModule,
    IdentityModule,
    ConsultationsModule,
    SubscriptionsModule,
    ModerationModule,
  ],
  controllers: [InvitationsController],
  providers: [InvitationsService, InvitationRemindersService],
  exports: [InvitationsService],
})
export class InvitationsModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly sweep = new IntervalSweep('InvitationSweep', 'invitation sweep failed', () => this.invitations.sweep());

  constructor(
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(InvitationRemindersService) private readonly reminders: InvitationRemindersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The sweep runs on every instance (SWEEP_INTERVAL_SECONDS, 0 = off); its writes are safe to race. */
  onApplicationBootstrap(): void {
    this.sweep.start(this.config.sweepIntervalSeconds);
  }

  async onModuleDestroy(): Promise<void> {
    this.sweep.stop();
    await this.reminders.settled();
  }
}
