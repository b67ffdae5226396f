import { Module } from '@nestjs/common';
import { MultipartModule } from '@nestjs/platform-fastify/multipart';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { attachmentStoreProvider } from './attachment-store.js';
import { ContractAttachmentEntity, ContractEntity, ContractPartyEntity } from './contract.entity.js';
import { ContractsController } from './contracts.controller.js';
import { ContractsService } from './contracts.service.js';

/** Collective contracts: the signed record, its parties and attachments, the legal review clock. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ContractEntity, ContractPartyEntity, ContractAttachmentEntity]),
    AuditModule,
    RegionsModule,
    InvitationsModule,
    // Uploads stay in memory (at most UPLOAD_MAX_BYTES, one file) until their first bytes are checked.
    MultipartModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10 } }),
    }),
  ],
  controllers: [ContractsController],
  providers: [ContractsService, attachmentStoreProvider],
  exports: [ContractsService],
})
export class ContractsModule {}
