import { Module } from '@nestjs/common';
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

/** Topic consultations (意见征集): their questions, the workers' ballots and the results. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConsultationEntity, ConsultationTopicEntity, BallotEntity, SuggestionMergeEntity, ResultSnapshotEntity]),
    AuditModule,
    RegionsModule,
    IdentityModule,
    RollModule,
    ModerationModule,
  ],
  controllers: [ConsultationsController, SuggestionsController],
  providers: [
    BallotBatcher,
    ResultsPublisher,
    ConsultationsService,
    ConsultationsExport,
    ConsultationsPoster,
    WxaCode,
    SuggestionsService,
    SuggestionsExport,
  ],
  exports: [ConsultationsService],
})
export class ConsultationsModule {}
