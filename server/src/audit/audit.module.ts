import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller.js';
import { AuditLogEntity } from './audit.entity.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { AuditService } from './audit.service.js';

/** The audit trail: every write of the other capabilities records itself here, in the write's own transaction. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditLogEntity]), ModerationModule],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
