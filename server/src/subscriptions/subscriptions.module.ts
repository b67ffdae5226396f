import { Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntervalSweep } from '../common/interval-sweep.js';
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
  /** Messages not delivered at once (WeChat down) are retried on the sweep's interval. */
  private readonly sweep = new IntervalSweep('SubscribeMessages', 'subscribe message sweep failed', () => this.outbox.deliverDue());

  constructor(
    @Inject(SubscribeOutbox) private readonly outbox: SubscribeOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep.start(this.config.sweepIntervalSeconds);
  }

  async onModuleDestroy(): Promise<void> {
    this.sweep.stop();
    await this.outbox.settled();
  }
}
