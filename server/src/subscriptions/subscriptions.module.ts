import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SubscribeMessageEntity } from './subscribe-message.entity.js';
import { SubscribeOutbox } from './subscribe-outbox.js';
import { SubscriptionQuotaEntity } from './subscription.entity.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Consent to WeChat subscribe messages, counted per user and template, and the outbox every message goes through. */
@Module({
  imports: [TypeOrmModule.forFeature([SubscriptionQuotaEntity, SubscribeMessageEntity])],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsService, SubscribeOutbox],
  exports: [SubscriptionsService, SubscribeOutbox],
})
export class SubscriptionsModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SubscribeMessages');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(SubscribeOutbox) private readonly outbox: SubscribeOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Messages not delivered at once (WeChat down) are retried on the sweep's interval (SWEEP_INTERVAL_SECONDS, 0 = off). */
  onApplicationBootstrap(): void {
    const seconds = this.config.sweepIntervalSeconds;
    if (!seconds) return;
    this.timer = setInterval(() => {
      this.outbox.deliverDue().catch((e) => this.logger.error({ err: e }, 'subscribe message sweep failed'));
    }, seconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.outbox.settled();
  }
}
