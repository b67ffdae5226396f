import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { ContractsModule } from '../contracts/contracts.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { FeedbackEntity, PublicationEntity, SessionEntity } from './session.entity.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';

/** Negotiation sessions on an accepted invitation, their publication to the workers concerned, and their feedback. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SessionEntity, PublicationEntity, FeedbackEntity]),
    AuditModule,
    RegionsModule,
    InvitationsModule,
    ConsultationsModule,
    ContractsModule,
    ModerationModule,
  ],
  controllers: [SessionsController],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
