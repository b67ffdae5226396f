import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModerationModule } from '../moderation/moderation.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { ContractsModule } from '../contracts/contracts.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { RollModule } from '../roll/roll.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { CongressDocumentsService } from './congress-documents.service.js';
import { CongressController } from './congress.controller.js';
import { CONGRESS_ENTITIES } from './congress.entity.js';
import { CongressService } from './congress.service.js';
import { DraftsService } from './drafts.service.js';
import { Electorate } from './electorate.js';

/** Drafts from a session's agreed outcome, the workers' congress that adopts one, and the papers for the filing. */
@Module({
  imports: [
    TypeOrmModule.forFeature(CONGRESS_ENTITIES),
    AuditModule,
    IdentityModule,
    RegionsModule,
    RollModule,
    InvitationsModule,
    ConsultationsModule,
    SessionsModule,
    ContractsModule,
    ModerationModule,
  ],
  controllers: [CongressController],
  providers: [DraftsService, CongressService, CongressDocumentsService, Electorate],
  exports: [DraftsService, CongressService],
})
export class CongressModule {}
