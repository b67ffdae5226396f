import { Module } from '@nestjs/common';
import { BallotBatcher } from './ballot-batcher.js';
import { ConsultationsController } from './consultations.controller.js';
import { ConsultationsExport } from './consultations.export.js';
import { ConsultationsService } from './consultations.service.js';

@Module({
  controllers: [ConsultationsController],
  providers: [BallotBatcher, ConsultationsService, ConsultationsExport],
  exports: [ConsultationsService],
})
export class ConsultationsModule {}
