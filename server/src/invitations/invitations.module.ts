import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
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
  private readonly logger = new Logger('InvitationSweep');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(InvitationRemindersService) private readonly reminders: InvitationRemindersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The sweep runs on every instance (SWEEP_INTERVAL_SECONDS, 0 = off); its writes are safe to race. */
  onApplicationBootstrap(): void {
    const seconds = this.config.sweepIntervalSeconds;
    if (!seconds) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.invitations.sweep();
    } catch (e) {
      this.logger.error({ err: e }, 'invitation sweep failed');
    } finally {
      this.running = false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.reminders.settled();
  }
}
