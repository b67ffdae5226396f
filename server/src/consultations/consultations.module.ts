import { Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { IntervalSweep } from '../common/interval-sweep.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModerationModule } from '../moderation/moderation.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { RollModule } from '../roll/roll.module.js';
import { BallotBatcher } from './ballot-batcher.js';
import { BallotEntity, ConsultationEntity, ConsultationTopicEntity } from './consultation.entity.js';
import { ConsultationsController } from './consultations.controller.js';
import { ConsultationsExport } from './consultations.export.js';
import { ConsultationsPoster } from './consultations.poster.js';
import { WxaCode } from '../wechat/wxacode.js';
import { ConsultationsService } from './consultations.service.js';
import { SuggestionMergeEntity } from './suggestion.entity.js';
import { SuggestionsController } from './suggestions.controller.js';
import { SuggestionsExport } from './suggestions.export.js';
import { SuggestionsService } from './suggestions.service.js';
import { ResultSnapshotEntity } from './result-snapshot.entity.js';
import { ResultsPublisher } from './results-publication.js';
import { ProgressNotices } from './progress-notices.js';

/** Topic consultations (意见征集): their questions, the workers' ballots and the results. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConsultationEntity, ConsultationTopicEntity, BallotEntity, SuggestionMergeEntity, ResultSnapshotEntity]),
    AuditModule,
    RegionsModule,
    IdentityModule,
    RollModule,
    ModerationModule,
    SubscriptionsModule,
  ],
  controllers: [ConsultationsController, SuggestionsController],
  providers: [
    BallotBatcher,
    ResultsPublisher,
    ProgressNotices,
    ConsultationsService,
    ConsultationsExport,
    ConsultationsPoster,
    WxaCode,
    SuggestionsService,
    SuggestionsExport,
  ],
  exports: [ConsultationsService, ProgressNotices],
})
export class ConsultationsModule implements OnApplicationBootstrap, OnModuleDestroy {
  /** Final results are published on the sweep's interval once a consultation closes on its own. */
  private readonly sweep = new IntervalSweep('ResultsSweep', 'results sweep failed', () => this.consultations.publishClosed());

  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep.start(this.config.sweepIntervalSeconds);
  }

  onModuleDestroy(): void {
    this.sweep.stop();
  }
}
