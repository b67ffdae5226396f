import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { attachmentStoreProvider } from './attachment-store.js';
import { ContractsController } from './contracts.controller.js';
import { ContractsService } from './contracts.service.js';

@Module({
  imports: [
    // Uploads stay in memory (at most UPLOAD_MAX_BYTES, one file) until their first bytes are checked.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10 } }),
    }),
  ],
  controllers: [ContractsController],
  providers: [ContractsService, attachmentStoreProvider],
  exports: [ContractsService],
})
export class ContractsModule {}
